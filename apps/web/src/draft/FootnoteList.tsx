import type { Footnote } from '@accord/model';

interface FootnoteListProps {
  readonly footnotes: readonly Footnote[];
  /** Opens a footnote for editing; null for readers. */
  readonly onEdit: ((id: string, text: string) => void) | null;
}

/** The footnotes at the foot of the text, numbered in order of citation. */
export function FootnoteList({ footnotes, onEdit }: FootnoteListProps) {
  if (footnotes.length === 0) return null;
  return (
    <section className="footnotes" aria-label="Footnotes">
      <ol>
        {footnotes.map((footnote) => (
          <li key={footnote.id} value={footnote.number} className="footnote" data-footnote-id={footnote.id}>
            <span className="footnote-number" aria-hidden="true">
              {footnote.number}
            </span>
            <span className="footnote-text">{footnote.text}</span>
            {onEdit && (
              <button
                type="button"
                className="link-button"
                aria-label={`Edit footnote ${footnote.number}`}
                onClick={() => onEdit(footnote.id, footnote.text)}
              >
                Edit
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

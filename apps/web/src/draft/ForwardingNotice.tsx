import { formatCouncilTime } from '@accord/model';
import { Link } from 'react-router';
import type { OpenedDocument } from '../api/client';

const documentPath = (id: string) => `/documents/${encodeURIComponent(id)}`;

/**
 * The room's line on where the text went: "This text went forward as the I/A item note 10234/17 on
 * 8 June 2017, 10:00 · Open the note. Changes made here since are not in it." A delegate editing on
 * after that would otherwise change a text that is no longer the one before Coreper. In a note made
 * by forwarding, the line names the text it forwards; in a corrigendum, the text it corrects; in a
 * corrected text, its corrigenda.
 */
export function ForwardingNotice({ opened }: { readonly opened: OpenedDocument }) {
  const { forwardedAs, forwards, corrects, correctedBy } = opened;
  if (forwardedAs.length === 0 && forwards === null && corrects === null && correctedBy.length === 0)
    return null;
  return (
    <section className="forwarding-notice" aria-label="Item notes">
      {forwardedAs.map((note) => (
        <p key={note.id}>
          <strong>
            This text went forward as the I/A item note{note.number === null ? '' : ` ${note.number}`}
          </strong>{' '}
          on {formatCouncilTime(note.at)} · <Link to={documentPath(note.id)}>Open the note</Link>. Changes
          made here since are not in it.
        </p>
      ))}
      {forwards !== null && (
        <p>
          This I/A item note forwards the text agreed
          {forwards.previous === null ? '' : ` in ${forwards.previous}`} ·{' '}
          <Link to={documentPath(forwards.id)}>Open the text</Link>
        </p>
      )}
      {corrects !== null && (
        <p>
          This corrigendum started from the text of {corrects.label} as issued ·{' '}
          <Link to={documentPath(corrects.id)}>Open the corrected text</Link>
        </p>
      )}
      {correctedBy.map((corrigendum) => (
        <p key={corrigendum.id}>
          {corrigendum.label} is corrected by the corrigendum {corrigendum.number}, made on{' '}
          {formatCouncilTime(corrigendum.at)} ·{' '}
          <Link to={documentPath(corrigendum.id)}>Open the corrigendum</Link>
        </p>
      ))}
    </section>
  );
}

import { useEffect, useId, useRef, useState } from 'react';

interface FootnoteDialogProps {
  /** The text to start from; null when the dialog is closed. */
  readonly initialText: string | null;
  readonly title: string;
  /** Makes the edit; the dialog closes after it. */
  readonly onSave: (text: string) => void;
  /** Called once the dialog has closed, however it was (Save, Cancel, Escape): the place to move focus. */
  readonly onClose: () => void;
}

/** A modal dialog to write a footnote's text; the browser's <dialog> keeps focus inside and closes on Escape. */
export function FootnoteDialog({ initialText, title, onSave, onClose }: FootnoteDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const titleId = useId();
  const open = initialText !== null;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setText(initialText ?? '');
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open, initialText]);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onSave(text.trim());
          ref.current?.close();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        <label className="field">
          <span>Footnote text</span>
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} autoFocus />
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={text.trim() === ''}>
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}

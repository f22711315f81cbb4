import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { type ApiFailure, api } from '../api/client';
import { FormError } from '../components/FormError';
import { FOCUS_TEXT_ON_ARRIVAL } from '../draft/focus-text-on-arrival';
import { UPLOAD_ACCEPT } from './upload';

type Source = 'file' | 'blank';

/**
 * Starts a new draft (Presidency, secretariat): imported from a Council document in Word or Markdown,
 * or blank with its register number and subject. Opens the drafting room once the server has made it.
 */
export function NewDocumentForm() {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [source, setSource] = useState<Source>('file');
  const [file, setFile] = useState<File | null>(null);
  const [number, setNumber] = useState('');
  const [title, setTitle] = useState('');
  // While the request runs Create is aria-disabled and ignores presses: a disabled button would drop the
  // focus it holds.
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const sourceChoice = useRef<HTMLFieldSetElement>(null);
  // The button and the form replace each other: focus follows into the form's first choice when it
  // opens and back to the button when it is cancelled, not on the first render.
  const movesFocus = useRef(false);
  useEffect(() => {
    if (!movesFocus.current) return;
    movesFocus.current = false;
    if (open) sourceChoice.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
    else openButton.current?.focus();
  }, [open]);
  const show = (form: boolean) => {
    movesFocus.current = true;
    setOpen(form);
  };

  if (!open) {
    return (
      <button ref={openButton} type="button" className="primary" onClick={() => show(true)}>
        New document…
      </button>
    );
  }
  const ready = source === 'file' ? file !== null : number.trim() !== '' && title.trim() !== '';
  return (
    <form
      className="new-document inline-form"
      aria-label="New document"
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready || busy) return;
        setBusy(true);
        const input = source === 'file' && file ? { file } : { number, title };
        void api.createDocument(input).then((result) => {
          setBusy(false);
          if (!result.ok) {
            setError(result.error);
            return;
          }
          navigate(`/documents/${encodeURIComponent(result.value.id)}`, { state: FOCUS_TEXT_ON_ARRIVAL });
        });
      }}
    >
      <fieldset ref={sourceChoice} className="source-choice">
        <legend>Start from</legend>
        <label>
          <input type="radio" name="source" checked={source === 'file'} onChange={() => setSource('file')} />{' '}
          a Council document (.docx, .md or .html)
        </label>
        <label>
          <input
            type="radio"
            name="source"
            checked={source === 'blank'}
            onChange={() => setSource('blank')}
          />{' '}
          a blank draft
        </label>
      </fieldset>
      {source === 'file' ? (
        <label>
          File{' '}
          <input type="file" accept={UPLOAD_ACCEPT} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
      ) : (
        <>
          <label>
            Number{' '}
            <input
              type="text"
              value={number}
              placeholder="7923/17"
              size={14}
              onChange={(e) => setNumber(e.target.value)}
            />
          </label>
          <label>
            Title <input type="text" value={title} size={40} onChange={(e) => setTitle(e.target.value)} />
          </label>
        </>
      )}
      <button type="button" onClick={() => show(false)}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={!ready} aria-disabled={busy}>
        Create
      </button>
      <FormError error={error} />
    </form>
  );
}

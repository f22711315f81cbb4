import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useRequest } from '../api/use-request';
import { FormError } from '../components/FormError';
import { useFormToggle } from '../components/use-form-toggle';
import { FOCUS_TEXT_ON_ARRIVAL } from '../draft/focus-text-on-arrival';
import { describeLeftOut } from './left-out';
import { UPLOAD_ACCEPT } from './upload';

type Source = 'file' | 'blank';

/**
 * Starts a new draft (Presidency, secretariat): imported from a Council document in Word or Markdown,
 * or blank with its register number and subject. Opens the drafting room once the server has made it,
 * unless the file held what is not taken in (Word comments, images): that is said first.
 */
const checkedChoice = (choices: HTMLFieldSetElement) =>
  choices.querySelector<HTMLInputElement>('input:checked');

export function NewDocumentForm() {
  const navigate = useNavigate();
  const [source, setSource] = useState<Source>('file');
  const [file, setFile] = useState<File | null>(null);
  const [number, setNumber] = useState('');
  const [title, setTitle] = useState('');
  const { busy, error, run } = useRequest();
  // A document made from a file that held Word comments or images: said before the room opens.
  const [created, setCreated] = useState<{ id: string; name: string; leftOut: string } | null>(null);
  // Focus goes to the form's chosen source when it opens, and back to the button when it is cancelled.
  const {
    open,
    show,
    button: openButton,
    field: sourceChoice,
  } = useFormToggle<HTMLFieldSetElement>(checkedChoice);

  const status = created && (
    <p className="created" role="status">
      {created.name} was created. {created.leftOut}{' '}
      <Link to={`/documents/${encodeURIComponent(created.id)}`} state={FOCUS_TEXT_ON_ARRIVAL}>
        Open {created.name}
      </Link>
    </p>
  );
  if (!open) {
    return (
      <>
        <button ref={openButton} type="button" className="primary" onClick={() => show(true)}>
          New document…
        </button>
        {status}
      </>
    );
  }
  const ready = source === 'file' ? file !== null : number.trim() !== '' && title.trim() !== '';
  return (
    <form
      className="new-document inline-form"
      aria-label="New document"
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready) return;
        const input = source === 'file' && file ? { file } : { number, title };
        void run(
          () => api.createDocument(input),
          (document) => {
            const leftOut = describeLeftOut(document.upload?.leftOut);
            if (leftOut === null) {
              navigate(`/documents/${encodeURIComponent(document.id)}`, { state: FOCUS_TEXT_ON_ARRIVAL });
              return;
            }
            setCreated({
              id: document.id,
              name: document.number ?? document.title ?? 'The document',
              leftOut,
            });
            show(false);
          },
        );
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
      <button type="submit" className="primary" disabled={!ready} aria-disabled={busy || undefined}>
        Create
      </button>
      <FormError error={error} />
    </form>
  );
}

import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, type ListedDocument, type NewDocument } from '../api/client';
import { useRequest } from '../api/use-request';
import { FormError } from '../components/FormError';
import { HeaderDateField, useHeaderDate } from '../components/HeaderDateField';
import { useFormToggle } from '../components/use-form-toggle';
import { FOCUS_TEXT_ON_ARRIVAL } from '../draft/focus-text-on-arrival';
import { findCorrectedDocument } from './corrected-document';
import { describeLeftOut } from './left-out';
import { UPLOAD_ACCEPT } from './upload';

type Source = 'file' | 'blank';

const checkedChoice = (choices: HTMLFieldSetElement) =>
  choices.querySelector<HTMLInputElement>('input:checked');

/**
 * Starts a new draft (Presidency, secretariat): imported from a Council document in Word or Markdown,
 * or blank with its register number and subject. A number that corrects a document of the list
 * (`documents`) starts, unless unticked, from that document's text as issued in the revision the
 * number names ("9916/17 COR 1": the original): a corrigendum corrects the text, it is not written again.
 * It is dated the day it is made; the Secretariat may write another date, as for a revision. Opens
 * the drafting room once the server has made it, unless the file held what is not taken in (Word
 * comments, images): that is said first.
 */
export function NewDocumentForm({ documents }: { readonly documents: readonly ListedDocument[] }) {
  const navigate = useNavigate();
  const [source, setSource] = useState<Source>('file');
  const [file, setFile] = useState<File | null>(null);
  const [number, setNumber] = useState('');
  const [title, setTitle] = useState('');
  const [fromCorrected, setFromCorrected] = useState(true);
  // A corrigendum is dated the day it is made, as a revision the day it is issued.
  const headerDate = useHeaderDate();
  const corrected = source === 'blank' ? findCorrectedDocument(number, documents) : null;
  const fromText = corrected !== null && fromCorrected;
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
        <button
          ref={openButton}
          type="button"
          className="primary"
          onClick={() => {
            headerDate.showToday();
            show(true);
          }}
        >
          New document…
        </button>
        {status}
      </>
    );
  }
  const ready = source === 'file' ? file !== null : number.trim() !== '' && (fromText || title.trim() !== '');
  return (
    <form
      className="new-document inline-form"
      aria-label="New document"
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready) return;
        const date = headerDate.given();
        const input: NewDocument =
          source === 'file' && file
            ? { file }
            : fromText
              ? {
                  number,
                  from: corrected.document.id,
                  ...(title.trim() === '' ? {} : { title }),
                  ...(date === null ? {} : { date }),
                }
              : { number, title };
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
          {corrected !== null && (
            <label>
              <input
                type="checkbox"
                checked={fromCorrected}
                onChange={(e) => setFromCorrected(e.target.checked)}
              />{' '}
              Start from the text of {corrected.label} as issued
            </label>
          )}
          {fromText && <HeaderDateField value={headerDate.date} onChange={headerDate.setDate} />}
          <label>
            Title{fromText ? ' (optional)' : ''}{' '}
            <input
              type="text"
              value={title}
              size={40}
              placeholder={fromText ? (corrected.document.title ?? undefined) : undefined}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
        </>
      )}
      <button type="button" onClick={() => show(false)}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={!ready} aria-disabled={busy || undefined}>
        Create
      </button>
      <FormError error={error}>
        {/* A number already here: the document that has it is likely what was meant. */}
        {error?.holder && (
          <>
            {' '}
            <Link to={`/documents/${encodeURIComponent(error.holder.id)}`}>
              Open {error.holder.number ?? 'the document'} “{error.holder.title}”
            </Link>
          </>
        )}
      </FormError>
    </form>
  );
}

import { formatCouncilTime } from '@accord/model';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, type OpenedDocument } from '../api/client';
import { useRequest } from '../api/use-request';
import { FormError } from '../components/FormError';
import { useFormToggle } from '../components/use-form-toggle';
import { FOCUS_TEXT_ON_ARRIVAL } from '../draft/focus-text-on-arrival';

/** "Forwarded as the I/A item note 10234/17 on 8 June 2017, 10:00 · Open the note". */
function Forwardings({ notes }: { readonly notes: OpenedDocument['forwardedAs'] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="forwardings quiet">
      {notes.map((note) => (
        <li key={note.id}>
          Forwarded as the I/A item note{note.number === null ? '' : ` ${note.number}`} on{' '}
          {formatCouncilTime(note.at)} ·{' '}
          <Link to={`/documents/${encodeURIComponent(note.id)}`}>Open the note</Link>
        </li>
      ))}
    </ul>
  );
}

/**
 * Forwards the agreed text to Coreper and the Council as an I/A item note: a new document (the note's
 * header, a cover to complete, the text as its annex), opened in its drafting room once made. The
 * server refuses a text that is not agreed and names the paragraph in the way.
 */
export function ForwardItemNote({
  documentId,
  forwardedAs,
}: {
  readonly documentId: string;
  /** The notes the text already went forward as, so that nobody forwards it twice unawares. */
  readonly forwardedAs: OpenedDocument['forwardedAs'];
}) {
  const navigate = useNavigate();
  const [number, setNumber] = useState('');
  const [date, setDate] = useState('');
  const { busy, error, clearError, run } = useRequest();
  // Focus goes into the note's number when the form opens, and back to the button when it is cancelled.
  const { open, show, button: openButton, field: numberInput } = useFormToggle<HTMLInputElement>();

  if (!open) {
    return (
      <div className="forward-item-note">
        <button ref={openButton} type="button" onClick={() => show(true)}>
          Forward as I/A item note…
        </button>
        <Forwardings notes={forwardedAs} />
      </div>
    );
  }
  return (
    <form
      className="forward-item-note inline-form"
      aria-label="Forward as I/A item note"
      onSubmit={(event) => {
        event.preventDefault();
        void run(
          () => api.forwardAsItemNote(documentId, number.trim(), date.trim() === '' ? null : date.trim()),
          (note) => navigate(`/documents/${encodeURIComponent(note.id)}`, { state: FOCUS_TEXT_ON_ARRIVAL }),
        );
      }}
    >
      <label>
        Number of the note{' '}
        <input
          ref={numberInput}
          type="text"
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          placeholder="9916/17"
          size={14}
          required
        />
      </label>
      <label>
        Date (optional){' '}
        <input
          type="text"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          placeholder="today"
          size={16}
        />
      </label>
      <button
        type="button"
        onClick={() => {
          show(false);
          clearError();
        }}
      >
        Cancel
      </button>
      <button type="submit" className="primary" aria-disabled={busy || undefined}>
        Forward
      </button>
      <p className="quiet form-hint">
        A new document: the Secretariat's header, a cover to complete and, as its annex, the agreed text
        (where numbering starts again, the part after it), with the reservations that stand in footnotes.
      </p>
      <FormError error={error} />
      {/* Here above all: whoever is about to forward the text must see that it already went forward. */}
      <Forwardings notes={forwardedAs} />
    </form>
  );
}

import { useState } from 'react';
import { useNavigate } from 'react-router';
import { type ApiFailure, api } from '../api/client';
import { FormError } from '../components/FormError';

/**
 * Forwards the agreed text to Coreper and the Council as an I/A item note: a new document (the note's
 * header, a cover to complete, the text as its annex), opened in its drafting room once made. The
 * server refuses a text that is not agreed and names the paragraph in the way.
 */
export function ForwardItemNote({ documentId }: { readonly documentId: string }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [number, setNumber] = useState('');
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);

  if (!open) {
    return (
      <div className="forward-item-note">
        <button type="button" onClick={() => setOpen(true)}>
          Forward as I/A item note…
        </button>
      </div>
    );
  }
  return (
    <form
      className="forward-item-note inline-form"
      aria-label="Forward as I/A item note"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void api
          .forwardAsItemNote(documentId, number.trim(), date.trim() === '' ? null : date.trim())
          .then((result) => {
            setBusy(false);
            if (result.ok) navigate(`/documents/${encodeURIComponent(result.value.id)}`);
            else setError(result.error);
          });
      }}
    >
      <label>
        Number of the note{' '}
        <input
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
          setOpen(false);
          setError(null);
        }}
      >
        Cancel
      </button>
      <button type="submit" className="primary" disabled={busy}>
        Forward
      </button>
      <p className="quiet form-hint">
        A new document: the Secretariat's header, a cover to complete and, as its annex, the agreed text
        (where numbering starts again, the part after it), with the reservations that stand in footnotes.
      </p>
      <FormError error={error} />
    </form>
  );
}

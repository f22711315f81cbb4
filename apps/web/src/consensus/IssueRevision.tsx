import { useState } from 'react';
import { Link } from 'react-router';
import { type ApiFailure, api, type Revision } from '../api/client';

/** Freezes the live text as the next revision (REV n), with an optional note for the cover. */
export function IssueRevision({ documentId }: { readonly documentId: string }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<Revision | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);

  if (!open) {
    return (
      <div className="issue-revision">
        {issued && (
          <p role="status" className="issued">
            Issued {issued.label}.{' '}
            <Link to={`/documents/${encodeURIComponent(documentId)}/revisions`}>See the revisions</Link>
          </p>
        )}
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          Issue revision…
        </button>
      </div>
    );
  }
  return (
    <form
      className="issue-revision inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void api.issueRevision(documentId, note.trim() === '' ? null : note.trim()).then((result) => {
          setBusy(false);
          setError(result.ok ? null : result.error);
          if (result.ok) {
            setIssued(result.value);
            setNote('');
            setOpen(false);
          }
        });
      }}
    >
      <label>
        Note for the revision (optional){' '}
        <input type="text" value={note} onChange={(e) => setNote(e.target.value)} size={36} />
      </label>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={busy}>
        Issue revision
      </button>
      {error && (
        <p role="alert" className="form-error">
          {error.message}
        </p>
      )}
    </form>
  );
}

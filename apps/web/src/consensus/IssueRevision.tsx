import { useState } from 'react';
import { Link } from 'react-router';
import { type ApiFailure, api, type IssuedRevision } from '../api/client';
import { FormError } from '../components/FormError';
import { UPLOAD_ACCEPT } from '../documents/upload';

/**
 * Freezes the live text as the next revision (REV n), with an optional note for the cover. With a file
 * (the Presidency's text prepared in Word, or Markdown), that text first becomes the live text: the
 * server matches its paragraphs to the live ones, so positions and comments stay on the paragraphs
 * that are still there.
 */
export function IssueRevision({ documentId }: { readonly documentId: string }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedRevision | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);

  if (!open) {
    return (
      <div className="issue-revision">
        {issued && (
          <p role="status" className="issued">
            Issued {issued.label}
            {issued.upload && (
              <>
                {' '}
                from the file: {issued.upload.matched} paragraphs kept, {issued.upload.added} added,{' '}
                {issued.upload.removed} removed
              </>
            )}
            . <Link to={`/documents/${encodeURIComponent(documentId)}/revisions`}>See the revisions</Link>
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
        void api.issueRevision(documentId, note.trim() === '' ? null : note.trim(), file).then((result) => {
          setBusy(false);
          setError(result.ok ? null : result.error);
          if (result.ok) {
            setIssued(result.value);
            setNote('');
            setFile(null);
            setOpen(false);
          }
        });
      }}
    >
      <label>
        Note for the revision (optional){' '}
        <input type="text" value={note} onChange={(e) => setNote(e.target.value)} size={36} />
      </label>
      <label>
        New text from a file (optional: .docx, .md or .html){' '}
        <input type="file" accept={UPLOAD_ACCEPT} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={busy}>
        Issue revision
      </button>
      <FormError error={error} />
    </form>
  );
}

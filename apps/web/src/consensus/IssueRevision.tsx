import { formatRevisionLabel } from '@accord/model';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type IssuedRevision } from '../api/client';
import { useRequest } from '../api/use-request';
import { FormError } from '../components/FormError';
import { HeaderDateField, useHeaderDate } from '../components/HeaderDateField';
import { useFormToggle } from '../components/use-form-toggle';
import { describeLeftOut } from '../documents/left-out';
import { UPLOAD_ACCEPT } from '../documents/upload';

/**
 * Footnotes that only stated positions ("DE, NL: scrutiny reservation.", as a download with positions
 * writes them) are left out of an uploaded text: the positions are recorded in Accord, not in the text.
 */
function describeDroppedFootnotes(count: number): string {
  return `${count} ${count === 1 ? 'footnote' : 'footnotes'} of positions left out (positions are recorded in Accord, not in the text)`;
}

/**
 * Freezes the live text as the next revision (REV n), with an optional note for the cover. With a file
 * (the Presidency's text prepared in Word, or Markdown), that text first becomes the live text: the
 * server matches its paragraphs to the live ones, so positions and comments stay on the paragraphs
 * that are still there. The revision is dated the day it is issued in Brussels, as the register dates
 * each REV; the form shows that date, and the Secretariat may write another.
 */
export function IssueRevision({
  documentId,
  number,
  latestRev,
}: {
  readonly documentId: string;
  /** The document's register number, as created. */
  readonly number: string | null;
  /** The latest revision issued (0 before the first); null while not known. */
  readonly latestRev: number | null;
}) {
  const [note, setNote] = useState('');
  const headerDate = useHeaderDate();
  const [file, setFile] = useState<File | null>(null);
  const { busy, error, run } = useRequest();
  const [issued, setIssued] = useState<IssuedRevision | null>(null);
  // Focus goes into the form's note when it opens, and back to the button when it closes.
  const { open, show, button: openButton, field: noteInput } = useFormToggle<HTMLInputElement>();

  const leftOut = describeLeftOut(issued?.upload?.leftOut);
  const nextRev = latestRev === null ? null : Math.max(latestRev, issued?.rev ?? 0) + 1;
  const next = nextRev === null ? null : formatRevisionLabel(number, nextRev);
  // The revision asked for, named as the button named it: a colleague may have issued it meanwhile.
  const [asked, setAsked] = useState<string | null>(null);
  const shown =
    error?.code === 'revision-taken'
      ? {
          ...error,
          message: `${asked} has just been issued by someone else: read it before issuing the next.`,
        }
      : error;
  return (
    <div className="issue-revision">
      {/* Always there, so that a screen reader hears the revision issued when the text comes. */}
      <div role="status">
        {issued && (
          <p className="issued">
            Issued {issued.label}
            {issued.upload && (
              <>
                {' '}
                from the file: {issued.upload.matched} paragraphs kept, {issued.upload.added} added,{' '}
                {issued.upload.removed} removed
                {issued.upload.positionFootnotesDropped > 0 && (
                  <>; {describeDroppedFootnotes(issued.upload.positionFootnotesDropped)}</>
                )}
              </>
            )}
            . <Link to={`/documents/${encodeURIComponent(documentId)}/revisions`}>See the revisions</Link>
            {leftOut && <> {leftOut}</>}
          </p>
        )}
      </div>
      {open ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            setAsked(next);
            void run(
              () =>
                api.issueRevision(
                  documentId,
                  nextRev,
                  note.trim() === '' ? null : note.trim(),
                  file,
                  headerDate.given(),
                ),
              (revision) => {
                setIssued(revision);
                setNote('');
                setFile(null);
                show(false);
              },
            );
          }}
        >
          <label>
            Note for the revision (optional){' '}
            <input
              ref={noteInput}
              type="text"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              size={36}
            />
          </label>
          <HeaderDateField value={headerDate.date} onChange={headerDate.setDate} />
          <label>
            New text from a file (optional: .docx, .md or .html){' '}
            <input
              type="file"
              accept={UPLOAD_ACCEPT}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
          <button type="button" onClick={() => show(false)}>
            Cancel
          </button>
          <button type="submit" className="primary" aria-disabled={busy || undefined}>
            {next === null ? 'Issue revision' : `Issue ${next}`}
          </button>
          <FormError error={shown} />
        </form>
      ) : (
        <button
          ref={openButton}
          type="button"
          className="primary"
          onClick={() => {
            headerDate.showToday();
            show(true);
          }}
        >
          Issue revision…
        </button>
      )}
    </div>
  );
}

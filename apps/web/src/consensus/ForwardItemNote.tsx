import { formatCouncilTime } from '@accord/model';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type AuditEntry, api } from '../api/client';
import { useRequest } from '../api/use-request';
import { FormError } from '../components/FormError';
import { useFormToggle } from '../components/use-form-toggle';
import { FOCUS_TEXT_ON_ARRIVAL } from '../draft/focus-text-on-arrival';

/**
 * The notes the text already went forward as, from its audit log (the roles that forward may read
 * it), so that nobody forwards it twice unawares. Read again whenever `version` changes.
 */
function useForwardings(documentId: string, version: number): readonly AuditEntry[] {
  const [entries, setEntries] = useState<readonly AuditEntry[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says when to read again
  useEffect(() => {
    let current = true;
    void api.listAudit(documentId, 0, 1000, ['document.forwarded']).then((result) => {
      if (current && result.ok) setEntries(result.value);
    });
    return () => {
      current = false;
    };
  }, [documentId, version]);
  return entries;
}

/** "Forwarded as the I/A item note 10234/17 on 8 June 2017, 10:00 · Open the note". */
function Forwardings({ entries }: { readonly entries: readonly AuditEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <ul className="forwardings quiet">
      {entries.map((entry) => {
        const { noteId, noteNumber } = entry.details;
        return (
          <li key={entry.seq}>
            Forwarded as the I/A item note {typeof noteNumber === 'string' ? noteNumber : ''} on{' '}
            {formatCouncilTime(entry.at)}
            {typeof noteId === 'string' && (
              <>
                {' · '}
                <Link to={`/documents/${encodeURIComponent(noteId)}`}>Open the note</Link>
              </>
            )}
          </li>
        );
      })}
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
  version,
}: {
  readonly documentId: string;
  /** Changes when the text may have gone forward meanwhile (a `forwarded` or `ready` event). */
  readonly version: number;
}) {
  const navigate = useNavigate();
  const [number, setNumber] = useState('');
  const [date, setDate] = useState('');
  const { busy, error, clearError, run } = useRequest();
  const forwardings = useForwardings(documentId, version);
  // Focus goes into the note's number when the form opens, and back to the button when it is cancelled.
  const { open, show, button: openButton, field: numberInput } = useFormToggle<HTMLInputElement>();

  if (!open) {
    return (
      <div className="forward-item-note">
        <button ref={openButton} type="button" onClick={() => show(true)}>
          Forward as I/A item note…
        </button>
        <Forwardings entries={forwardings} />
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
      <Forwardings entries={forwardings} />
    </form>
  );
}

import type { AuditStore } from '../store/audit-store';

/** An I/A item note a text went forward as. */
export interface Forwarding {
  readonly id: string;
  readonly number: string | null;
  /** When it went forward (ISO 8601). */
  readonly at: string;
}

/** The item notes a text went forward as, and, for a note, the text it forwards. */
export interface Forwardings {
  /** Oldest first; a new array each time, the caller's to send as it is. */
  readonly forwardedAs: Forwarding[];
  /** The text an item note forwards, and the number the note cites it by; null for any other document. */
  readonly forwards: { readonly id: string; readonly previous: string | null } | null;
}

/**
 * Read from the audit log, which is where forwarding is recorded (`document.forwarded` in the text's
 * log, `item-note.created` in the note's), so that every reader of a document learns both, not only
 * the roles that may read the log.
 */
export async function readForwardings(audit: AuditStore, documentId: string): Promise<Forwardings> {
  const entries = await audit.list(documentId, { actions: ['document.forwarded', 'item-note.created'] });
  const forwardedAs: Forwarding[] = [];
  let forwards: Forwardings['forwards'] = null;
  for (const { action, details, at } of entries) {
    if (action === 'document.forwarded' && typeof details.noteId === 'string') {
      const number = typeof details.noteNumber === 'string' ? details.noteNumber : null;
      forwardedAs.push({ id: details.noteId, number, at: new Date(at).toISOString() });
    } else if (action === 'item-note.created' && typeof details.forwardedId === 'string') {
      const previous = typeof details.previous === 'string' ? details.previous : null;
      forwards = { id: details.forwardedId, previous };
    }
  }
  return { forwardedAs, forwards };
}

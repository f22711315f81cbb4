import type { AuditStore } from '../store/audit-store';

/** An I/A item note a text went forward as. */
export interface Forwarding {
  readonly id: string;
  readonly number: string | null;
  /** When it went forward (ISO 8601). */
  readonly at: string;
}

/**
 * The item notes a text went forward as, and, for a note, the text it forwards; for a corrigendum, the
 * text it corrects.
 */
export interface Forwardings {
  /** Oldest first; a new array each time, the caller's to send as it is. */
  readonly forwardedAs: Forwarding[];
  /** The text an item note forwards, and the number the note cites it by; null for any other document. */
  readonly forwards: { readonly id: string; readonly previous: string | null } | null;
  /**
   * The text a corrigendum corrects, and the label of the revision whose text it started from; null
   * for any other document.
   */
  readonly corrects: { readonly id: string; readonly label: string } | null;
  /** The corrigenda made from this text, oldest first; a new array each time. */
  readonly correctedBy: Corrigendum[];
}

/** A corrigendum made from a text: its id, number, the label of the revision it corrects, and when. */
export interface Corrigendum {
  readonly id: string;
  readonly number: string;
  readonly label: string;
  readonly at: string;
}

/**
 * Read from the audit log, which is where forwarding is recorded (`document.forwarded` in the text's
 * log, `item-note.created` in the note's), and a corrigendum's making (`corrigendum.created` in its
 * own, `document.corrected` in the corrected text's), so that every reader of a document learns them, not only the roles that may read the log.
 */
export async function readForwardings(audit: AuditStore, documentId: string): Promise<Forwardings> {
  const entries = await audit.list(documentId, {
    actions: ['document.forwarded', 'item-note.created', 'corrigendum.created', 'document.corrected'],
  });
  const forwardedAs: Forwarding[] = [];
  let forwards: Forwardings['forwards'] = null;
  let corrects: Forwardings['corrects'] = null;
  const correctedBy: Corrigendum[] = [];
  for (const { action, details, at } of entries) {
    if (action === 'document.forwarded' && typeof details.noteId === 'string') {
      const number = typeof details.noteNumber === 'string' ? details.noteNumber : null;
      forwardedAs.push({ id: details.noteId, number, at: new Date(at).toISOString() });
    } else if (action === 'item-note.created' && typeof details.forwardedId === 'string') {
      const previous = typeof details.previous === 'string' ? details.previous : null;
      forwards = { id: details.forwardedId, previous };
    } else if (
      action === 'corrigendum.created' &&
      typeof details.correctedId === 'string' &&
      typeof details.label === 'string'
    ) {
      corrects = { id: details.correctedId, label: details.label };
    } else if (
      action === 'document.corrected' &&
      typeof details.corrigendumId === 'string' &&
      typeof details.corrigendumNumber === 'string' &&
      typeof details.label === 'string'
    ) {
      const { corrigendumId: id, corrigendumNumber: number, label } = details;
      correctedBy.push({ id, number, label, at: new Date(at).toISOString() });
    }
  }
  return { forwardedAs, forwards, corrects, correctedBy };
}

import type { DocumentEventBus } from './event-bus';

/**
 * What `GET /api/events` streams, the document list's live changes, one server-sent event each, with
 * the per-document stream's rules (`ready` first, `id:` for `Last-Event-ID`; see `document-events.ts`):
 *
 *   created   a document was made: imported, blank, a corrigendum (`POST /api/documents`) or an I/A
 *             item note (a forwarding): `{ id, number, title }`. What the list shows of other
 *             documents may have changed with it (a text's `forwardedAs`, `correctedBy`): read it again.
 *
 * A revision issued or a silence procedure started shows in the list too, but only on the list's next
 * read: each document's own stream tells of those.
 */
export type DocumentListEvent = {
  readonly type: 'created';
  readonly data: { readonly id: string; readonly number: string | null; readonly title: string };
};

/** The list's stream has one channel: every user who may read sees every document. */
export const DOCUMENT_LIST_CHANNEL = 'documents';

/** Tells the open lists of a document just made. */
export function announceCreated(
  events: DocumentEventBus,
  document: { readonly id: string; readonly number: string | null; readonly title: string },
): void {
  const { id, number, title } = document;
  events.list.publish(DOCUMENT_LIST_CHANNEL, { type: 'created', data: { id, number, title } });
}

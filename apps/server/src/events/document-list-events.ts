import type { DocumentEventBus } from './event-bus';

/**
 * What `GET /api/events` streams, the document list's live changes, one server-sent event each, with
 * the per-document stream's rules (`ready` first, `id:` for `Last-Event-ID`; see `document-events.ts`):
 *
 *   created   a document was made: imported, blank, a corrigendum (`POST /api/documents`) or an I/A
 *             item note (a forwarding): `{ id, number, title }`. What the list shows of other
 *             documents may have changed with it (a text's `forwardedAs`, `correctedBy`): read it again.
 *   changed   what `GET /api/documents` gives of a document changed: `{ id, fields }`, `fields` the
 *             listed fields that did (`LISTED_FIELDS`). Published by the routes that change them: a
 *             revision issued (`revision`, `label`); a silence procedure started, broken or cancelled
 *             (`silenceUntil`, by the ledger), or its deadline passing (`ListedDeadlines`); a text
 *             forwarded (`forwardedAs`, after the note's `created`) or corrected (`correctedBy`, after
 *             the corrigendum's). Nothing else the list shows changes: a document's number and title
 *             are those it was created with (its header's are the drafting room's).
 *
 * Every reader of the list receives every event: nothing on this stream is any delegation's own.
 */
export type DocumentListEvent =
  | {
      readonly type: 'created';
      readonly data: { readonly id: string; readonly number: string | null; readonly title: string };
    }
  | {
      readonly type: 'changed';
      readonly data: { readonly id: string; readonly fields: readonly ListedField[] };
    };

/** The fields of a listed document (`GET /api/documents`) a `changed` event may name. */
export const LISTED_FIELDS = ['revision', 'label', 'silenceUntil', 'forwardedAs', 'correctedBy'] as const;
export type ListedField = (typeof LISTED_FIELDS)[number];

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

/** Tells the open lists that what they show of a document changed, once it is committed. */
export function announceChanged(events: DocumentEventBus, id: string, fields: readonly ListedField[]): void {
  events.list.publish(DOCUMENT_LIST_CHANNEL, { type: 'changed', data: { id, fields } });
}

import type { CommentBody } from '../comments/comment-views';
import type { CommissionReservationBody, PositionBody, SilenceBody } from '../consensus/consensus-views';
import type { Corrigendum } from '../documents/forwardings';

/**
 * What `GET /api/documents/:id/events` streams, one server-sent event each: the SSE `event:` is the
 * `type`, `data:` is the JSON of `data`, `id:` is opaque (`<generation>.<count>`, the count growing by
 * one per event the caller sees). Before any of these the stream sends `event: ready`
 * (`data: {"documentId":…,"resumed":…}`): from then on nothing the caller may see is missed. With
 * `resumed: true` (a reconnection whose `Last-Event-ID` the server could follow) the events missed
 * since that id come next; with `false`, fetch what you show afresh.
 *
 *   position           a position recorded (the PUT response) or withdrawn
 *   commission-reservation  the Commission's reservation on a block entered (the PUT response) or
 *                      withdrawn; it changes no status
 *   comment            a comment created, resolved or reopened, as `GET /comments` lists it; a delegation's
 *                      private note goes only to that delegation's users
 *   silence            a silence procedure started, broken, cancelled by the Presidency, or lapsed at
 *                      its deadline without objection (published by a timer at the deadline), as the
 *                      consensus report shows it
 *   consensus-changed  the live text changed (at most once per TEXT_HINT_INTERVAL_MS per document):
 *                      positions may have gone stale and comments orphaned; fetch the report again
 *   revision           a revision was issued (published by the revisions routes)
 *   forwarded          the text went forward as an I/A item note: `{ id, number }` of the new document
 *   corrected          a corrigendum was made from the text: `{ id, number, label, at }`, as the text's
 *                      `correctedBy` lists it (`label` the revision it corrects)
 */
export type PositionEventData =
  | ({ readonly action: 'recorded' } & PositionBody)
  | {
      readonly action: 'withdrawn';
      readonly blockId: string;
      readonly delegation: string;
      readonly at: string;
    };

export type CommissionReservationEventData =
  | ({ readonly action: 'recorded' } & CommissionReservationBody)
  | {
      readonly action: 'withdrawn';
      readonly blockId: string;
      readonly delegation: 'COM';
      readonly at: string;
    };

export interface CommentEventData {
  readonly action: 'created' | 'resolved' | 'reopened';
  readonly comment: CommentBody;
}

export interface SilenceEventData {
  readonly action: 'started' | 'broken' | 'cancelled' | 'lapsed';
  readonly silence: SilenceBody;
}

export interface ConsensusChangedEventData {
  readonly cause: 'text';
  readonly at: string;
}

export type DocumentEvent =
  | { readonly type: 'position'; readonly data: PositionEventData }
  | { readonly type: 'commission-reservation'; readonly data: CommissionReservationEventData }
  | { readonly type: 'comment'; readonly data: CommentEventData }
  | { readonly type: 'silence'; readonly data: SilenceEventData }
  | { readonly type: 'consensus-changed'; readonly data: ConsensusChangedEventData }
  | { readonly type: 'revision'; readonly data: Readonly<Record<string, unknown>> }
  /** The text went forward as an item note: the note's id and number. */
  | { readonly type: 'forwarded'; readonly data: { readonly id: string; readonly number: string | null } }
  /** A corrigendum was made from the text: as its `correctedBy` lists it. */
  | { readonly type: 'corrected'; readonly data: Corrigendum };

export type DocumentEventType = DocumentEvent['type'];

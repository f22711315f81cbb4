/**
 * A general reservation: a delegation's reservation on the whole text rather than on one provision
 * ("DK: general scrutiny reservation"). While one stands the document is not agreed, whatever its
 * paragraphs say.
 *
 * It is kept as a position on a block that never exists, `WHOLE_TEXT_ID` (the server gives any block
 * carrying that id a fresh one), so history, withdrawal, audit and events are those of positions. It is
 * pinned to the revision current when it was given, not to a text: issuing the next revision makes it
 * stale, as a delegation restates its general reservations on each REV.
 */
import { type MemberStateCode, sortInProtocolOrder } from './delegations';
import {
  type CurrentPositions,
  isReservationKind,
  type PositionError,
  type PositionRecord,
  RESERVATION_KINDS,
  type RecordPositionInput,
  recordPosition,
} from './position';
import { err, ok, type Result } from './result';

/** The block id general reservations are recorded under; `#` never starts an id the editor makes. */
export const WHOLE_TEXT_ID = '#whole-text';

export function isWholeTextId(id: string): boolean {
  return id === WHOLE_TEXT_ID;
}

/** What a general reservation is pinned to instead of a text hash: the revision it was given on. */
export function wholeTextHash(revision: number): string {
  return `revision ${revision}`;
}

export type GeneralReservationInput = Omit<RecordPositionInput, 'blockId' | 'text'>;

/** Validates a general reservation: one of the four reservation kinds, pinned to `revision`. */
export function recordGeneralReservation(
  input: GeneralReservationInput,
): Result<PositionRecord, PositionError> {
  if (!isReservationKind(input.position)) {
    return err({
      code: 'invalid-position',
      field: 'position',
      message: `a position on the whole text is a general reservation: one of ${RESERVATION_KINDS.join(', ')}`,
    });
  }
  const recorded = recordPosition({ ...input, blockId: WHOLE_TEXT_ID, text: '' });
  if (!recorded.ok) return recorded;
  return ok({ ...recorded.value, textHash: wholeTextHash(input.revision) });
}

export interface GeneralConsensus {
  /** `wholeTextHash` of the current revision: a general reservation pinned to another is stale. */
  readonly textHash: string;
  /** Every general reservation as given, stale ones included (read-only, shared). */
  readonly positions: ReadonlyMap<MemberStateCode, PositionRecord>;
  /** The Member States, in protocol order, whose general reservation stands. */
  readonly reserved: readonly MemberStateCode[];
}

const NONE: ReadonlyMap<MemberStateCode, PositionRecord> = new Map();

/** The general reservations against the document's current revision. */
export function tallyGeneralReservations(positions: CurrentPositions, revision: number): GeneralConsensus {
  const given = positions.get(WHOLE_TEXT_ID) ?? NONE;
  const textHash = wholeTextHash(revision);
  const reserved = sortInProtocolOrder(
    [...given.values()].filter((record) => record.textHash === textHash).map((record) => record.delegation),
  );
  return { textHash, positions: given, reserved };
}

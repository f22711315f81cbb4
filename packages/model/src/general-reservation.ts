/**
 * A general reservation: a delegation's reservation on the whole text rather than on one provision
 * ("DK: general scrutiny reservation"). While one stands the document is not agreed, whatever its
 * paragraphs say.
 *
 * It is kept as a position on a block that never exists, `WHOLE_TEXT_ID` (the server gives any block
 * carrying that id a fresh one), so history, withdrawal, audit and events are those of positions. It
 * stands until the delegation withdraws it: no edit and no revision makes it stale, since a delegation
 * lifts a general (scrutiny) reservation itself, and a lapse would let a new REV look agreed while a
 * capital is still examining it. The record keeps the revision current when it was given.
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

/** A general reservation's `textHash`: it is pinned to no text (no block's hash is ever this). */
export const WHOLE_TEXT_HASH = 'whole text';

export type GeneralReservationInput = Omit<RecordPositionInput, 'blockId' | 'text'>;

/** Validates a general reservation: one of the four reservation kinds. */
export function recordGeneralReservation(
  input: GeneralReservationInput,
): Result<PositionRecord, PositionError> {
  return recordOnWholeText(input.position, 'a position', (wholeText) =>
    recordPosition({ ...input, ...wholeText }),
  );
}

/**
 * A statement on the whole text, a Member State's or the Commission's: a reservation kind only
 * (`whose` names it in the refusal), recorded by `record` under `WHOLE_TEXT_ID` and pinned to no text.
 */
export function recordOnWholeText<T extends { readonly textHash: string }>(
  position: unknown,
  whose: string,
  record: (wholeText: { readonly blockId: string; readonly text: string }) => Result<T, PositionError>,
): Result<T, PositionError> {
  if (!isReservationKind(position)) {
    return err({
      code: 'invalid-position',
      field: 'position',
      message: `${whose} on the whole text is a general reservation: one of ${RESERVATION_KINDS.join(', ')}`,
    });
  }
  const recorded = record({ blockId: WHOLE_TEXT_ID, text: '' });
  if (!recorded.ok) return recorded;
  return ok({ ...recorded.value, textHash: WHOLE_TEXT_HASH });
}

export interface GeneralConsensus {
  /** `WHOLE_TEXT_HASH`, so that `listPositionViews` lists general reservations as never stale. */
  readonly textHash: string;
  /** Every general reservation (read-only, shared). */
  readonly positions: ReadonlyMap<MemberStateCode, PositionRecord>;
  /** The Member States holding one, in protocol order. */
  readonly reserved: readonly MemberStateCode[];
}

const NONE: ReadonlyMap<MemberStateCode, PositionRecord> = new Map();
const NO_ONE: readonly MemberStateCode[] = Object.freeze([]);

/** The general reservations among the document's positions. */
export function tallyGeneralReservations(positions: CurrentPositions): GeneralConsensus {
  const given = positions.get(WHOLE_TEXT_ID) ?? NONE;
  return {
    textHash: WHOLE_TEXT_HASH,
    positions: given,
    reserved: given.size === 0 ? NO_ONE : sortInProtocolOrder(given.keys()),
  };
}

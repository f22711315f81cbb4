/**
 * The Commission's reservation on a block (DOMAIN: "The Commission can also enter a reservation
 * (recorded, but not blocking consensus)"). It is not a position: the Commission takes no position
 * that counts, so it never changes a block's status, the missing Member States or the QMV figures. It
 * is recorded like a position nonetheless — one per block, the latest wins, pinned to the block's text
 * (stale once the text changes) and to the revision, withdrawn by the Commission — and a revision's
 * footnotes record it after the Member States: "DE: scrutiny reservation. COM: reservation."
 *
 * The Commission may also hold one on the whole text, as a general reservation ("COM: general
 * reservation.", as when it reserves its position on the Council's amendments to its proposal): kept
 * under `WHOLE_TEXT_ID` like the Member States' general reservations, it stands until withdrawn.
 */
import type { NonVotingCode } from './delegations';
import { recordOnWholeText } from './general-reservation';
import {
  isReservationKind,
  type PinnedStatement,
  type PositionError,
  pinStatement,
  RESERVATION_KINDS,
  type RecordPositionInput,
  type ReservationKind,
} from './position';
import { err, ok, type Result } from './result';
import type { Role } from './roles';
import { type Timestamp, toEpochMs } from './timestamp';

/** The participant whose reservations are recorded. */
export const COMMISSION = 'COM' as const satisfies NonVotingCode;

/** Only the Commission's own users enter its reservations (observers of the other institutions do not). */
export function mayEnterCommissionReservation(user: {
  readonly role: Role;
  readonly delegation: string | null;
}): boolean {
  return user.role === 'observer' && user.delegation === COMMISSION;
}

export interface CommissionReservation extends PinnedStatement {
  readonly blockId: string;
  readonly position: ReservationKind;
}

/** The append-only history: a reservation entered, or withdrawn. */
export type CommissionReservationEvent =
  | { readonly type: 'recorded'; readonly record: CommissionReservation }
  | { readonly type: 'withdrawn'; readonly blockId: string; readonly at: Timestamp; readonly userId: string };

/** The Commission's current reservation by block id. */
export type CommissionReservations = ReadonlyMap<string, CommissionReservation>;

export type CommissionReservationInput = Omit<RecordPositionInput, 'delegation'>;

/** Validates a reservation of one of the four kinds and pins it to the block's current text. */
export function recordCommissionReservation(
  input: CommissionReservationInput,
): Result<CommissionReservation, PositionError> {
  if (!isReservationKind(input.position)) {
    return err({
      code: 'invalid-position',
      field: 'position',
      message: `the Commission enters a reservation: one of ${RESERVATION_KINDS.join(', ')}`,
    });
  }
  const pinned = pinStatement(input);
  if (!pinned.ok) return pinned;
  return ok({ blockId: input.blockId, position: input.position, ...pinned.value });
}

/** Validates the Commission's general reservation, on the whole text: pinned to no text. */
export function recordCommissionGeneralReservation(
  input: Omit<CommissionReservationInput, 'blockId' | 'text'>,
): Result<CommissionReservation, PositionError> {
  return recordOnWholeText(input.position, 'the Commission’s reservation', (wholeText) =>
    recordCommissionReservation({ ...input, ...wholeText }),
  );
}

/**
 * The current reservation per block after the history (the latest event wins, in the history's
 * order), or as it stood at an instant (epoch ms) when `untilMs` is given, as when a revision was
 * issued.
 */
export function foldCommissionReservations(
  history: Iterable<CommissionReservationEvent>,
  untilMs = Number.POSITIVE_INFINITY,
): Map<string, CommissionReservation> {
  const current = new Map<string, CommissionReservation>();
  for (const event of history) {
    if (toEpochMs(event.type === 'recorded' ? event.record.at : event.at) > untilMs) continue;
    if (event.type === 'recorded') current.set(event.record.blockId, event.record);
    else current.delete(event.blockId);
  }
  return current;
}

/** A reservation as the consensus report lists it. */
export interface CommissionReservationView {
  readonly blockId: string;
  readonly position: ReservationKind;
  readonly note: string | null;
  /** The block's text has changed since it was entered. */
  readonly stale: boolean;
  readonly at: Timestamp;
}

export function viewCommissionReservation(
  record: CommissionReservation,
  currentTextHash: string,
): CommissionReservationView {
  return {
    blockId: record.blockId,
    position: record.position,
    note: record.note,
    stale: record.textHash !== currentTextHash,
    at: record.at,
  };
}

import { isBlank } from './blank-text';
import { isMemberStateCode, type MemberStateCode } from './delegations';
import { err, ok, type Result } from './result';
import { summarizeBlockText } from './text-hash';
import { parseTimestamp, type Timestamp, toEpochMs } from './timestamp';

/**
 * What one delegation says on one block. Reservations come in four kinds: scrutiny (still examining),
 * parliamentary scrutiny (waiting for the national parliament), linguistic (waiting for the text in its
 * language) and substantive (`reservation`). `abstain` does not stand in the way of consensus.
 */
export const POSITION_KINDS = [
  'agree',
  'abstain',
  'scrutiny_reservation',
  'parliamentary_scrutiny_reservation',
  'linguistic_reservation',
  'reservation',
  'oppose',
] as const;
export type PositionKind = (typeof POSITION_KINDS)[number];

export const RESERVATION_KINDS = [
  'scrutiny_reservation',
  'parliamentary_scrutiny_reservation',
  'linguistic_reservation',
  'reservation',
] as const satisfies readonly PositionKind[];
export type ReservationKind = (typeof RESERVATION_KINDS)[number];

export const MAX_POSITION_NOTE_CHARS = 2_000;

export function isPositionKind(value: unknown): value is PositionKind {
  return typeof value === 'string' && (POSITION_KINDS as readonly string[]).includes(value);
}

export function isReservationKind(value: unknown): value is ReservationKind {
  return typeof value === 'string' && (RESERVATION_KINDS as readonly string[]).includes(value);
}

/**
 * One position as given. It is pinned to the hash of the block's text at that moment, so a later edit
 * of the block makes it stale, and to the revision current then.
 */
export interface PositionRecord {
  readonly blockId: string;
  readonly delegation: MemberStateCode;
  readonly position: PositionKind;
  readonly note: string | null;
  /** `hashBlockText` of the block's text when the position was given. */
  readonly textHash: string;
  /** The document's revision number (0 = as created) current when the position was given. */
  readonly revision: number;
  readonly at: Timestamp;
  /** The user who gave it; any user of the delegation speaks for the whole delegation. */
  readonly userId: string;
}

/** The history of positions is append-only: a position given, or a delegation's position withdrawn. */
export type PositionEvent =
  | { readonly type: 'recorded'; readonly record: PositionRecord }
  | {
      readonly type: 'withdrawn';
      readonly blockId: string;
      readonly delegation: MemberStateCode;
      readonly at: Timestamp;
      readonly userId: string;
    };

/**
 * The current position of each delegation, by block id then delegation, as readers see it.
 *
 * **Invariant:** a block's own map is never changed once built: `updatePositions` replaces the map of a
 * block whose positions change and keeps every other block's, so consensus can reuse what it
 * computed for an unchanged block (it remembers a tally per block map).
 */
export type CurrentPositions = ReadonlyMap<string, ReadonlyMap<MemberStateCode, PositionRecord>>;

/** The current positions as their keeper holds them: `updatePositions` changes this map in place. */
export type PositionBoard = Map<string, ReadonlyMap<MemberStateCode, PositionRecord>>;

export type PositionErrorCode =
  | 'invalid-position'
  | 'invalid-delegation'
  | 'invalid-note'
  | 'note-too-long'
  | 'invalid-timestamp';

export interface PositionError {
  readonly code: PositionErrorCode;
  /** The offending input field, for a message that names it. */
  readonly field: 'position' | 'delegation' | 'note' | 'at';
  readonly message: string;
}

export interface RecordPositionInput {
  readonly blockId: string;
  /** The caller's own delegation, from their identity, never from a request body. */
  readonly delegation: unknown;
  readonly position: unknown;
  readonly note?: unknown;
  /** The block's current text; the position is pinned to its hash. */
  readonly text: string;
  readonly revision: number;
  readonly at: unknown;
  readonly userId: string;
}

/**
 * Validates a position and pins it to the block's current text (`pinStatement`).
 */
export function recordPosition(input: RecordPositionInput): Result<PositionRecord, PositionError> {
  if (!isMemberStateCode(input.delegation)) {
    return err({
      code: 'invalid-delegation',
      field: 'delegation',
      message: `only the 27 Member States take positions; ${JSON.stringify(input.delegation)} is not one`,
    });
  }
  if (!isPositionKind(input.position)) {
    return err({
      code: 'invalid-position',
      field: 'position',
      message: `position must be one of ${POSITION_KINDS.join(', ')}`,
    });
  }
  const pinned = pinStatement(input);
  if (!pinned.ok) return pinned;
  // Field by field: Node 20 builds an object spread through its slow path (S9 records many).
  const { note, textHash, revision, at, userId } = pinned.value;
  return ok({
    blockId: input.blockId,
    delegation: input.delegation,
    position: input.position,
    note,
    textHash,
    revision,
    at,
    userId,
  });
}

/** What every statement on a block carries besides who said what: its note, text hash, revision and time. */
export interface PinnedStatement {
  readonly note: string | null;
  /** `hashBlockText` of the block's text when the statement was made: another text makes it stale. */
  readonly textHash: string;
  /** The document's revision current then. */
  readonly revision: number;
  readonly at: Timestamp;
  readonly userId: string;
}

/**
 * Checks a statement's note and instant and pins it to the block's text: a note that is empty or only
 * whitespace is no note (null); any other note is kept exactly as given.
 */
export function pinStatement(
  input: Pick<RecordPositionInput, 'note' | 'text' | 'revision' | 'at' | 'userId'>,
): Result<PinnedStatement, PositionError> {
  const note = input.note ?? null;
  if (note !== null && typeof note !== 'string') {
    return err({ code: 'invalid-note', field: 'note', message: 'note must be a string' });
  }
  if (note !== null && note.length > MAX_POSITION_NOTE_CHARS) {
    return err({
      code: 'note-too-long',
      field: 'note',
      message: `a note has at most ${MAX_POSITION_NOTE_CHARS} characters`,
    });
  }
  const at = parseTimestamp(input.at);
  if (!at.ok) return err({ code: 'invalid-timestamp', field: 'at', message: at.error.message });
  return ok({
    note: note === null || isBlank(note) ? null : note,
    // Remembered per text: a busy room gives many positions on the same few texts.
    textHash: summarizeBlockText(input.text).textHash,
    revision: input.revision,
    at: at.value,
    userId: input.userId,
  });
}

/**
 * Folds a history into the current positions: for each block and delegation the latest event wins,
 * whichever of the delegation's users gave it, and a withdrawal leaves no position. "Latest" is the
 * order of the history (the order the server appended it), not `at`, so two events with the same
 * timestamp still have a defined winner.
 */
export function foldPositionHistory(history: Iterable<PositionEvent>): PositionBoard {
  const current = new Map<string, Map<MemberStateCode, PositionRecord>>();
  for (const event of history) {
    const blockId = event.type === 'recorded' ? event.record.blockId : event.blockId;
    const delegation = event.type === 'recorded' ? event.record.delegation : event.delegation;
    let block = current.get(blockId);
    if (event.type === 'recorded') {
      if (block === undefined) {
        block = new Map();
        current.set(blockId, block);
      }
      block.set(delegation, event.record);
    } else if (block !== undefined) {
      block.delete(delegation);
      if (block.size === 0) current.delete(blockId);
    }
  }
  return current;
}

/**
 * The positions as they stood at an instant (epoch ms): the history folded up to the events given at
 * or before it, as when a revision was issued.
 */
export function foldPositionHistoryUntil(history: Iterable<PositionEvent>, untilMs: number): PositionBoard {
  const before: PositionEvent[] = [];
  for (const event of history) {
    if (toEpochMs(event.type === 'recorded' ? event.record.at : event.at) <= untilMs) before.push(event);
  }
  return foldPositionHistory(before);
}

/**
 * The current positions after one more event, as `foldPositionHistory` would give them. The input is
 * left untouched; only the affected block's map is new, every other block's map is shared.
 */
export function applyPositionEvent(current: CurrentPositions, event: PositionEvent): CurrentPositions {
  const next: PositionBoard = new Map(current);
  return updatePositions(next, [event]) ? next : current;
}

/**
 * Applies several more events to `board` itself, in order: what folding them onto its history gives.
 * Each affected block gets a new map, copied once for the lot; the board itself is not copied, so a
 * commit of a few positions costs the same on a 2,000-block document as on a short one. Returns
 * whether anything changed (withdrawing a position never given changes nothing).
 */
export function updatePositions(board: PositionBoard, events: readonly PositionEvent[]): boolean {
  const copied = new Set<string>();
  let changed = false;
  for (const event of events) {
    const blockId = event.type === 'recorded' ? event.record.blockId : event.blockId;
    const delegation = event.type === 'recorded' ? event.record.delegation : event.delegation;
    const before = board.get(blockId);
    if (event.type === 'withdrawn' && !before?.has(delegation)) continue;
    let block = before as Map<MemberStateCode, PositionRecord> | undefined;
    if (block === undefined || !copied.has(blockId)) {
      block = new Map(before);
      copied.add(blockId);
    }
    if (event.type === 'recorded') block.set(delegation, event.record);
    else block.delete(delegation);
    if (block.size === 0) board.delete(blockId);
    else board.set(blockId, block);
    changed = true;
  }
  return changed;
}

/** A position is stale once the block's text has changed since it was given; a stale position counts as none. */
export function isPositionStale(record: PositionRecord, currentTextHash: string): boolean {
  return record.textHash !== currentTextHash;
}

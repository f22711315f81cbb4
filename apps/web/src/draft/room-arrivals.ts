/**
 * What others do anywhere in the text, told at the drafting room's level for a screen reader while
 * no panel says it: a position recorded, changed or withdrawn, the Commission's reservation entered or
 * withdrawn, a comment added ("FR: reservation on annex, paragraph 3.", "Commission withdrew its
 * reservation on annex, paragraph 4.", "DE commented on annex, paragraph 5."). Found by the panel's own
 * rules (`listArrivals`: never this user's doing, nor what the room opened on), on every paragraph but
 * the one whose panel is open, whose log already tells it. What arrives within a moment of the last
 * arrival is told as one message, a burst (one delegation agreeing to twenty paragraphs at once, ten
 * delegations in a second) in one line of counts.
 */
import type { MemberStateCode } from '@accord/model';
import type { BlockComment, CommissionReservationView, Me, PositionView } from '../api/client';
import { POSITION_TEXT } from '../consensus/position-labels';
import { type Arrival, COMMISSION_NAME, listArrivals, nameAuthor } from './arrivals';

/**
 * What the room knows: each block's positions (undefined until a report was read), the Commission's
 * reservations, and the comments.
 */
export interface RoomSnapshot {
  readonly blocks:
    | readonly {
        readonly id: string;
        readonly positions: Readonly<Partial<Record<MemberStateCode, PositionView>>>;
      }[]
    | undefined;
  /** The Commission's reservations by block, as the report lists them: read with the blocks. */
  readonly commission: readonly CommissionReservationView[];
  /** Null while the comments have not been read yet. */
  readonly comments: readonly BlockComment[] | null;
}

/** One arrival and the block it is on. */
export interface RoomArrival {
  readonly blockId: string;
  readonly arrival: Arrival;
}

/** What others did from `before` to `after`, but on `skippedBlockId` (the open panel's). */
export function listRoomArrivals(
  before: RoomSnapshot,
  after: RoomSnapshot,
  me: Me,
  skippedBlockId: string | null,
): RoomArrival[] {
  const found: RoomArrival[] = [];
  if (before.blocks !== undefined && after.blocks !== undefined) {
    const known = new Map(before.blocks.map((block) => [block.id, block.positions]));
    const wasReserved = new Map(before.commission.map((view) => [view.blockId, view]));
    const reserved = new Map(after.commission.map((view) => [view.blockId, view]));
    for (const block of after.blocks) {
      const was = known.get(block.id);
      const commission = reserved.get(block.id);
      const wasCommission = wasReserved.get(block.id);
      // A block the room did not know (new, or typed into again after it was empty, its old positions
      // coming back with it) brings nobody's news; one unchanged is skipped without a look.
      if (was === undefined || block.id === skippedBlockId) continue;
      if (was === block.positions && wasCommission?.at === commission?.at) continue;
      for (const arrival of listArrivals(
        { positions: was, commission: wasCommission, comments: null },
        { positions: block.positions, commission, comments: null },
        me,
      ))
        found.push({ blockId: block.id, arrival });
    }
  }
  const comments = listArrivals(
    { positions: undefined, commission: undefined, comments: before.comments },
    { positions: undefined, commission: undefined, comments: after.comments },
    me,
  );
  for (const arrival of comments) {
    if (arrival.type !== 'comment' || arrival.comment.blockId === skippedBlockId) continue;
    found.push({ blockId: arrival.comment.blockId, arrival });
  }
  return found;
}

/** An arrival with the name of its block as the room cited it then ("annex, paragraph 3"). */
export interface NamedArrival {
  readonly where: string;
  readonly arrival: Arrival;
}

/** More than this at once are counted, not told one by one. */
export const MAX_ARRIVALS_TOLD_ONE_BY_ONE = 3;

/** More authors than this are counted, not named. */
const MAX_AUTHORS_NAMED = 3;

/** One short message for what arrived together: each told, or a burst counted. Empty for nothing. */
export function describeRoomArrivals(arrivals: readonly NamedArrival[]): string {
  if (arrivals.length <= MAX_ARRIVALS_TOLD_ONE_BY_ONE) return arrivals.map(tellRoomArrival).join(' ');
  const count = (type: Arrival['type']) => arrivals.filter(({ arrival }) => arrival.type === type).length;
  const counts = listInWords(
    [
      countInWords(count('position'), 'position'),
      countInWords(count('commission'), 'reservation'),
      countInWords(count('withdrawn') + count('commission-withdrawn'), 'withdrawal'),
      countInWords(count('comment'), 'comment'),
    ].filter((part) => part !== null),
  );
  const authors = [...new Set(arrivals.map(({ arrival }) => nameDoer(arrival)))];
  const from =
    authors.length <= MAX_AUTHORS_NAMED
      ? listInWords(authors)
      : `${authors.length} ${arrivals.every(({ arrival }) => isDelegations(arrival)) ? 'delegations' : 'others'}`;
  const places = [...new Set(arrivals.map(({ where }) => where))];
  const on = places.length === 1 ? places[0] : `${places.length} paragraphs`;
  return `${counts} from ${from}, on ${on}.`;
}

function tellRoomArrival({ where, arrival }: NamedArrival): string {
  if (arrival.type === 'position')
    return `${arrival.code}: ${POSITION_TEXT[arrival.view.position].label} on ${where}.`;
  if (arrival.type === 'withdrawn') return `${arrival.code} withdrew its position on ${where}.`;
  if (arrival.type === 'commission')
    return `${COMMISSION_NAME}: ${POSITION_TEXT[arrival.view.position].label} on ${where}.`;
  if (arrival.type === 'commission-withdrawn')
    return `${COMMISSION_NAME} withdrew its reservation on ${where}.`;
  const { comment } = arrival;
  const did =
    comment.replyTo !== null
      ? 'replied'
      : comment.visibility === 'delegation'
        ? 'added a private note'
        : 'commented';
  return `${nameAuthor(comment)} ${did} on ${where}.`;
}

function nameDoer(arrival: Arrival): string {
  if (arrival.type === 'comment') return nameAuthor(arrival.comment);
  return arrival.type === 'position' || arrival.type === 'withdrawn' ? arrival.code : COMMISSION_NAME;
}

function isDelegations(arrival: Arrival): boolean {
  return arrival.type !== 'comment' || arrival.comment.author.delegation !== null;
}

function countInWords(count: number, noun: string): string | null {
  if (count === 0) return null;
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "A", "A and B", "A, B and C". */
function listInWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** How long the room waits after an arrival for more, so a burst is told once. */
export const ARRIVALS_QUIET_MS = 1_000;

/** The longest an arrival waits while more keep coming: a steady stream is still told. */
export const ARRIVALS_MAX_WAIT_MS = 5_000;

/** Arrivals waiting to be told: since when the first, and when the last came. */
export interface PendingArrivals {
  readonly arrivals: readonly NamedArrival[];
  readonly firstAt: number;
  readonly lastAt: number;
}

/** Adds what arrived at `now` (milliseconds) to what waits to be told. */
export function queueArrivals(
  pending: PendingArrivals | null,
  arrivals: readonly NamedArrival[],
  now: number,
): PendingArrivals | null {
  if (arrivals.length === 0) return pending;
  if (pending === null) return { arrivals, firstAt: now, lastAt: now };
  return { arrivals: [...pending.arrivals, ...arrivals], firstAt: pending.firstAt, lastAt: now };
}

/** When what waits is told: a quiet moment after the last arrival, or the longest wait after the first. */
export function findTellingTime(pending: PendingArrivals): number {
  return Math.min(pending.lastAt + ARRIVALS_QUIET_MS, pending.firstAt + ARRIVALS_MAX_WAIT_MS);
}

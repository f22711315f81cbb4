/**
 * What others did on the paragraph whose panel is open, in words for a screen reader: the positions
 * other delegations record, change or withdraw there, the Commission's reservation entered or
 * withdrawn, and the comments others add. The panel's own forms announce what this user does, so that
 * is left out: this user's comments, and the own delegation's position or, for the Commission's users,
 * its reservation (a colleague's change of it is left out too, as the client cannot tell it from this
 * user's own). A resolved or reopened comment is not told either: nothing says by whom.
 * The room tells what it finds on the other paragraphs by the same rules (`room-arrivals.ts`).
 */
import { COMMISSION, MEMBER_STATE_CODES, type MemberStateCode } from '@accord/model';
import type { BlockComment, CommissionReservationView, Me, PositionView } from '../api/client';
import { POSITION_TEXT } from '../consensus/position-labels';

/** What the panel shows of its paragraph: `positions` undefined while the report has not come. */
export interface PanelSnapshot {
  readonly positions: Readonly<Partial<Record<MemberStateCode, PositionView>>> | undefined;
  /** The Commission's reservation, if it holds one: read with the positions, known when they are. */
  readonly commission: CommissionReservationView | undefined;
  /** Null while the comments have not been read yet. */
  readonly comments: readonly BlockComment[] | null;
}

/** One thing another did, as `listArrivals` finds it. */
export type Arrival =
  | { readonly type: 'position'; readonly code: MemberStateCode; readonly view: PositionView }
  | { readonly type: 'withdrawn'; readonly code: MemberStateCode }
  /** Not a position (DOMAIN: recorded, but not blocking consensus), so told and counted apart. */
  | { readonly type: 'commission'; readonly view: CommissionReservationView }
  | { readonly type: 'commission-withdrawn' }
  | { readonly type: 'comment'; readonly comment: BlockComment };

/**
 * What others did from `before` to `after`, in the order shown: positions in protocol order, the
 * Commission's reservation, then comments oldest first. Nothing is found of what was not known before
 * (the first report or list of comments read), which is what the panel (or the room) opened on.
 */
export function listArrivals(before: PanelSnapshot, after: PanelSnapshot, me: Me): Arrival[] {
  const found: Arrival[] = [];
  if (before.positions !== undefined && after.positions !== undefined) {
    for (const code of MEMBER_STATE_CODES) {
      if (code === me.delegation) continue;
      const now = after.positions[code];
      const change = compareStatements(before.positions[code], now);
      if (change === 'given' && now !== undefined) found.push({ type: 'position', code, view: now });
      else if (change === 'withdrawn') found.push({ type: 'withdrawn', code });
    }
    // After the Member States, as the footnote records it, by the same rules.
    if (me.delegation !== COMMISSION) {
      const change = compareStatements(before.commission, after.commission);
      if (change === 'given' && after.commission !== undefined)
        found.push({ type: 'commission', view: after.commission });
      else if (change === 'withdrawn') found.push({ type: 'commission-withdrawn' });
    }
  }
  if (before.comments !== null && after.comments !== null) {
    const known = new Set(before.comments.map((comment) => comment.id));
    for (const comment of after.comments) {
      if (known.has(comment.id) || comment.author.id === me.id) continue;
      found.push({ type: 'comment', comment });
    }
  }
  return found;
}

/** Whether a position (or the Commission's reservation) was given, given again or withdrawn. */
function compareStatements(
  was: PositionView | undefined,
  now: PositionView | undefined,
): 'given' | 'withdrawn' | null {
  // One gone stale is the text's change, not its holder's: its time is unchanged.
  if (now !== undefined) return was === undefined || was.at !== now.at ? 'given' : null;
  return was === undefined ? null : 'withdrawn';
}

/** The sentences that tell what others did from `before` to `after` (`listArrivals`), for the panel. */
export function describeArrivals(before: PanelSnapshot, after: PanelSnapshot, me: Me): string[] {
  return listArrivals(before, after, me).map(tellArrival);
}

/** The Commission as the logs name it: its code, COM, is read out as a word. */
export const COMMISSION_NAME = 'Commission';

function tellArrival(arrival: Arrival): string {
  if (arrival.type === 'position') return describePosition(arrival.code, arrival.view);
  if (arrival.type === 'withdrawn') return `${arrival.code}: position withdrawn.`;
  if (arrival.type === 'commission') return describePosition(COMMISSION_NAME, arrival.view);
  if (arrival.type === 'commission-withdrawn') return `${COMMISSION_NAME}: reservation withdrawn.`;
  return `${describeCommentKind(arrival.comment)} from ${nameAuthor(arrival.comment)}: ${arrival.comment.body}`;
}

/** Who wrote a comment: the delegation, or the person's name for one without (the Secretariat's). */
export function nameAuthor(comment: BlockComment): string {
  return comment.author.delegation ?? comment.author.name;
}

function describePosition(holder: string, view: PositionView): string {
  const label = POSITION_TEXT[view.position].label;
  return view.note === null ? `${holder}: ${label}.` : `${holder}: ${label}, with the note "${view.note}".`;
}

function describeCommentKind(comment: BlockComment): string {
  if (comment.replyTo !== null) return 'Reply';
  return comment.visibility === 'delegation' ? 'Private note' : 'Comment';
}

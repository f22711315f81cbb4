/**
 * What others did on the paragraph whose panel is open, in words for a screen reader: the positions
 * other delegations record, change or withdraw there, and the comments others add. The panel's own
 * forms announce what this user does, so that is left out: this user's comments, and the own
 * delegation's position (a colleague's change of it is left out too, as the client cannot tell it
 * from this user's own). A resolved or reopened comment is not told either: nothing says by whom.
 * The room tells what it finds on the other paragraphs by the same rules (`room-arrivals.ts`).
 */
import { MEMBER_STATE_CODES, type MemberStateCode } from '@accord/model';
import type { BlockComment, Me, PositionView } from '../api/client';
import { POSITION_TEXT } from '../consensus/position-labels';

/** What the panel shows of its paragraph: `positions` undefined while the report has not come. */
export interface PanelSnapshot {
  readonly positions: Readonly<Partial<Record<MemberStateCode, PositionView>>> | undefined;
  /** Null while the comments have not been read yet. */
  readonly comments: readonly BlockComment[] | null;
}

/** One thing another did, as `listArrivals` finds it. */
export type Arrival =
  | { readonly type: 'position'; readonly code: MemberStateCode; readonly view: PositionView }
  | { readonly type: 'withdrawn'; readonly code: MemberStateCode }
  | { readonly type: 'comment'; readonly comment: BlockComment };

/**
 * What others did from `before` to `after`, in the order shown: positions in protocol order, then
 * comments oldest first. Nothing is found of what was not known before (the first report or list of
 * comments read), which is what the panel (or the room) opened on.
 */
export function listArrivals(before: PanelSnapshot, after: PanelSnapshot, me: Me): Arrival[] {
  const found: Arrival[] = [];
  if (before.positions !== undefined && after.positions !== undefined) {
    for (const code of MEMBER_STATE_CODES) {
      if (code === me.delegation) continue;
      const was = before.positions[code];
      const now = after.positions[code];
      // A position gone stale is the text's change, not the delegation's: its time is unchanged.
      if (now !== undefined && (was === undefined || was.at !== now.at))
        found.push({ type: 'position', code, view: now });
      else if (now === undefined && was !== undefined) found.push({ type: 'withdrawn', code });
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

/** The sentences that tell what others did from `before` to `after` (`listArrivals`), for the panel. */
export function describeArrivals(before: PanelSnapshot, after: PanelSnapshot, me: Me): string[] {
  return listArrivals(before, after, me).map(tellArrival);
}

function tellArrival(arrival: Arrival): string {
  if (arrival.type === 'position') return describePosition(arrival.code, arrival.view);
  if (arrival.type === 'withdrawn') return `${arrival.code}: position withdrawn.`;
  return `${describeCommentKind(arrival.comment)} from ${nameAuthor(arrival.comment)}: ${arrival.comment.body}`;
}

/** Who wrote a comment: the delegation, or the person's name for one without (the Secretariat's). */
export function nameAuthor(comment: BlockComment): string {
  return comment.author.delegation ?? comment.author.name;
}

function describePosition(code: MemberStateCode, view: PositionView): string {
  const label = POSITION_TEXT[view.position].label;
  return view.note === null ? `${code}: ${label}.` : `${code}: ${label}, with the note "${view.note}".`;
}

function describeCommentKind(comment: BlockComment): string {
  if (comment.replyTo !== null) return 'Reply';
  return comment.visibility === 'delegation' ? 'Private note' : 'Comment';
}

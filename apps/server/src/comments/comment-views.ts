import type { CommentRecord, CommentVisibility } from '../store/consensus-stores';
import type { User } from '../store/store';

/**
 * Who sees and who resolves a comment, and its JSON body.
 *
 * A `delegation` note is seen by the users of its author's delegation alone: not the Presidency, not
 * the Secretariat, not other delegations, not archivists or the admin. A comment for `all` is seen by
 * everyone who may read the document.
 */
export function canSeeComment(viewer: Pick<User, 'delegation'>, comment: CommentRecord): boolean {
  return (
    comment.visibility === 'all' ||
    (viewer.delegation !== null && viewer.delegation === comment.authorDelegation)
  );
}

/** Its author, the Presidency and the Secretariat may resolve a comment they can see. */
export function canResolveComment(user: Pick<User, 'id' | 'role'>, comment: CommentRecord): boolean {
  return comment.authorId === user.id || user.role === 'presidency' || user.role === 'secretariat';
}

export interface CommentBody {
  readonly id: string;
  readonly blockId: string;
  readonly author: { readonly id: string; readonly name: string; readonly delegation: string | null };
  /** Plain text, exactly as written: clients must show it as text, never as HTML. */
  readonly body: string;
  readonly visibility: CommentVisibility;
  /** The comment this one answers, or null. */
  readonly replyTo: string | null;
  readonly quote: string;
  readonly createdAt: string;
  readonly resolved: boolean;
  /** The block no longer exists in the live text; the comment keeps its quote. */
  readonly orphaned: boolean;
}

export function toCommentBody(
  comment: CommentRecord,
  liveBlockIds: { has(blockId: string): boolean },
): CommentBody {
  return {
    id: comment.id,
    blockId: comment.blockId,
    author: { id: comment.authorId, name: comment.authorName, delegation: comment.authorDelegation },
    body: comment.body,
    visibility: comment.visibility,
    replyTo: comment.replyTo,
    quote: comment.quote,
    createdAt: new Date(comment.createdAt).toISOString(),
    resolved: comment.resolvedAt !== null,
    orphaned: !liveBlockIds.has(comment.blockId),
  };
}

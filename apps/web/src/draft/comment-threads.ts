import type { BlockComment, Me } from '../api/client';

export interface CommentThreadView {
  readonly comment: BlockComment;
  /** Every reply to the comment, and replies to those, oldest first. */
  readonly replies: readonly BlockComment[];
}

/**
 * The comments as threads, in the order given: each comment that replies to none opens a thread, and
 * the replies under it, at any depth, follow it one level in (as Word and the Council's own comment
 * rounds show them). A reply whose first comment is not in the list (not visible to the caller) opens
 * a thread of its own, so nothing the caller may see is hidden.
 */
export function threadComments(comments: readonly BlockComment[]): CommentThreadView[] {
  const rootOf = findThreadRoots(comments);
  const threads = new Map<string, { comment: BlockComment; replies: BlockComment[] }>();
  for (const comment of comments) {
    const root = rootOf(comment);
    let thread = threads.get(root.id);
    if (thread === undefined) {
      thread = { comment: root, replies: [] };
      threads.set(root.id, thread);
    }
    if (root.id !== comment.id) thread.replies.push(comment);
  }
  for (const thread of threads.values()) {
    thread.replies.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
  return [...threads.values()];
}

/** The comment that opens each comment's thread, as `threadComments` shows them. */
function findThreadRoots(comments: readonly BlockComment[]): (comment: BlockComment) => BlockComment {
  const byId = new Map(comments.map((c) => [c.id, c]));
  return (comment) => {
    const seen = new Set<string>();
    let current = comment;
    while (current.replyTo !== null && !seen.has(current.id)) {
      seen.add(current.id);
      const parent = byId.get(current.replyTo);
      if (parent === undefined) break;
      current = parent;
    }
    return current;
  };
}

/**
 * How many comments are still open on each block, as the margin counts them: unresolved, in a thread
 * whose first comment is unresolved too. A reply under a thread its author resolved is shown as part
 * of that resolved thread; counted, it kept the margin saying "1 comment" once the discussion was
 * closed.
 */
export function countOpenComments(comments: readonly BlockComment[]): Map<string, number> {
  const rootOf = findThreadRoots(comments);
  const counts = new Map<string, number>();
  for (const comment of comments) {
    if (comment.resolved || rootOf(comment).resolved) continue;
    counts.set(comment.blockId, (counts.get(comment.blockId) ?? 0) + 1);
  }
  return counts;
}

/**
 * The comments whose paragraph is not in the live text, as this browser holds it. The server's
 * `orphaned` says so as of the moment it listed them; the text changes live (a paragraph joined onto
 * another, deleted, dropped by a revision, brought back by an undo) without the comments being listed
 * again, so the room reads it from the text it shows.
 */
export function findOrphanedComments(
  comments: readonly BlockComment[],
  liveBlockIds: ReadonlySet<string>,
): BlockComment[] {
  return comments.filter((comment) => !liveBlockIds.has(comment.blockId));
}

/**
 * The button a comment shows to `me` to resolve or reopen it, null for none. Who may resolve a comment
 * may reopen it, as the server rules: its author, the Presidency, the Secretariat. A reply in a thread
 * whose first comment is resolved shows none: the thread reads as resolved and the margin counts it
 * closed (`countOpenComments`), so a Resolve beside the reply contradicted both; the first comment's
 * Reopen opens the thread again.
 */
export function chooseStatusAction(
  comment: Pick<BlockComment, 'resolved'> & { readonly author: Pick<BlockComment['author'], 'id'> },
  me: Pick<Me, 'id' | 'role'>,
  inResolvedThread: boolean,
): 'resolve' | 'reopen' | null {
  const may = comment.author.id === me.id || me.role === 'presidency' || me.role === 'secretariat';
  if (!may || inResolvedThread) return null;
  return comment.resolved ? 'reopen' : 'resolve';
}

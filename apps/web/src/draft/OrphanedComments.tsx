import { useState } from 'react';
import type { BlockComment, Me } from '../api/client';
import { CommentThread } from './CommentThread';

/**
 * Comments whose paragraph was deleted: kept, with the text they were about, and still answered and
 * resolved as in a paragraph's panel (a discussion does not end because its paragraph went).
 */
export function OrphanedComments({
  documentId,
  comments,
  me,
  onChanged,
}: {
  readonly documentId: string;
  readonly comments: readonly BlockComment[];
  readonly me: Me;
  /** Call after this user changed something, so the comments are fetched at once. */
  readonly onChanged: () => void;
}) {
  // What the last action did, for screen readers: the buttons keep focus and say little themselves.
  const [announcement, setAnnouncement] = useState('');
  if (comments.length === 0) return null;
  const byBlock = new Map<string, BlockComment[]>();
  for (const comment of comments)
    byBlock.set(comment.blockId, [...(byBlock.get(comment.blockId) ?? []), comment]);
  return (
    <section className="orphaned-comments" aria-labelledby="orphaned-title">
      <h2 id="orphaned-title">Comments on deleted paragraphs</h2>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {[...byBlock].map(([blockId, onBlock]) => (
        <CommentThread
          key={blockId}
          documentId={documentId}
          blockId={blockId}
          comments={onBlock}
          me={me}
          deleted={false}
          orphaned
          onChanged={onChanged}
          onAnnounce={setAnnouncement}
        />
      ))}
    </section>
  );
}

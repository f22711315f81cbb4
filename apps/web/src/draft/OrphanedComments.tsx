import { formatCouncilTime } from '@accord/model';
import type { BlockComment } from '../api/client';

/** Comments whose paragraph was deleted: kept, with the text they were about. */
export function OrphanedComments({ comments }: { readonly comments: readonly BlockComment[] }) {
  if (comments.length === 0) return null;
  return (
    <section className="orphaned-comments" aria-labelledby="orphaned-title">
      <h2 id="orphaned-title">Comments on deleted paragraphs</h2>
      <ol className="comment-list">
        {comments.map((comment) => (
          <li key={comment.id}>
            <p className="comment-meta">
              <strong>{comment.author.delegation ?? comment.author.name}</strong>
              <span className="quiet">
                {' '}
                · {formatCouncilTime(comment.createdAt)}
                {comment.visibility === 'delegation' && ' · private note'}
              </span>
            </p>
            <blockquote className="comment-quote">{comment.quote}</blockquote>
            <p className="comment-body">{comment.body}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

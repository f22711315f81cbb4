/**
 * A block's comments and private notes, in threads, and the box that adds one: in the paragraph's
 * panel, and for a deleted paragraph in the room's list of comments on deleted paragraphs and in a
 * panel left open on it, where only a reply can be added (the server no longer knows the block's text
 * to quote): there the box shows once a reply is asked for, and a comment typed before the paragraph
 * went stays in a box of its own.
 */
import {
  can,
  formatCouncilTime,
  isMemberStateCode,
  MAX_COMMENT_BODY_CHARS,
  nameDelegationInText,
  nameDelegationPossessive,
} from '@accord/model';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { api, type BlockComment, type Me } from '../api/client';
import { useRequest } from '../api/use-request';
import { CountedTextarea } from '../components/CountedTextarea';
import { FormError } from '../components/FormError';
import { chooseStatusAction, threadComments } from './comment-threads';
import { keepUnsentText, type UnsentTexts } from './unsent-text';

export function CommentThread({
  documentId,
  blockId,
  comments,
  me,
  deleted,
  orphaned = false,
  unsent,
  onChanged,
  onAnnounce,
}: {
  readonly documentId: string;
  readonly blockId: string;
  readonly comments: readonly BlockComment[];
  readonly me: Me;
  /**
   * The room's unsent text: the comment or reply typed here when the panel last closed comes back,
   * and what is typed now is kept there for the next opening. None: kept only while this thread shows.
   */
  readonly unsent?: UnsentTexts;
  /**
   * The block left the text while its panel was open: a reply is sent, as in the list of comments on
   * deleted paragraphs; a new comment typed before is kept, apart, but not sent.
   */
  readonly deleted: boolean;
  /**
   * The comments of a block deleted from the text, listed apart: each thread shows what it was about,
   * and may be answered and resolved, but no new comment opens there.
   */
  readonly orphaned?: boolean;
  readonly onChanged: () => void;
  readonly onAnnounce: (message: string) => void;
}) {
  const box = useRef<HTMLTextAreaElement>(null);
  // Apart, so that a reply never goes out with (or wipes) a comment typed and not yet added.
  const [commentText, setCommentText] = useState(() => unsent?.get(blockId)?.comment ?? '');
  const [replyText, setReplyText] = useState(() => unsent?.get(blockId)?.reply?.text ?? '');
  const [privateNote, setPrivateNote] = useState(() => unsent?.get(blockId)?.privateNote ?? false);
  const [replyingTo, setReplyingTo] = useState<BlockComment | null>(() => {
    const to = unsent?.get(blockId)?.reply?.to;
    return comments.find((comment) => comment.id === to) ?? null;
  });
  useEffect(() => {
    if (unsent === undefined) return;
    keepUnsentText(unsent, blockId, {
      comment: commentText,
      privateNote,
      reply: replyingTo === null ? null : { to: replyingTo.id, text: replyText },
    });
  }, [unsent, blockId, commentText, privateNote, replyingTo, replyText]);
  // A deleted block takes replies alone: its box shows only for one, as in the list below the draft.
  const repliesOnly = deleted || orphaned;
  // A comment typed before the block was deleted stays in its box, unsent, until the panel closes or
  // the block comes back (an undo); none is offered otherwise.
  const [keepsComment, setKeepsComment] = useState(false);
  const [wasDeleted, setWasDeleted] = useState(deleted);
  if (deleted !== wasDeleted) {
    setWasDeleted(deleted);
    setKeepsComment(deleted && commentText !== '');
  }
  const body = replyingTo ? replyText : commentText;
  const setBody = replyingTo ? setReplyText : setCommentText;
  // One comment at a time: a second press while it is on its way would add it twice.
  const { busy, error, run } = useRequest();
  const canComment = can(me.role, 'comment');
  const shared = comments.filter((c) => c.visibility === 'all');
  const notes = comments.filter((c) => c.visibility === 'delegation');
  const delegation = me.delegation;
  const fieldLabel = replyingTo ? 'Reply' : privateNote ? 'Private note' : 'Comment';

  const submit = () => {
    const text = body.trim();
    if (text === '' || (repliesOnly && !replyingTo)) return;
    // A reply stays where its comment is: a reply to a private note is a private note too.
    const visibility = replyingTo
      ? replyingTo.visibility
      : privateNote && me.delegation
        ? 'delegation'
        : 'all';
    void run(
      () => api.addComment(documentId, blockId, { body: text, visibility, replyTo: replyingTo?.id ?? null }),
      () => {
        setBody('');
        setReplyingTo(null);
        // The emptied box disables the button that had focus: the box takes it, for the next comment.
        // A deleted paragraph's box goes with the reply: focus goes to the thread's list.
        if (repliesOnly) list.current?.focus();
        else box.current?.focus();
        onAnnounce(`${fieldLabel} added.`);
        onChanged();
      },
    );
  };
  const list = useRef<HTMLElement>(null);
  const reply = canComment
    ? (comment: BlockComment) => {
        // Words typed to answer another comment are not this one's answer.
        if (replyingTo?.id !== comment.id) setReplyText('');
        setReplyingTo(comment);
        // A deleted paragraph's box shows only once a reply is asked for.
        requestAnimationFrame(() => box.current?.focus());
      }
    : null;
  // The button pressed stays (Resolve becomes Reopen and back), and so does focus on it: it is said.
  const statusChanged = (message: string) => {
    onAnnounce(message);
    onChanged();
  };
  const showsForm = canComment && (!repliesOnly || replyingTo !== null);

  return (
    <section
      ref={list}
      tabIndex={repliesOnly ? -1 : undefined}
      aria-label={orphaned ? undefined : 'Comments'}
      className="comments"
    >
      {!orphaned && <h3>Comments</h3>}
      {/* The box and its private tick come straight after the comments, the delegation's private notes
          below: between the two (as they were) they split the comments from the box that adds one,
          on a phone a screen apart. Keyboard order is this order. */}
      {(!orphaned || shared.length > 0) && (
        <CommentList
          documentId={documentId}
          comments={shared}
          me={me}
          empty="No comments yet."
          quoted={orphaned}
          onStatusChanged={statusChanged}
          onReply={reply}
        />
      )}
      {deleted && keepsComment && (
        <label className="field">
          <span>Comment, not added: the paragraph was deleted</span>
          <CountedTextarea
            value={commentText}
            onChange={setCommentText}
            rows={3}
            limit={MAX_COMMENT_BODY_CHARS}
          />
        </label>
      )}
      {showsForm && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          {replyingTo && (
            <p className="replying-to">
              Replying to {replyingTo.author.delegation ?? replyingTo.author.name}:{' '}
              <q>{excerpt(replyingTo.body)}</q>{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setReplyingTo(null);
                  setReplyText('');
                  if (repliesOnly) list.current?.focus();
                  else box.current?.focus();
                }}
              >
                Cancel reply
              </button>
            </p>
          )}
          <label className="field">
            <span>{fieldLabel}</span>
            <CountedTextarea
              ref={box}
              value={body}
              onChange={setBody}
              rows={3}
              limit={MAX_COMMENT_BODY_CHARS}
            />
          </label>
          {delegation && !replyingTo && (
            <label className="choice">
              <input
                type="checkbox"
                checked={privateNote}
                onChange={(e) => setPrivateNote(e.target.checked)}
              />
              Only for {nameDelegationInText(delegation)} (a private note)
            </label>
          )}
          <FormError error={error} />
          <div className="form-actions">
            <button
              type="submit"
              className="primary"
              disabled={body.trim() === ''}
              aria-disabled={busy || undefined}
            >
              {replyingTo ? 'Add reply' : privateNote ? 'Add private note' : 'Add comment'}
            </button>
          </div>
        </form>
      )}
      {delegation && (!orphaned || notes.length > 0) && (
        <div className="private-notes">
          <h4>{nameDelegationPossessive(delegation, 'sentence')} private notes</h4>
          <p className="quiet">
            {/* The Commission's and the EEAS's people are no delegates. */}
            Only {nameDelegationPossessive(delegation)}{' '}
            {isMemberStateCode(delegation) ? 'delegates' : 'staff'} see these: not the Presidency, not other
            delegations.
          </p>
          <CommentList
            documentId={documentId}
            comments={notes}
            me={me}
            empty="No private notes."
            quoted={orphaned}
            onStatusChanged={statusChanged}
            onReply={reply}
          />
        </div>
      )}
    </section>
  );
}

/** The first words of a comment, to say which one a reply answers. */
function excerpt(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 59)}…`;
}

function CommentList({
  documentId,
  comments,
  me,
  empty,
  quoted,
  onStatusChanged,
  onReply,
}: {
  readonly documentId: string;
  readonly comments: readonly BlockComment[];
  readonly me: Me;
  readonly empty: string;
  /** Each thread shows the words it was about (its paragraph is no longer in the text to read them). */
  readonly quoted: boolean;
  /** Called once a comment of the list is resolved or reopened, with what to announce. */
  readonly onStatusChanged: (message: string) => void;
  /** Null when the caller may not comment. */
  readonly onReply: ((comment: BlockComment) => void) | null;
}) {
  if (comments.length === 0) return <p className="quiet">{empty}</p>;
  return (
    <ol className="comment-list">
      {threadComments(comments).map(({ comment, replies }) => (
        <CommentItem
          key={comment.id}
          documentId={documentId}
          comment={comment}
          me={me}
          quoted={quoted}
          onStatusChanged={onStatusChanged}
        >
          {onReply && (
            <button
              type="button"
              className="link-button"
              aria-label={`Reply to ${comment.author.delegation ?? comment.author.name}: ${excerpt(comment.body)}`}
              onClick={() => onReply(comment)}
            >
              Reply
            </button>
          )}
          {replies.length > 0 && (
            <ol className="comment-list replies" aria-label="Replies">
              {replies.map((r) => (
                <CommentItem
                  key={r.id}
                  documentId={documentId}
                  comment={r}
                  me={me}
                  quoted={false}
                  inResolvedThread={comment.resolved}
                  onStatusChanged={onStatusChanged}
                />
              ))}
            </ol>
          )}
        </CommentItem>
      ))}
    </ol>
  );
}

function CommentItem({
  documentId,
  comment,
  me,
  quoted,
  inResolvedThread = false,
  onStatusChanged,
  children,
}: {
  readonly documentId: string;
  readonly comment: BlockComment;
  readonly me: Me;
  readonly quoted: boolean;
  /** A reply under a first comment that is resolved. */
  readonly inResolvedThread?: boolean;
  readonly onStatusChanged: (message: string) => void;
  readonly children?: ReactNode;
}) {
  const action = chooseStatusAction(comment, me, inResolvedThread);
  // A second press while the first is on its way would send it again.
  const { busy, error, run } = useRequest();
  return (
    <li className={comment.resolved ? 'resolved' : undefined}>
      <p className="comment-meta">
        <strong>{comment.author.delegation ?? comment.author.name}</strong>
        {comment.author.delegation && <span className="quiet"> {comment.author.name}</span>}
        <span className="quiet"> · {formatCouncilTime(comment.createdAt)}</span>
        {comment.resolved && <span className="quiet"> · resolved</span>}
      </p>
      {quoted && <blockquote className="comment-quote">{comment.quote}</blockquote>}
      <p className="comment-body">{comment.body}</p>
      {action !== null && (
        <button
          type="button"
          className="link-button"
          aria-disabled={busy || undefined}
          onClick={() =>
            void run(
              () =>
                action === 'reopen'
                  ? api.reopenComment(documentId, comment.id)
                  : api.resolveComment(documentId, comment.id),
              () => onStatusChanged(action === 'reopen' ? 'Comment reopened.' : 'Comment resolved.'),
            )
          }
        >
          {action === 'reopen' ? 'Reopen' : 'Resolve'}
        </button>
      )}
      <FormError error={error} />
      {children}
    </li>
  );
}

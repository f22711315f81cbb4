import { isBlank } from '@accord/model';
import { createRoute, z } from '@hono/zod-openapi';
import { describeCommentCreated, describeCommentStatusChanged, toAuditActor } from '../audit/describe-audit';
import { canResolveComment, canSeeComment, toCommentBody } from '../comments/comment-views';
import { type Audience, EVERYONE } from '../events/event-bus';
import { badRequest, excerpt, forbidden, notFound } from '../http/api-error';
import { allow, refuseIdentityFields } from '../http/guards';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import { ERROR_RESPONSES, jsonBody, jsonResponse, NOT_FOUND_RESPONSE } from '../http/schemas';
import type { CommentRecord, NewComment } from '../store/consensus-stores';
import type { User } from '../store/store';
import type { ConsensusRouteDeps } from './consensus-deps';
import {
  BlockParams,
  CommentInputSchema,
  CommentParams,
  CommentSchema,
  CommentsQuery,
  DocumentParams,
} from './consensus-schemas';
import { findDocument } from './documents';

const createComment = createRoute({
  method: 'post',
  path: '/api/documents/{id}/blocks/{blockId}/comments',
  summary: 'Comment on a block, for all or for the caller’s delegation alone',
  middleware: [allow('comment'), refuseIdentityFields] as const,
  request: { params: BlockParams, body: jsonBody(CommentInputSchema) },
  responses: { 201: jsonResponse('Created', CommentSchema), ...ERROR_RESPONSES, ...NOT_FOUND_RESPONSE },
});

const listComments = createRoute({
  method: 'get',
  path: '/api/documents/{id}/comments',
  summary: 'The comments the caller may see, oldest first (orphaned ones kept, flagged)',
  request: { params: DocumentParams, query: CommentsQuery },
  responses: {
    200: jsonResponse('The comments', z.array(CommentSchema)),
    401: ERROR_RESPONSES[401],
    ...NOT_FOUND_RESPONSE,
  },
});

/** `POST …/comments/{commentId}/resolve` or `…/reopen`: the same rights, body and answers. */
function commentStatusRoute(verb: 'resolve' | 'reopen', summary: string, answered: string) {
  return createRoute({
    method: 'post',
    path: `/api/documents/{id}/comments/{commentId}/${verb}`,
    summary,
    middleware: [allow('comment')] as const,
    request: { params: CommentParams },
    responses: {
      200: jsonResponse(answered, CommentSchema),
      401: ERROR_RESPONSES[401],
      403: ERROR_RESPONSES[403],
      ...NOT_FOUND_RESPONSE,
    },
  });
}

const resolveComment = commentStatusRoute(
  'resolve',
  'Resolve a comment (its author, the Presidency or the Secretariat)',
  'Resolved',
);

const reopenComment = commentStatusRoute(
  'reopen',
  'Reopen a resolved comment (its author, the Presidency or the Secretariat); it may be resolved again',
  'Reopened',
);

function audienceOf(comment: CommentRecord): Audience {
  return comment.visibility === 'delegation' && comment.authorDelegation !== null
    ? { type: 'delegation', delegation: comment.authorDelegation }
    : EVERYONE;
}

export function createCommentRoutes(deps: ConsensusRouteDeps) {
  return (
    createRouter()
      .openapi(createComment, async (c) => {
        const user = requireUser(c, 'comment');
        const { id, blockId } = c.req.valid('param');
        const input = c.req.valid('json');
        if (isBlank(input.body)) throw badRequest('empty-comment', 'body: a comment needs some text');
        const quote =
          input.quote === null || input.quote === undefined || input.quote === '' ? null : input.quote;
        if (input.visibility === 'delegation' && user.delegation === null) {
          throw badRequest(
            'no-delegation',
            'visibility: only a user who belongs to a delegation can write a note for their delegation',
          );
        }
        await findDocument(deps.store, id);
        const live = await deps.live.read(id);
        const block = live.byId.get(blockId);

        const replyTo = input.replyTo ?? null;
        // A thread on a deleted block stays listed (orphaned) and may still be answered; a new comment
        // there may not: the block is not in the text to be read.
        if (block === undefined && replyTo === null)
          throw notFound('block-not-found', `document ${excerpt(id)} has no block ${excerpt(blockId)}`);
        let parent: CommentRecord | null = null;
        if (replyTo !== null) {
          parent = await deps.store.comments.findById(replyTo);
          if (parent === null || parent.documentId !== id || !canSeeComment(user, parent)) {
            throw badRequest(
              'invalid-reply',
              `replyTo: there is no comment ${excerpt(replyTo)} on this document for you`,
            );
          }
          if (parent.blockId !== blockId) {
            throw badRequest('invalid-reply', `replyTo: comment ${excerpt(replyTo)} is on another block`);
          }
          if (parent.visibility === 'delegation' && input.visibility !== 'delegation') {
            throw badRequest(
              'invalid-reply',
              'visibility: a reply to a delegation note stays within the delegation (visibility "delegation")',
            );
          }
        }

        const createdAt = deps.now();
        const comment: NewComment = {
          id: deps.newId(),
          documentId: id,
          blockId,
          authorId: user.id,
          authorName: user.name,
          authorDelegation: user.delegation,
          body: input.body,
          visibility: input.visibility,
          replyTo,
          // A reply on a deleted block quotes what its thread was about.
          quote: quote ?? block?.text ?? parent?.quote ?? '',
          createdAt,
        };
        const stored = await deps.store.comments.create(
          comment,
          describeCommentCreated(
            { documentId: id, actor: toAuditActor(user), at: createdAt },
            { ...comment, resolvedAt: null, resolvedBy: null },
          ),
        );
        const body = toCommentBody(stored, live.byId);
        deps.events.publish(
          id,
          { type: 'comment', data: { action: 'created', comment: body } },
          audienceOf(stored),
        );
        return c.json(body, 201);
      })
      .openapi(listComments, async (c) => {
        const user = requireUser(c, 'read');
        const { id } = c.req.valid('param');
        const { blockId } = c.req.valid('query');
        await findDocument(deps.store, id);
        const live = await deps.live.read(id);
        const visible = (await deps.store.comments.list(id)).filter(
          (comment) => canSeeComment(user, comment) && (blockId === undefined || comment.blockId === blockId),
        );
        return c.json(
          visible.map((comment) => toCommentBody(comment, live.byId)),
          200,
        );
      })
      .openapi(resolveComment, async (c) =>
        c.json(
          await changeCommentStatus(deps, requireUser(c, 'comment'), c.req.valid('param'), 'resolved'),
          200,
        ),
      )
      // Who may resolve a comment may take the resolution back.
      .openapi(reopenComment, async (c) =>
        c.json(
          await changeCommentStatus(deps, requireUser(c, 'comment'), c.req.valid('param'), 'reopened'),
          200,
        ),
      )
  );
}

/**
 * Resolves or reopens a comment; one already so is answered as it is. The store judges its status in
 * the transaction that changes it, and says whether it did: only then is the change pushed, so of a
 * resolve and a reopen at once the events end as the store does.
 */
async function changeCommentStatus(
  deps: ConsensusRouteDeps,
  user: User,
  { id, commentId }: { readonly id: string; readonly commentId: string },
  status: 'resolved' | 'reopened',
) {
  const comment = await findCommentToSettle(
    deps,
    user,
    id,
    commentId,
    status === 'resolved' ? 'resolve' : 'reopen',
  );
  const at = deps.now();
  const context = { documentId: id, actor: toAuditActor(user), at };
  const audit = describeCommentStatusChanged(context, comment, status);
  const outcome =
    status === 'resolved'
      ? await deps.store.comments.resolve(commentId, user.id, at, audit)
      : await deps.store.comments.reopen(commentId, user.id, at, audit);
  if (outcome === null) throw notFound('comment-not-found', `there is no comment ${excerpt(commentId)}`);
  const live = await deps.live.read(id);
  const body = toCommentBody(outcome.comment, live.byId);
  if (outcome.changed) {
    deps.events.publish(
      id,
      { type: 'comment', data: { action: status, comment: body } },
      audienceOf(outcome.comment),
    );
  }
  return body;
}

/**
 * The comment `user` would resolve or reopen: 404 when there is none on the document that the user may
 * see (a private note of another delegation is none), 403 when the user may see it but not change it.
 */
async function findCommentToSettle(
  deps: ConsensusRouteDeps,
  user: User,
  id: string,
  commentId: string,
  verb: 'resolve' | 'reopen',
): Promise<CommentRecord> {
  await findDocument(deps.store, id);
  const comment = await deps.store.comments.findById(commentId);
  if (comment === null || comment.documentId !== id || !canSeeComment(user, comment)) {
    throw notFound(
      'comment-not-found',
      `there is no comment ${excerpt(commentId)} on document ${excerpt(id)}`,
    );
  }
  if (!canResolveComment(user, comment)) {
    throw forbidden(`only its author, the Presidency or the Secretariat may ${verb} a comment`);
  }
  return comment;
}

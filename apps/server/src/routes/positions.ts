import { isMemberStateCode, recordPosition } from '@accord/model';
import { createRoute } from '@hono/zod-openapi';
import { toPositionBody } from '../consensus/consensus-views';
import { ApiError, excerpt, forbidden, notFound } from '../http/api-error';
import { allow, refuseIdentityFields } from '../http/guards';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import { ERROR_RESPONSES, jsonBody, jsonResponse, NOT_FOUND_RESPONSE } from '../http/schemas';
import type { User } from '../store/store';
import type { ConsensusRouteDeps } from './consensus-deps';
import { BlockParams, PositionInputSchema, PositionSchema, WithdrawnSchema } from './consensus-schemas';
import { findDocument } from './documents';

const putPosition = createRoute({
  method: 'put',
  path: '/api/documents/{id}/blocks/{blockId}/position',
  summary: 'Record the caller’s delegation’s position on a block, pinned to its live text (delegates)',
  middleware: [allow('take-position'), refuseIdentityFields] as const,
  request: { params: BlockParams, body: jsonBody(PositionInputSchema) },
  responses: {
    200: jsonResponse('Recorded', PositionSchema),
    ...ERROR_RESPONSES,
    ...NOT_FOUND_RESPONSE,
  },
});

const deletePosition = createRoute({
  method: 'delete',
  path: '/api/documents/{id}/blocks/{blockId}/position',
  summary: 'Withdraw the caller’s delegation’s position on a block (delegates)',
  middleware: [allow('take-position')] as const,
  request: { params: BlockParams },
  responses: {
    200: jsonResponse('Withdrawn', WithdrawnSchema),
    401: ERROR_RESPONSES[401],
    403: ERROR_RESPONSES[403],
    ...NOT_FOUND_RESPONSE,
  },
});

/** A note over its limit is refused like every free text over its limit (the schema refuses it first). */
const STATUS_OF_REFUSAL: Readonly<Record<string, 400 | 413>> = { 'note-too-long': 413 };

/** The caller's Member State; a delegate always has one, this guards against a bad row. */
function ownDelegation(user: User) {
  if (!isMemberStateCode(user.delegation)) {
    throw forbidden('only a Member State’s delegates take positions');
  }
  return user.delegation;
}

export function createPositionRoutes(deps: ConsensusRouteDeps) {
  return createRouter()
    .openapi(putPosition, async (c) => {
      const user = requireUser(c, 'take-position');
      const delegation = ownDelegation(user);
      const { id, blockId } = c.req.valid('param');
      const input = c.req.valid('json');
      const document = await findDocument(deps.store, id);
      const block = (await deps.live.read(id)).byId.get(blockId);
      if (block === undefined)
        throw notFound('block-not-found', `document ${excerpt(id)} has no block ${excerpt(blockId)}`);
      const recorded = recordPosition({
        blockId,
        delegation,
        position: input.position,
        note: input.note,
        text: block.text,
        revision: document.revision,
        at: new Date(deps.now()).toISOString(),
        userId: user.id,
      });
      if (!recorded.ok) {
        const { code, field, message } = recorded.error;
        throw new ApiError(STATUS_OF_REFUSAL[code] ?? 400, code, `${field}: ${message}`);
      }
      await deps.ledger.recordPosition(id, recorded.value, user);
      return c.json(toPositionBody(recorded.value), 200);
    })
    .openapi(deletePosition, async (c) => {
      const user = requireUser(c, 'take-position');
      const delegation = ownDelegation(user);
      const { id, blockId } = c.req.valid('param');
      await findDocument(deps.store, id);
      const withdrawn = await deps.ledger.withdrawPosition(id, blockId, delegation, user);
      if (withdrawn === null) {
        throw notFound(
          'position-not-found',
          `${delegation} has no position on block ${excerpt(blockId)} to withdraw`,
        );
      }
      return c.json({ blockId, delegation, withdrawn: true as const, at: withdrawn.at }, 200);
    });
}

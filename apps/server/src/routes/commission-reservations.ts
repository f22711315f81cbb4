import {
  COMMISSION,
  isWholeTextId,
  mayEnterCommissionReservation,
  recordCommissionReservation,
} from '@accord/model';
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { toCommissionReservationBody } from '../consensus/consensus-views';
import { ApiError, excerpt, forbidden, notFound } from '../http/api-error';
import { refuseIdentityFields } from '../http/guards';
import { requireUser } from '../http/require';
import { type AppEnv, createRouter } from '../http/router';
import { ERROR_RESPONSES, jsonBody, jsonResponse, NOT_FOUND_RESPONSE } from '../http/schemas';
import type { ConsensusRouteDeps } from './consensus-deps';
import {
  BlockParams,
  CommissionReservationInputSchema,
  CommissionReservationSchema,
  CommissionReservationWithdrawnSchema,
} from './consensus-schemas';
import { findDocument } from './documents';

const PATH = '/api/documents/{id}/blocks/{blockId}/commission-reservation';

/** The Commission's users only: a Member State records a position, other observers neither. */
const allowCommission: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = requireUser(c, 'read');
  if (!mayEnterCommissionReservation(user)) {
    throw forbidden(
      'only the Commission’s users enter a Commission reservation; Member States record positions',
    );
  }
  await next();
};

const putReservation = createRoute({
  method: 'put',
  path: PATH,
  summary: 'Enter the Commission’s reservation on a block, pinned to its live text (the Commission’s users)',
  description:
    'Recorded and shown, never counted: a block’s status, missing Member States and QMV figures stay as they are. A revision’s footnotes record it after the Member States (“COM: reservation.”).',
  middleware: [allowCommission, refuseIdentityFields] as const,
  request: { params: BlockParams, body: jsonBody(CommissionReservationInputSchema) },
  responses: {
    200: jsonResponse('Entered', CommissionReservationSchema),
    ...ERROR_RESPONSES,
    ...NOT_FOUND_RESPONSE,
  },
});

const deleteReservation = createRoute({
  method: 'delete',
  path: PATH,
  summary: 'Withdraw the Commission’s reservation on a block (the Commission’s users)',
  middleware: [allowCommission] as const,
  request: { params: BlockParams },
  responses: {
    200: jsonResponse('Withdrawn', CommissionReservationWithdrawnSchema),
    401: ERROR_RESPONSES[401],
    403: ERROR_RESPONSES[403],
    ...NOT_FOUND_RESPONSE,
  },
});

export function createCommissionReservationRoutes(deps: ConsensusRouteDeps) {
  return createRouter()
    .openapi(putReservation, async (c) => {
      const user = requireUser(c, 'read');
      const { id, blockId } = c.req.valid('param');
      const input = c.req.valid('json');
      const document = await findDocument(deps.store, id);
      const block = isWholeTextId(blockId) ? undefined : (await deps.live.read(id)).byId.get(blockId);
      if (block === undefined)
        throw notFound('block-not-found', `document ${excerpt(id)} has no block ${excerpt(blockId)}`);
      const recorded = recordCommissionReservation({
        blockId,
        position: input.position,
        note: input.note,
        text: block.text,
        revision: document.revision,
        at: new Date(deps.now()).toISOString(),
        userId: user.id,
      });
      if (!recorded.ok) {
        const { code, field, message } = recorded.error;
        throw new ApiError(code === 'note-too-long' ? 413 : 400, code, `${field}: ${message}`);
      }
      await deps.ledger.recordCommissionReservation(id, recorded.value, user);
      return c.json(toCommissionReservationBody(recorded.value), 200);
    })
    .openapi(deleteReservation, async (c) => {
      const user = requireUser(c, 'read');
      const { id, blockId } = c.req.valid('param');
      await findDocument(deps.store, id);
      const withdrawn = await deps.ledger.withdrawCommissionReservation(id, blockId, user);
      if (withdrawn === null) {
        throw notFound(
          'reservation-not-found',
          `the Commission has no reservation on block ${excerpt(blockId)}`,
        );
      }
      return c.json({ blockId, delegation: COMMISSION, withdrawn: true as const, at: withdrawn.at }, 200);
    });
}

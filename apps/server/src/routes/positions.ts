import {
  isMemberStateCode,
  isWholeTextId,
  type MemberStateCode,
  type PositionError,
  type PositionRecord,
  type Result,
  recordGeneralReservation,
  recordPosition,
  WHOLE_TEXT_ID,
} from '@accord/model';
import { createRoute } from '@hono/zod-openapi';
import { type PositionBody, toPositionBody } from '../consensus/consensus-views';
import { ApiError, excerpt, forbidden, notFound } from '../http/api-error';
import { allow, refuseIdentityFields } from '../http/guards';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import { ERROR_RESPONSES, jsonBody, jsonResponse, NOT_FOUND_RESPONSE } from '../http/schemas';
import type { User } from '../store/store';
import type { ConsensusRouteDeps } from './consensus-deps';
import {
  BlockParams,
  DocumentParams,
  PositionInputSchema,
  PositionSchema,
  WithdrawnSchema,
} from './consensus-schemas';
import { findDocument } from './documents';

/** A route that records the caller's delegation's position, on a block or on the whole text. */
function recordRoute<P extends string, Params extends typeof BlockParams | typeof DocumentParams>(
  path: P,
  params: Params,
  summary: string,
  description?: string,
) {
  return createRoute({
    method: 'put',
    path,
    summary,
    ...(description === undefined ? {} : { description }),
    middleware: [allow('take-position'), refuseIdentityFields] as const,
    request: { params, body: jsonBody(PositionInputSchema) },
    responses: {
      200: jsonResponse('Recorded', PositionSchema),
      ...ERROR_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  });
}

/** A route that withdraws it. */
function withdrawRoute<P extends string, Params extends typeof BlockParams | typeof DocumentParams>(
  path: P,
  params: Params,
  summary: string,
) {
  return createRoute({
    method: 'delete',
    path,
    summary,
    middleware: [allow('take-position')] as const,
    request: { params },
    responses: {
      200: jsonResponse('Withdrawn', WithdrawnSchema),
      401: ERROR_RESPONSES[401],
      403: ERROR_RESPONSES[403],
      ...NOT_FOUND_RESPONSE,
    },
  });
}

const putPosition = recordRoute(
  '/api/documents/{id}/blocks/{blockId}/position',
  BlockParams,
  'Record the caller’s delegation’s position on a block, pinned to its live text (delegates)',
);
const deletePosition = withdrawRoute(
  '/api/documents/{id}/blocks/{blockId}/position',
  BlockParams,
  'Withdraw the caller’s delegation’s position on a block (delegates)',
);
const putGeneralReservation = recordRoute(
  '/api/documents/{id}/position',
  DocumentParams,
  'Record the caller’s delegation’s general reservation, on the whole text (delegates)',
  `A reservation kind only; the position's \`blockId\` is \`${WHOLE_TEXT_ID}\`. Until the delegation withdraws it, the document is not agreed.`,
);
const deleteGeneralReservation = withdrawRoute(
  '/api/documents/{id}/position',
  DocumentParams,
  'Withdraw the caller’s delegation’s general reservation (delegates)',
);

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
      const { id, blockId } = c.req.valid('param');
      const input = c.req.valid('json');
      const body = await record(deps, user, id, async (pin) => {
        // The whole text's id is no block's (the server re-ids a block carrying it).
        const block = isWholeTextId(blockId) ? undefined : (await deps.live.read(id)).byId.get(blockId);
        if (block === undefined)
          throw notFound('block-not-found', `document ${excerpt(id)} has no block ${excerpt(blockId)}`);
        return recordPosition({
          blockId,
          delegation: pin.delegation,
          position: input.position,
          note: input.note,
          text: block.text,
          revision: pin.revision,
          at: pin.at,
          userId: pin.userId,
        });
      });
      return c.json(body, 200);
    })
    .openapi(deletePosition, async (c) => {
      const user = requireUser(c, 'take-position');
      const { id, blockId } = c.req.valid('param');
      // The whole text's id is no block's: a general reservation is withdrawn by its own route.
      const target = isWholeTextId(blockId) ? null : blockId;
      return c.json(await withdraw(deps, user, id, target, `position on block ${excerpt(blockId)}`), 200);
    })
    .openapi(putGeneralReservation, async (c) => {
      const user = requireUser(c, 'take-position');
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const body = await record(deps, user, id, (pin) =>
        recordGeneralReservation({
          delegation: pin.delegation,
          position: input.position,
          note: input.note,
          revision: pin.revision,
          at: pin.at,
          userId: pin.userId,
        }),
      );
      return c.json(body, 200);
    })
    .openapi(deleteGeneralReservation, async (c) => {
      const user = requireUser(c, 'take-position');
      const { id } = c.req.valid('param');
      return c.json(await withdraw(deps, user, id, WHOLE_TEXT_ID, 'general reservation'), 200);
    });
}

/** What the server pins a position to: the caller's delegation and the document's revision, now. */
interface Pin {
  readonly delegation: MemberStateCode;
  readonly revision: number;
  readonly at: string;
  readonly userId: string;
}

/**
 * Records the position `build` makes (the model validates it) for the caller's delegation, with its
 * audit entry, once the document is known; answers its body.
 */
async function record(
  deps: ConsensusRouteDeps,
  user: User,
  id: string,
  build: (pin: Pin) => Result<PositionRecord, PositionError> | Promise<Result<PositionRecord, PositionError>>,
): Promise<PositionBody> {
  const delegation = ownDelegation(user);
  const document = await findDocument(deps.store, id);
  const recorded = await build({
    delegation,
    revision: document.revision,
    at: new Date(deps.now()).toISOString(),
    userId: user.id,
  });
  if (!recorded.ok) throw refusal(recorded.error);
  await deps.ledger.recordPosition(id, recorded.value, user);
  return toPositionBody(recorded.value);
}

function refusal(error: PositionError): ApiError {
  return new ApiError(STATUS_OF_REFUSAL[error.code] ?? 400, error.code, `${error.field}: ${error.message}`);
}

/**
 * Withdraws the caller's delegation's position on `blockId` (`WHOLE_TEXT_ID`: its general
 * reservation); null for an id that may hold none, answered like one without a position. `what` names
 * it in the 404.
 */
async function withdraw(
  deps: ConsensusRouteDeps,
  user: User,
  id: string,
  blockId: string | null,
  what: string,
) {
  const delegation = ownDelegation(user);
  await findDocument(deps.store, id);
  const nothing = () => notFound('position-not-found', `${delegation} has no ${what} to withdraw`);
  if (blockId === null) throw nothing();
  const withdrawn = await deps.ledger.withdrawPosition(id, blockId, delegation, user);
  if (withdrawn === null) throw nothing();
  return { blockId, delegation, withdrawn: true as const, at: withdrawn.at };
}

import {
  isMemberStateCode,
  isWholeTextId,
  type MemberStateCode,
  type PositionError,
  type PositionKind,
  type PositionRecord,
  type Result,
  recordGeneralReservation,
  recordPosition,
  WHOLE_TEXT_ID,
} from '@accord/model';
import { createRoute } from '@hono/zod-openapi';
import type { GivenPosition } from '../consensus/consensus-ledger';
import { type PositionBody, toPositionBody } from '../consensus/consensus-views';
import type { LiveText } from '../consensus/live-text';
import { diffSincePinned } from '../consensus/position-changes';
import { badRequest, excerpt, forbidden, notFound } from '../http/api-error';
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
  PositionsInputSchema,
  PositionsSchema,
  WithdrawnSchema,
} from './consensus-schemas';
import { DiffSchema } from './diff';
import { findDocument } from './documents';
import {
  enterStatement,
  liveBlockText,
  pinNow,
  type StatementPin,
  statementRefusal,
  statementRoutes,
  withdrawStatement,
} from './statement-routes';

const routes = statementRoutes(allow('take-position'), {
  input: PositionInputSchema,
  recorded: PositionSchema,
  withdrawn: WithdrawnSchema,
});

const putPosition = routes.record(
  '/api/documents/{id}/blocks/{blockId}/position',
  BlockParams,
  'Record the caller’s delegation’s position on a block, pinned to its live text (delegates)',
);
const deletePosition = routes.withdraw(
  '/api/documents/{id}/blocks/{blockId}/position',
  BlockParams,
  'Withdraw the caller’s delegation’s position on a block (delegates)',
);
const putGeneralReservation = routes.record(
  '/api/documents/{id}/position',
  DocumentParams,
  'Record the caller’s delegation’s general reservation, on the whole text (delegates)',
  `A reservation kind only; the position's \`blockId\` is \`${WHOLE_TEXT_ID}\`. Until the delegation withdraws it, the document is not agreed.`,
);
const deleteGeneralReservation = routes.withdraw(
  '/api/documents/{id}/position',
  DocumentParams,
  'Withdraw the caller’s delegation’s general reservation (delegates)',
);

const putPositions = createRoute({
  method: 'put',
  path: '/api/documents/{id}/positions',
  summary: 'Record several of the caller’s delegation’s positions at once, all or none (delegates)',
  description:
    'Each pinned to its block’s live text as it reads now, in one transaction: an unknown block (404), a block named twice or a refused note (400, 413) records none of them.',
  middleware: [allow('take-position'), refuseIdentityFields] as const,
  request: { params: DocumentParams, body: jsonBody(PositionsInputSchema) },
  responses: {
    200: jsonResponse('Recorded, in the order given', PositionsSchema),
    ...ERROR_RESPONSES,
    ...NOT_FOUND_RESPONSE,
  },
});

const getPositionChanges = createRoute({
  method: 'get',
  path: '/api/documents/{id}/blocks/{blockId}/position/changes',
  summary: 'What changed in a block since the caller’s delegation gave its position on it (delegates)',
  description:
    'A diff (as `GET …/diff` gives) from the text the position was pinned to (`from`: "position") to the live text (`to`: "live"), with the block and its footnotes only. 404 `position-not-found` when the delegation has no position on the block, `position-text-unknown` for a position given before Accord kept the texts positions are pinned to (compare with its revision instead).',
  middleware: [allow('take-position')] as const,
  request: { params: BlockParams },
  responses: {
    200: jsonResponse('The changes since the position', DiffSchema),
    401: ERROR_RESPONSES[401],
    403: ERROR_RESPONSES[403],
    ...NOT_FOUND_RESPONSE,
  },
});

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
      const body = await record(deps, user, id, (pin, delegation, live) =>
        givePosition(
          pin,
          delegation,
          { blockId, position: input.position, note: input.note },
          liveBlockText(live, id, blockId),
        ),
      );
      return c.json(body, 200);
    })
    .openapi(putPositions, async (c) => {
      const user = requireUser(c, 'take-position');
      const { id } = c.req.valid('param');
      const { positions } = c.req.valid('json');
      const delegation = ownDelegation(user);
      const named = new Set<string>();
      positions.forEach(({ blockId }, index) => {
        if (named.has(blockId)) {
          throw badRequest(
            'duplicate-block',
            `positions.${index}.blockId: block ${excerpt(blockId)} is named twice`,
          );
        }
        named.add(blockId);
      });
      // One reading of the live text: every position is pinned to the text as it reads at this moment.
      const { pin, live } = await pinNow(deps, user, id);
      const records = positions.map((input) => {
        const block = isWholeTextId(input.blockId) ? undefined : live.statements.get(input.blockId);
        if (block === undefined) {
          throw notFound('block-not-found', `document ${excerpt(id)} has no block ${excerpt(input.blockId)}`);
        }
        const built = givePosition(pin, delegation, input, block.text);
        if (!built.ok) throw statementRefusal(built.error);
        return built.value;
      });
      await deps.ledger.recordPositions(id, records, user);
      return c.json({ positions: records.map((given) => toPositionBody(given.record)) }, 200);
    })
    .openapi(getPositionChanges, async (c) => {
      const user = requireUser(c, 'take-position');
      const { id, blockId } = c.req.valid('param');
      const delegation = ownDelegation(user);
      await findDocument(deps.store, id);
      const live = await deps.live.read(id);
      if (isWholeTextId(blockId) || !live.byId.has(blockId)) {
        throw notFound('block-not-found', `document ${excerpt(id)} has no block ${excerpt(blockId)}`);
      }
      const position = await deps.ledger.currentPosition(id, blockId, delegation);
      if (position === null) {
        throw notFound('position-not-found', `${delegation} has no position on block ${excerpt(blockId)}`);
      }
      const statement = await deps.store.positions.findText(id, blockId, position.textHash);
      if (statement === null) {
        throw notFound(
          'position-text-unknown',
          `the text ${delegation}’s position was given on was not kept (it was given before Accord kept such texts): compare with its revision`,
        );
      }
      return c.json(
        diffSincePinned(live.document, blockId, statement, `the text ${delegation} gave its position on`),
        200,
      );
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
      const body = await record(deps, user, id, (pin, delegation) =>
        pinnedTo(
          undefined,
          recordGeneralReservation({
            delegation,
            position: input.position,
            note: input.note,
            revision: pin.revision,
            at: pin.at,
            userId: pin.userId,
          }),
        ),
      );
      return c.json(body, 200);
    })
    .openapi(deleteGeneralReservation, async (c) => {
      const user = requireUser(c, 'take-position');
      const { id } = c.req.valid('param');
      return c.json(await withdraw(deps, user, id, WHOLE_TEXT_ID, 'general reservation'), 200);
    });
}

/**
 * Records the position `build` makes (the model validates it) for the caller's delegation, with its
 * audit entry, once the document is known; answers its body.
 */
async function record(
  deps: ConsensusRouteDeps,
  user: User,
  id: string,
  build: (
    pin: StatementPin,
    delegation: MemberStateCode,
    live: LiveText,
  ) => Result<GivenPosition, PositionError> | Promise<Result<GivenPosition, PositionError>>,
): Promise<PositionBody> {
  const delegation = ownDelegation(user);
  const given = await enterStatement(
    deps,
    user,
    id,
    (pin, live) => build(pin, delegation, live),
    (position) => deps.ledger.recordPosition(id, position, user),
  );
  return toPositionBody(given.record);
}

/** The model's position on `input.blockId`, pinned to the block's statement `text` and to `pin`. */
function givePosition(
  pin: StatementPin,
  delegation: MemberStateCode,
  input: { readonly blockId: string; readonly position: PositionKind; readonly note?: string | null },
  text: string,
): Result<GivenPosition, PositionError> {
  return pinnedTo(
    text,
    recordPosition({
      blockId: input.blockId,
      delegation,
      position: input.position,
      note: input.note,
      text,
      revision: pin.revision,
      at: pin.at,
      userId: pin.userId,
    }),
  );
}

/** The position the model built, with the statement text it is pinned to (none on the whole text). */
function pinnedTo(
  text: string | undefined,
  built: Result<PositionRecord, PositionError>,
): Result<GivenPosition, PositionError> {
  if (!built.ok) return built;
  return { ok: true, value: { record: built.value, text } };
}

/**
 * Withdraws the caller's delegation's position on `blockId` (`WHOLE_TEXT_ID`: its general
 * reservation); null for an id that may hold none, answered like one without a position. `what` names
 * it in the 404.
 */
function withdraw(deps: ConsensusRouteDeps, user: User, id: string, blockId: string | null, what: string) {
  const delegation = ownDelegation(user);
  return withdrawStatement(deps.store, id, {
    blockId,
    delegation,
    take: (target) => deps.ledger.withdrawPosition(id, target, delegation, user),
    nothing: () => notFound('position-not-found', `${delegation} has no ${what} to withdraw`),
  });
}

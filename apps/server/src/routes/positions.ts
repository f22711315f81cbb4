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
import { type PositionBody, toPositionBody } from '../consensus/consensus-views';
import { excerpt, forbidden, notFound } from '../http/api-error';
import { allow } from '../http/guards';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import type { User } from '../store/store';
import type { ConsensusRouteDeps } from './consensus-deps';
import {
  BlockParams,
  DocumentParams,
  PositionInputSchema,
  PositionSchema,
  WithdrawnSchema,
} from './consensus-schemas';
import {
  enterStatement,
  liveBlockText,
  type StatementPin,
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
      const body = await record(deps, user, id, async (pin, delegation) =>
        recordPosition({
          blockId,
          delegation,
          position: input.position,
          note: input.note,
          text: await liveBlockText(deps, id, blockId),
          revision: pin.revision,
          at: pin.at,
          userId: pin.userId,
        }),
      );
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
      const body = await record(deps, user, id, (pin, delegation) =>
        recordGeneralReservation({
          delegation,
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
  ) => Result<PositionRecord, PositionError> | Promise<Result<PositionRecord, PositionError>>,
): Promise<PositionBody> {
  const delegation = ownDelegation(user);
  const recorded = await enterStatement(
    deps,
    user,
    id,
    (pin) => build(pin, delegation),
    (position) => deps.ledger.recordPosition(id, position, user),
  );
  return toPositionBody(recorded);
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

import {
  COMMISSION,
  type CommissionReservation,
  isWholeTextId,
  mayEnterCommissionReservation,
  type PositionError,
  type Result,
  recordCommissionGeneralReservation,
  recordCommissionReservation,
  WHOLE_TEXT_ID,
} from '@accord/model';
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { toCommissionReservationBody } from '../consensus/consensus-views';
import type { LiveText } from '../consensus/live-text';
import { diffSincePinned } from '../consensus/position-changes';
import { excerpt, forbidden, notFound } from '../http/api-error';
import { requireUser } from '../http/require';
import { type AppEnv, createRouter } from '../http/router';
import { ERROR_RESPONSES, jsonResponse, NOT_FOUND_RESPONSE } from '../http/schemas';
import type { User } from '../store/store';
import type { ConsensusRouteDeps } from './consensus-deps';
import {
  BlockParams,
  CommissionReservationInputSchema,
  CommissionReservationSchema,
  CommissionReservationWithdrawnSchema,
  DocumentParams,
} from './consensus-schemas';
import { DiffSchema } from './diff';
import { findDocument } from './documents';
import {
  enterStatement,
  liveBlockText,
  type StatementPin,
  statementRoutes,
  withdrawStatement,
} from './statement-routes';

const PATH = '/api/documents/{id}/blocks/{blockId}/commission-reservation';
const GENERAL_PATH = '/api/documents/{id}/commission-reservation';

/**
 * The Commission's users only. The refusal says no more than that: the EEAS, refused too, is asking
 * to record no Member State's position.
 */
const allowCommission: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = requireUser(c, 'read');
  if (!mayEnterCommissionReservation(user)) {
    throw forbidden('only the European Commission’s users enter its reservations');
  }
  await next();
};

const getReservationChanges = createRoute({
  method: 'get',
  path: `${PATH}/changes`,
  summary:
    'What changed in a block since the Commission entered its reservation on it (the Commission’s users)',
  description:
    'A diff (as `GET …/diff` gives) from the text the reservation was pinned to (`from`: "position") to the live text (`to`: "live"), with the block and its footnotes only, as a delegation is shown for its position. 404 `reservation-not-found` when the Commission holds none on the block, `position-text-unknown` for one entered before Accord kept the texts reservations are pinned to (compare with its revision instead).',
  middleware: [allowCommission] as const,
  request: { params: BlockParams },
  responses: {
    200: jsonResponse('The changes since the reservation', DiffSchema),
    401: ERROR_RESPONSES[401],
    403: ERROR_RESPONSES[403],
    ...NOT_FOUND_RESPONSE,
  },
});

const routes = statementRoutes(allowCommission, {
  input: CommissionReservationInputSchema,
  recorded: CommissionReservationSchema,
  withdrawn: CommissionReservationWithdrawnSchema,
});

const putReservation = routes.record(
  PATH,
  BlockParams,
  'Enter the Commission’s reservation on a block, pinned to its live text (the Commission’s users)',
  'Recorded and shown, never counted: a block’s status, missing Member States and QMV figures stay as they are. A revision’s footnotes record it after the Member States (“COM: reservation.”).',
);
const deleteReservation = routes.withdraw(
  PATH,
  BlockParams,
  'Withdraw the Commission’s reservation on a block (the Commission’s users)',
);
const putGeneralReservation = routes.record(
  GENERAL_PATH,
  DocumentParams,
  'Enter the Commission’s general reservation, on the whole text (the Commission’s users)',
  `Recorded and shown, never counted: the document's status stays as it is. It stands until withdrawn (no edit makes it stale); the consensus report lists it first among \`commission\`, with \`blockId\` \`${WHOLE_TEXT_ID}\`, and a revision's footnote of general reservations records it after the Member States' (“COM: general reservation.”).`,
);
const deleteGeneralReservation = routes.withdraw(
  GENERAL_PATH,
  DocumentParams,
  'Withdraw the Commission’s general reservation (the Commission’s users)',
);

export function createCommissionReservationRoutes(deps: ConsensusRouteDeps) {
  return createRouter()
    .openapi(putReservation, async (c) => {
      const user = requireUser(c, 'read');
      const { id, blockId } = c.req.valid('param');
      const input = c.req.valid('json');
      // Kept with the reservation, to show the Commission what changed since.
      let text: string | undefined;
      const body = await enter(
        deps,
        user,
        id,
        (pin, live) => {
          text = liveBlockText(live, id, blockId);
          return recordCommissionReservation({
            ...pin,
            blockId,
            text,
            position: input.position,
            note: input.note,
          });
        },
        () => text,
      );
      return c.json(body, 200);
    })
    .openapi(getReservationChanges, async (c) => {
      const { id, blockId } = c.req.valid('param');
      await findDocument(deps.store, id);
      const live = await deps.live.read(id);
      if (isWholeTextId(blockId) || !live.byId.has(blockId)) {
        throw notFound('block-not-found', `document ${excerpt(id)} has no block ${excerpt(blockId)}`);
      }
      const reservation = await deps.ledger.currentCommissionReservation(id, blockId);
      if (reservation === null) {
        throw notFound(
          'reservation-not-found',
          `the Commission has no reservation on block ${excerpt(blockId)}`,
        );
      }
      const statement = await deps.store.positions.findText(id, blockId, reservation.textHash);
      if (statement === null) {
        throw notFound(
          'position-text-unknown',
          'the text the Commission’s reservation was entered on was not kept (it was entered before Accord kept such texts): compare with its revision',
        );
      }
      return c.json(
        diffSincePinned(
          live.document,
          blockId,
          statement,
          `the text ${COMMISSION} entered its reservation on`,
        ),
        200,
      );
    })
    .openapi(deleteReservation, async (c) => {
      const user = requireUser(c, 'read');
      const { id, blockId } = c.req.valid('param');
      const target = isWholeTextId(blockId) ? null : blockId;
      return c.json(await withdraw(deps, user, id, target, `reservation on block ${excerpt(blockId)}`), 200);
    })
    .openapi(putGeneralReservation, async (c) => {
      const user = requireUser(c, 'read');
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const body = await enter(deps, user, id, (pin) =>
        recordCommissionGeneralReservation({ ...pin, position: input.position, note: input.note }),
      );
      return c.json(body, 200);
    })
    .openapi(deleteGeneralReservation, async (c) => {
      const user = requireUser(c, 'read');
      const { id } = c.req.valid('param');
      return c.json(await withdraw(deps, user, id, WHOLE_TEXT_ID, 'general reservation'), 200);
    });
}

/**
 * Records the reservation `build` makes (the model validates it) once the document is known, with the
 * statement text `pinnedText` says it was pinned to (none on the whole text).
 */
async function enter(
  deps: ConsensusRouteDeps,
  user: User,
  id: string,
  build: (
    pin: StatementPin,
    live: LiveText,
  ) => Result<CommissionReservation, PositionError> | Promise<Result<CommissionReservation, PositionError>>,
  pinnedText: () => string | undefined = () => undefined,
) {
  const recorded = await enterStatement(deps, user, id, build, (reservation) =>
    deps.ledger.recordCommissionReservation(id, reservation, user, pinnedText()),
  );
  return toCommissionReservationBody(recorded);
}

/**
 * Withdraws the Commission's reservation on `blockId` (`WHOLE_TEXT_ID`: its general reservation);
 * null for an id that may hold none, answered like one without a reservation. `what` names it in the
 * 404.
 */
function withdraw(deps: ConsensusRouteDeps, user: User, id: string, blockId: string | null, what: string) {
  return withdrawStatement(deps.store, id, {
    blockId,
    delegation: COMMISSION,
    take: (target) => deps.ledger.withdrawCommissionReservation(id, target, user),
    nothing: () => notFound('reservation-not-found', `the Commission has no ${what}`),
  });
}

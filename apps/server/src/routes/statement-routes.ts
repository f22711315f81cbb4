import { isWholeTextId, type PositionError, type Result } from '@accord/model';
import { createRoute, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { LiveText } from '../consensus/live-text';
import { ApiError, excerpt, notFound } from '../http/api-error';
import { refuseIdentityFields } from '../http/guards';
import type { AppEnv } from '../http/router';
import { ERROR_RESPONSES, jsonBody, jsonResponse, NOT_FOUND_RESPONSE } from '../http/schemas';
import type { Store, User } from '../store/store';
import type { ConsensusRouteDeps } from './consensus-deps';
import type { BlockParams, DocumentParams } from './consensus-schemas';
import { findDocument, findDocumentWithLiveText } from './documents';

type Params = typeof BlockParams | typeof DocumentParams;

/**
 * The route pairs that record a statement on a block or on the whole text and withdraw it: a
 * delegation's position or general reservation, the Commission's reservation. `guard` says who may;
 * a body naming a delegation or an author is refused before anything is read.
 */
export function statementRoutes<
  Input extends z.ZodType,
  Recorded extends z.ZodType,
  Withdrawn extends z.ZodType,
>(
  guard: MiddlewareHandler<AppEnv>,
  schemas: { readonly input: Input; readonly recorded: Recorded; readonly withdrawn: Withdrawn },
) {
  return {
    record: <P extends string, Q extends Params>(path: P, params: Q, summary: string, description?: string) =>
      createRoute({
        method: 'put',
        path,
        summary,
        ...(description === undefined ? {} : { description }),
        middleware: [guard, refuseIdentityFields] as const,
        request: { params, body: jsonBody(schemas.input) },
        responses: {
          200: jsonResponse('Recorded', schemas.recorded),
          ...ERROR_RESPONSES,
          ...NOT_FOUND_RESPONSE,
        },
      }),
    withdraw: <P extends string, Q extends Params>(path: P, params: Q, summary: string) =>
      createRoute({
        method: 'delete',
        path,
        summary,
        middleware: [guard] as const,
        request: { params },
        responses: {
          200: jsonResponse('Withdrawn', schemas.withdrawn),
          401: ERROR_RESPONSES[401],
          403: ERROR_RESPONSES[403],
          ...NOT_FOUND_RESPONSE,
        },
      }),
  };
}

/** A note over its limit is refused like every free text over its limit (the schema refuses it first). */
const STATUS_OF_REFUSAL: Readonly<Partial<Record<PositionError['code'], 400 | 413>>> = {
  'note-too-long': 413,
};

/** The answer to a statement the model refused: 400 naming the field, 413 for a note too long. */
export function statementRefusal(error: PositionError): ApiError {
  return new ApiError(STATUS_OF_REFUSAL[error.code] ?? 400, error.code, `${error.field}: ${error.message}`);
}

/** What the server pins a statement to, never the body: the document's revision, now, the caller. */
export interface StatementPin {
  readonly revision: number;
  readonly at: string;
  readonly userId: string;
}

/**
 * The pin for `user`'s statement on document `id` (404 for an unknown document), with the live text
 * the statement is pinned to, of the revision it names (`findDocumentWithLiveText`).
 */
export async function pinNow(
  deps: Pick<ConsensusRouteDeps, 'store' | 'now' | 'live'>,
  user: User,
  id: string,
): Promise<{ readonly pin: StatementPin; readonly live: LiveText }> {
  const { record, live } = await findDocumentWithLiveText(deps, id);
  return {
    pin: { revision: record.revision, at: new Date(deps.now()).toISOString(), userId: user.id },
    live,
  };
}

/**
 * Pins and builds a statement for `user` on document `id` (404 for an unknown one), refuses what the
 * model refused, and saves it through `save`; resolves with the saved statement.
 */
export async function enterStatement<T>(
  deps: Pick<ConsensusRouteDeps, 'store' | 'now' | 'live'>,
  user: User,
  id: string,
  build: (pin: StatementPin, live: LiveText) => Result<T, PositionError> | Promise<Result<T, PositionError>>,
  save: (statement: T) => Promise<void>,
): Promise<T> {
  const { pin, live } = await pinNow(deps, user, id);
  const built = await build(pin, live);
  if (!built.ok) throw statementRefusal(built.error);
  await save(built.value);
  return built.value;
}

/**
 * Block `blockId`'s statement text (`statementText`: its text and the footnotes it cites) in `live`,
 * document `id`'s live text, for a statement to be pinned to; 404 when it has none (the whole
 * text's id is no block's). An empty block takes one (it stands once the block has text typed into
 * it, stale): the document's status leaves the block out meanwhile.
 */
export function liveBlockText(live: LiveText, id: string, blockId: string): string {
  const block = isWholeTextId(blockId) ? undefined : live.statements.get(blockId);
  if (block === undefined)
    throw notFound('block-not-found', `document ${excerpt(id)} has no block ${excerpt(blockId)}`);
  return block.text;
}

/**
 * Withdraws a statement on `blockId` (`WHOLE_TEXT_ID`: a general reservation) through `take`, once the
 * document is known, and answers the withdrawal; `nothing` (a 404) when there is none to withdraw, or
 * when `blockId` is null, an id that may hold none.
 */
export async function withdrawStatement<Delegation extends string>(
  store: Store,
  id: string,
  statement: {
    readonly blockId: string | null;
    readonly delegation: Delegation;
    readonly take: (blockId: string) => Promise<{ readonly at: string } | null>;
    readonly nothing: () => ApiError;
  },
) {
  const { blockId, delegation } = statement;
  await findDocument(store, id);
  const withdrawn = blockId === null ? null : await statement.take(blockId);
  if (blockId === null || withdrawn === null) throw statement.nothing();
  return { blockId, delegation, withdrawn: true as const, at: withdrawn.at };
}

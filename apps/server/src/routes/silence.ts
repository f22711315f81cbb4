import { describeSilence } from '@accord/model';
import { createRoute } from '@hono/zod-openapi';
import type { SilenceFailure } from '../consensus/consensus-ledger';
import { toSilenceBody } from '../consensus/consensus-views';
import { ApiError, badRequest } from '../http/api-error';
import { allow, refuseIdentityFields } from '../http/guards';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import { ERROR_RESPONSES, ErrorSchema, jsonBody, jsonResponse, NOT_FOUND_RESPONSE } from '../http/schemas';
import type { ConsensusRouteDeps } from './consensus-deps';
import {
  DocumentParams,
  SilenceBreakSchema,
  SilenceCancelSchema,
  SilenceSchema,
  SilenceStartSchema,
} from './consensus-schemas';
import { findDocument } from './documents';

const CONFLICT_RESPONSE = {
  409: {
    description:
      'A procedure is already running, or the procedure can no longer be broken or cancelled (none is running)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

const startSilence = createRoute({
  method: 'post',
  path: '/api/documents/{id}/silence',
  summary: 'Start a silence procedure on the live text until a deadline (presidency)',
  middleware: [allow('run-procedure'), refuseIdentityFields] as const,
  request: { params: DocumentParams, body: jsonBody(SilenceStartSchema) },
  responses: {
    201: jsonResponse('Started', SilenceSchema),
    ...ERROR_RESPONSES,
    ...NOT_FOUND_RESPONSE,
    ...CONFLICT_RESPONSE,
  },
});

const breakSilence = createRoute({
  method: 'post',
  path: '/api/documents/{id}/silence/break',
  summary: 'Break the silence procedure for the caller’s delegation, with a reason (delegates)',
  middleware: [allow('take-position'), refuseIdentityFields] as const,
  request: { params: DocumentParams, body: jsonBody(SilenceBreakSchema) },
  responses: {
    200: jsonResponse('Broken', SilenceSchema),
    ...ERROR_RESPONSES,
    ...NOT_FOUND_RESPONSE,
    ...CONFLICT_RESPONSE,
  },
});

const cancelSilence = createRoute({
  method: 'post',
  path: '/api/documents/{id}/silence/cancel',
  summary:
    'Cancel the running silence procedure, e.g. one started with the wrong deadline or text; it never lapses (presidency)',
  middleware: [allow('run-procedure'), refuseIdentityFields] as const,
  request: {
    params: DocumentParams,
    // The reason is optional, and so is the body that would hold it.
    body: { required: false, content: { 'application/json': { schema: SilenceCancelSchema } } },
  },
  responses: {
    200: jsonResponse('Cancelled', SilenceSchema),
    ...ERROR_RESPONSES,
    ...NOT_FOUND_RESPONSE,
    ...CONFLICT_RESPONSE,
  },
});

/** Free text over its limit: 413, as everywhere (the schema refuses an oversized reason first). */
const TOO_LARGE: ReadonlySet<SilenceFailure['code']> = new Set(['reason-too-long']);

/** Refusals that are about the state of the procedure, not the request: 409. */
const CONFLICTS: ReadonlySet<SilenceFailure['code']> = new Set([
  'silence-running',
  'no-silence-procedure',
  'silence-over',
  'already-broken',
  'silence-not-running',
]);

function toApiError(failure: SilenceFailure): ApiError {
  // A conflict is the procedure's state, not a field of the request: it is not named after one (its
  // `at` is the server's clock, nothing the caller sent).
  if (CONFLICTS.has(failure.code)) return new ApiError(409, failure.code, failure.message);
  const message = `${failure.field}: ${failure.message}`;
  if (TOO_LARGE.has(failure.code)) return new ApiError(413, failure.code, message);
  return badRequest(failure.code, message);
}

export function createSilenceRoutes(deps: ConsensusRouteDeps) {
  return createRouter()
    .openapi(startSilence, async (c) => {
      const user = requireUser(c, 'run-procedure');
      const { id } = c.req.valid('param');
      const { until } = c.req.valid('json');
      await findDocument(deps.store, id);
      const live = await deps.live.read(id);
      const started = await deps.ledger.startSilence(id, live, until, user);
      if (!started.ok) throw toApiError(started.error);
      return c.json(toSilenceBody(describeSilence(started.value, new Date(deps.now()).toISOString())), 201);
    })
    .openapi(breakSilence, async (c) => {
      const user = requireUser(c, 'take-position');
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      await findDocument(deps.store, id);
      const broken = await deps.ledger.breakSilence(id, reason, user);
      if (!broken.ok) throw toApiError(broken.error);
      return c.json(toSilenceBody(describeSilence(broken.value, new Date(deps.now()).toISOString())), 200);
    })
    .openapi(cancelSilence, async (c) => {
      const user = requireUser(c, 'run-procedure');
      const { id } = c.req.valid('param');
      // Without a body (or a JSON content type) there is nothing to validate: no reason.
      const { reason } = (c.req.valid('json') ?? {}) as { reason?: string };
      await findDocument(deps.store, id);
      const cancelled = await deps.ledger.cancelSilence(id, reason, user);
      if (!cancelled.ok) throw toApiError(cancelled.error);
      return c.json(toSilenceBody(describeSilence(cancelled.value, new Date(deps.now()).toISOString())), 200);
    });
}

import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Authenticated } from '../auth/authenticate';
import type { SessionEnds } from '../auth/session-ends';
import { DOCUMENT_LIST_CHANNEL } from '../events/document-list-events';
import type { BusEvent, DeliveredEvent } from '../events/event-bus';
import { toValidationError } from '../http/error-handling';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import { ERROR_RESPONSES, NOT_FOUND_RESPONSE } from '../http/schemas';
import type { ConsensusRouteDeps } from './consensus-deps';
import { DocumentParams } from './consensus-schemas';
import { findDocument } from './documents';
import { DocumentEventSchema, DocumentListEventSchema } from './event-schemas';

/** A comment line is sent this often so that proxies keep an idle stream open. */
export const SSE_HEARTBEAT_MS = 25_000;
/** How long a browser's EventSource waits before reconnecting. */
export const SSE_RETRY_MS = 2_000;
/** Events waiting for a client that does not read; beyond this the stream is closed (it reconnects). */
export const MAX_QUEUED_EVENTS = 10_000;

/** What `streamSSE` answers with, as a HEAD is told. */
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } as const;

/** The header a reconnecting stream sends (EventSource does by itself) to have what it missed replayed. */
const LastEventIdHeaders = z.object({
  'last-event-id': z
    .string()
    .optional()
    .describe('The `id:` of the last event seen: the events missed since are sent after `ready`'),
});

/** A stream's 200 in the OpenAPI document, its events those of the schema `schemaName`. */
function describeEventStream(schemaName: string) {
  return {
    description: `An endless text/event-stream. Each event’s \`event:\` and the JSON of its \`data:\` are one of \`${schemaName}\` (components.schemas); \`id:\` is opaque, for \`Last-Event-ID\``,
    content: { 'text/event-stream': { schema: z.string() } },
  };
}

/**
 * `GET /api/documents/:id/events`: the document's live changes as server-sent events (see
 * `events/document-events.ts` for the types). Authenticated like every API call (session cookie, which
 * EventSource sends, or a bearer token). The subscription is made before `ready` is written, so a
 * client that saw `ready` misses nothing after it. A client that reconnects with `Last-Event-ID` (as
 * EventSource does by itself) gets `ready` with `resumed: true` and the events it missed, when the
 * server still has them (see `DocumentEventBus`); otherwise `resumed: false`, and it should fetch
 * what it shows again.
 */
export function createEventRoutes(
  deps: Pick<ConsensusRouteDeps, 'store' | 'events' | 'ledger'> & { readonly sessionEnds: SessionEnds },
) {
  const router = createRouter();
  // Streamed, so served by a plain route; described here for the OpenAPI document.
  router.openAPIRegistry.register('DocumentEvent', DocumentEventSchema);
  router.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/documents/{id}/events',
    summary: `The document’s live changes as server-sent events: ${DocumentEventSchema.options
      .map((option) => option.shape.event.value)
      .join(', ')}`,
    request: {
      params: DocumentParams,
      headers: LastEventIdHeaders,
    },
    responses: {
      200: describeEventStream('DocumentEvent'),
      401: ERROR_RESPONSES[401],
      ...NOT_FOUND_RESPONSE,
    },
  });
  return router.get('/api/documents/:id/events', async (c) => {
    const user = requireUser(c, 'read');
    const auth = c.get('auth') as Authenticated;
    // A plain route: its path is checked against the schema every other route's is, by hand.
    const params = DocumentParams.safeParse({ id: c.req.param('id') });
    if (!params.success) throw toValidationError(params.error);
    const { id } = params.data;
    await findDocument(deps.store, id);
    // Hono answers a HEAD with the GET handler's headers and drops its body unread: a stream opened
    // for it would never end, and its subscription would hold events for nobody, for good.
    if (c.req.method === 'HEAD') return c.body(null, 200, SSE_HEADERS);
    // After a restart nothing else may have armed the running procedure's deadline: the stream is
    // what tells of its lapse, watched before `ready`. A failure here (the store closing) only leaves
    // the deadline unwatched.
    await deps.ledger.watchRunningDeadline(id).catch(() => {});
    return streamEvents(c, deps.sessionEnds, auth, {
      subscribe: (listener) => deps.events.subscribe(id, user, listener),
      eventsSince: (last) => deps.events.eventsSince(id, user, last),
      ready: (resumed) => ({ documentId: id, resumed }),
    });
  });
}

/**
 * `GET /api/events`: the document list's live changes (see `events/document-list-events.ts`), as the
 * per-document stream sends a document's: same authentication, `ready` first, heartbeat, replay. Each
 * document's stream cannot tell the list: a new document has none yet, and a browser would hold a
 * connection per listed document.
 */
export function createDocumentListEventRoutes(
  deps: Pick<ConsensusRouteDeps, 'events'> & { readonly sessionEnds: SessionEnds },
) {
  const router = createRouter();
  router.openAPIRegistry.register('DocumentListEvent', DocumentListEventSchema);
  router.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/events',
    summary: `The document list’s live changes as server-sent events: ${DocumentListEventSchema.options
      .map((option) => option.shape.event.value)
      .join(', ')}`,
    request: {
      headers: LastEventIdHeaders,
    },
    responses: {
      200: describeEventStream('DocumentListEvent'),
      401: ERROR_RESPONSES[401],
    },
  });
  return router.get('/api/events', async (c) => {
    const user = requireUser(c, 'read');
    const auth = c.get('auth') as Authenticated;
    // As for a document's stream: a HEAD's body is never read, so no subscription is made for it.
    if (c.req.method === 'HEAD') return c.body(null, 200, SSE_HEADERS);
    const list = deps.events.list;
    return streamEvents(c, deps.sessionEnds, auth, {
      subscribe: (listener) => list.subscribe(DOCUMENT_LIST_CHANNEL, user, listener),
      eventsSince: (last) => list.eventsSince(DOCUMENT_LIST_CHANNEL, user, last),
      ready: (resumed) => ({ resumed }),
    });
  });
}

/** Where a stream's events come from: one channel of a bus, as the user may see it. */
interface StreamSource {
  readonly subscribe: (listener: (event: DeliveredEvent<BusEvent>, eventId: string) => void) => () => void;
  readonly eventsSince: (lastEventId: string) => { event: DeliveredEvent<BusEvent>; id: string }[] | null;
  /** The `ready` event's data. */
  readonly ready: (resumed: boolean) => object;
}

/**
 * The stream both routes answer with. The subscription is made before `ready` is written, so a client
 * that saw `ready` misses nothing after it; with `Last-Event-ID` the events missed come next, when the
 * bus still has them (`resumed: true`). A heartbeat keeps an idle stream open through proxies; a
 * client that does not read, or whose session ends, is cut off.
 */
function streamEvents(c: Context, sessionEnds: SessionEnds, auth: Authenticated, source: StreamSource) {
  const lastEventId = c.req.header('last-event-id') ?? null;
  return streamSSE(c, async (stream) => {
    const queue: { event: DeliveredEvent<BusEvent>; id: string }[] = [];
    let wake: (() => void) | null = null;
    let open = true;
    const notify = () => {
      const resume = wake;
      wake = null;
      resume?.();
    };
    const unsubscribe = source.subscribe((event, eventId) => {
      if (queue.length >= MAX_QUEUED_EVENTS) open = false;
      else queue.push({ event, id: eventId });
      notify();
    });
    // Right after subscribing, in the same turn: the missed events end where the queue's begin.
    const missed = lastEventId === null ? null : source.eventsSince(lastEventId);
    if (missed !== null) queue.push(...missed);
    const close = () => {
      open = false;
      notify();
    };
    stream.onAbort(close);
    // Signed out (or in as someone else), expired, or the user's access revoked: nothing more goes.
    const stopWatching = sessionEnds.watchConnection(auth, close);
    let heartbeatDue = false;
    const heartbeat = setInterval(() => {
      heartbeatDue = true;
      notify();
    }, SSE_HEARTBEAT_MS);
    heartbeat.unref();
    try {
      await stream.writeSSE({
        event: 'ready',
        data: JSON.stringify(source.ready(missed !== null)),
        retry: SSE_RETRY_MS,
      });
      while (open && !stream.aborted) {
        const next = queue.shift();
        if (next !== undefined) {
          const { event } = next;
          await stream.writeSSE({ event: event.type, data: event.json, id: next.id });
        } else if (heartbeatDue) {
          heartbeatDue = false;
          await stream.write(': keep-alive\n\n');
        } else {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      }
    } finally {
      unsubscribe();
      stopWatching();
      clearInterval(heartbeat);
    }
  });
}

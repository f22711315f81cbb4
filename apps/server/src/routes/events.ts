import { z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { Authenticated } from '../auth/authenticate';
import type { SessionEnds } from '../auth/session-ends';
import type { DeliveredEvent } from '../events/event-bus';
import { toValidationError } from '../http/error-handling';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import { ERROR_RESPONSES, NOT_FOUND_RESPONSE } from '../http/schemas';
import type { ConsensusRouteDeps } from './consensus-deps';
import { DocumentParams } from './consensus-schemas';
import { findDocument } from './documents';
import { DocumentEventSchema } from './event-schemas';

/** A comment line is sent this often so that proxies keep an idle stream open. */
export const SSE_HEARTBEAT_MS = 25_000;
/** How long a browser's EventSource waits before reconnecting. */
export const SSE_RETRY_MS = 2_000;
/** Events waiting for a client that does not read; beyond this the stream is closed (it reconnects). */
export const MAX_QUEUED_EVENTS = 10_000;

/** What `streamSSE` answers with, as a HEAD is told. */
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } as const;

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
  deps: Pick<ConsensusRouteDeps, 'store' | 'events'> & { readonly sessionEnds: SessionEnds },
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
      headers: z.object({
        'last-event-id': z
          .string()
          .optional()
          .describe('The `id:` of the last event seen: the events missed since are sent after `ready`'),
      }),
    },
    responses: {
      200: {
        description:
          'An endless text/event-stream. Each event’s `event:` and the JSON of its `data:` are one of `DocumentEvent` (components.schemas); `id:` is opaque, for `Last-Event-ID`',
        content: { 'text/event-stream': { schema: z.string() } },
      },
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
    const lastEventId = c.req.header('last-event-id') ?? null;
    await findDocument(deps.store, id);
    // Hono answers a HEAD with the GET handler's headers and drops its body unread: a stream opened
    // for it would never end, and its subscription would hold events for nobody, for good.
    if (c.req.method === 'HEAD') return c.body(null, 200, SSE_HEADERS);
    return streamSSE(c, async (stream) => {
      const queue: { event: DeliveredEvent; id: string }[] = [];
      let wake: (() => void) | null = null;
      let open = true;
      const notify = () => {
        const resume = wake;
        wake = null;
        resume?.();
      };
      const unsubscribe = deps.events.subscribe(id, user, (event, eventId) => {
        if (queue.length >= MAX_QUEUED_EVENTS) open = false;
        else queue.push({ event, id: eventId });
        notify();
      });
      // Right after subscribing, in the same turn: the missed events end where the queue's begin.
      const missed = lastEventId === null ? null : deps.events.eventsSince(id, user, lastEventId);
      if (missed !== null) queue.push(...missed);
      const close = () => {
        open = false;
        notify();
      };
      stream.onAbort(close);
      // Signed out (or in as someone else), expired, or the user's access revoked: nothing more goes.
      const stopWatching = deps.sessionEnds.watchConnection(auth, close);
      let heartbeatDue = false;
      const heartbeat = setInterval(() => {
        heartbeatDue = true;
        notify();
      }, SSE_HEARTBEAT_MS);
      heartbeat.unref();
      try {
        await stream.writeSSE({
          event: 'ready',
          data: JSON.stringify({ documentId: id, resumed: missed !== null }),
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
  });
}

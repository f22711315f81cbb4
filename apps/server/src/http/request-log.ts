import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './router';

/**
 * One line per request once it is answered:
 * `2026-12-01T17:55:00.123Z 203.0.113.7 GET /api/documents 200 12ms` (when it came, who sent it,
 * method, path, status, time taken). No header is written and the path goes as sent, percent-encoded
 * (so a line cannot be split), cut at its query: neither a token (`/login?token=…`, also sent encoded
 * as `/login%3Ftoken=…`) nor a cookie reaches a log. Hono's `logger` writes two lines a request, one
 * before it is handled, with neither time nor address.
 *
 * An event stream's line waits for the stream's end, so its time is how long it was open: written at
 * its first byte, as any other answer's, it gave the time to open it and said nothing of when a
 * client went away (one line, as nginx writes one at the end, so counting lines counts requests).
 */
export function logRequests(write: (line: string) => void, now: () => number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const receivedAt = now();
    const started = performance.now();
    await next();
    const writeLine = () =>
      write(
        formatRequestLine({
          receivedAt,
          address: c.get('client')?.address ?? null,
          method: c.req.method,
          url: c.req.url,
          status: c.res.status,
          tookMs: performance.now() - started,
        }),
      );
    const body = c.res.body;
    if (body !== null && c.res.headers.get('content-type')?.startsWith('text/event-stream')) {
      c.res = new Response(whenEnded(body, writeLine), c.res);
    } else {
      writeLine();
    }
  };
}

/** `body` as it streams, calling `ended` once when it ends, fails or its reader (the client) goes. */
function whenEnded(body: ReadableStream<Uint8Array>, ended: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let over = false;
  const end = () => {
    if (over) return;
    over = true;
    ended();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) {
          end();
          controller.close();
        } else {
          controller.enqueue(chunk.value);
        }
      } catch (error) {
        end();
        controller.error(error);
      }
    },
    cancel(reason) {
      end();
      return reader.cancel(reason);
    },
  });
}

/** One line of the request log (the sync endpoint's upgrades are written with it too). */
export function formatRequestLine(request: {
  readonly receivedAt: number;
  readonly address: string | null;
  readonly method: string;
  /** As received: only its path, percent-encoded, is written. */
  readonly url: string;
  readonly status: number;
  readonly tookMs: number;
}): string {
  const path = new URL(request.url, 'http://localhost').pathname.replace(/%3F.*$/is, '');
  return `${new Date(request.receivedAt).toISOString()} ${request.address ?? '-'} ${request.method} ${path} ${request.status} ${Math.round(request.tookMs)}ms`;
}

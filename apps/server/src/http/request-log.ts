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
  const path = readLoggedPath(request.url);
  return `${formatLogTime(request.receivedAt)} ${request.address ?? '-'} ${request.method} ${path} ${request.status} ${Math.round(request.tookMs)}ms`;
}

/**
 * An absolute URL whose path the URL parser keeps as written: only characters it leaves unencoded, no
 * backslash (read as `/`) and no `.` segment (resolved), written or encoded (`%2e`), which the second
 * check finds. A Request's URL (`c.req.url`) is one, already parsed or checked by the adapter.
 */
const PLAIN_URL = /^https?:\/\/[^/?#\\]*(\/[!$%&'()*+,\-./0-9:;=@A-Z[\]_a-z~]*)(?:[?#]|$)/;
const DOT_SEGMENT = /\/(?:\.|%2e)/i;

/**
 * The path of `url` as the log writes it: percent-encoded, without its query, nor a query sent
 * encoded (`%3F`). Cut out of a plain URL, as the parser would give it, at a fifth of a parse's cost
 * (the log runs on every request); any other goes through the parser.
 */
export function readLoggedPath(url: string): string {
  const plain = PLAIN_URL.exec(url)?.[1];
  const path =
    plain !== undefined && !DOT_SEGMENT.test(plain) ? plain : new URL(url, 'http://localhost').pathname;
  const encodedQuery = path.search(/%3F/i);
  return encodedQuery === -1 ? path : path.slice(0, encodedQuery);
}

/** The second `secondPrefix` was made for, and its ISO text up to the milliseconds. */
let stampedSecond = Number.NaN;
let secondPrefix = '';

/**
 * `new Date(ms).toISOString()`, its text up to the second kept for the next line: Node takes about a
 * microsecond to format a date, the costliest part of a line, and lines come many a second.
 */
export function formatLogTime(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== stampedSecond) {
    secondPrefix = new Date(second * 1000).toISOString().slice(0, -4);
    stampedSecond = second;
  }
  return `${secondPrefix}${String(ms - second * 1000).padStart(3, '0')}Z`;
}

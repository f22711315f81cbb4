import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './router';

/**
 * One line per request once it is answered:
 * `2026-12-01T17:55:00.123Z 203.0.113.7 GET /api/documents 200 12ms` (when it came, who sent it,
 * method, path, status, time taken). No header is written and the path goes as sent, percent-encoded
 * (so a line cannot be split), cut at its query: neither a token (`/login?token=…`, also sent encoded
 * as `/login%3Ftoken=…`) nor a cookie reaches a log. Hono's `logger` writes two lines a request, one
 * before it is handled, with neither time nor address.
 */
export function logRequests(write: (line: string) => void, now: () => number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const receivedAt = now();
    const started = performance.now();
    await next();
    const address = c.get('client')?.address ?? '-';
    const path = new URL(c.req.url).pathname.replace(/%3F.*$/is, '');
    const took = Math.round(performance.now() - started);
    write(
      `${new Date(receivedAt).toISOString()} ${address} ${c.req.method} ${path} ${c.res.status} ${took}ms`,
    );
  };
}

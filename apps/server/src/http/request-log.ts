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
  };
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

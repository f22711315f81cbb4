import type { MiddlewareHandler } from 'hono';

/**
 * One line per request once it is answered: `GET /api/documents 200 12ms`. The path is written
 * without its query (`/login?token=…` carries a login token) and no header is, so neither a token nor
 * a cookie reaches a log. Hono's `logger` writes two lines a request, one before it is handled.
 */
export function logRequests(write: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    write(`${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
  };
}

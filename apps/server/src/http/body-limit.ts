import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-error';

const tooLarge = (maxSize: number) =>
  new ApiError(413, 'body-too-large', `the body is over ${maxSize} bytes`);

/**
 * Refuses request bodies over `maxSize` bytes with 413. Hono's `bodyLimit` first reads
 * `c.req.raw.body`, which makes @hono/node-server build a full Web `Request` around a stream for every
 * request (a seventh of a position write's CPU), where its own `json()` reads the socket directly.
 * Node's HTTP parser never lets a body run past its Content-Length and gives a message with neither
 * Content-Length nor Transfer-Encoding no body, so on Node those cases are judged on the headers; a
 * chunked body, or a request not from Node (`app.request` in tests), is counted as it streams.
 */
export function limitBody(maxSize: number): MiddlewareHandler<{ Bindings: { incoming?: IncomingMessage } }> {
  const counted = bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge(maxSize);
    },
  });
  return async (c, next) => {
    const fromNode = c.env?.incoming !== undefined;
    if (!fromNode || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    const length = c.req.header('content-length');
    if (length !== undefined && Number(length) > maxSize) throw tooLarge(maxSize);
    return next();
  };
}

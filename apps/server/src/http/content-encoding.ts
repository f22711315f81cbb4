import type { MiddlewareHandler } from 'hono';
import { ApiError, excerpt } from './api-error';

/**
 * Refuses a request body sent with a `Content-Encoding` (gzip, br, …) with 415, as HTTP has it: the
 * server reads bodies as sent, so a compressed one would be refused as "not valid JSON", and a plain
 * one labelled compressed taken as if the label were not there. `identity` is no encoding.
 */
export const refuseEncodedBodies: MiddlewareHandler = async (c, next) => {
  const encoding = c.req.header('content-encoding')?.trim() ?? '';
  const hasBody =
    c.req.header('transfer-encoding') !== undefined || Number(c.req.header('content-length') ?? 0) > 0;
  if (hasBody && encoding !== '' && encoding.toLowerCase() !== 'identity') {
    throw new ApiError(
      415,
      'unsupported-content-encoding',
      `Content-Encoding: ${excerpt(encoding)} is not read; send the body uncompressed`,
    );
  }
  await next();
};

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { refuseEncodedBodies } from './content-encoding';
import { createErrorHandler } from './error-handling';

function app() {
  const hono = new Hono();
  hono.onError(createErrorHandler(() => {}));
  hono.use('*', refuseEncodedBodies);
  hono.post('/', async (c) => c.json(await c.req.json()));
  return hono;
}

const post = (headers: Record<string, string>, body = '{"a":1}') =>
  app().request('/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
    body,
  });

describe('refuseEncodedBodies', () => {
  it.each(['gzip', 'br', 'deflate, gzip', 'GZIP'])('refuses a body sent as %s with 415', async (encoding) => {
    const response = await post({ 'content-encoding': encoding });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      error: {
        code: 'unsupported-content-encoding',
        message: `Content-Encoding: ${encoding} is not read; send the body uncompressed`,
      },
    });
  });

  it('reads a body sent as it is, or as identity', async () => {
    expect((await post({})).status).toBe(200);
    expect((await post({ 'content-encoding': 'identity' })).status).toBe(200);
  });
});

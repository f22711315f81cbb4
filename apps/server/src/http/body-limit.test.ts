import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitBody } from './body-limit';
import { createErrorHandler } from './error-handling';

const MAX = 1_000;

/** A real Node server, since the shortcut judges bodies by the headers Node's parser enforces. */
const app = new Hono<{ Bindings: { incoming?: unknown } }>();
app.onError(createErrorHandler(() => {}));
app.use('*', limitBody(MAX));
app.put('/echo', async (c) => c.json({ received: ((await c.req.json()) as { text: string }).text.length }));
const server = createAdaptorServer({ fetch: app.fetch });
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends the body in the given chunks; without `declareLength` it goes chunked (Transfer-Encoding). */
function put(chunks: string[], declareLength: boolean): Promise<{ status: number; body: unknown }> {
  const body = chunks.join('');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: '/echo',
        headers: {
          'content-type': 'application/json',
          ...(declareLength ? { 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('limitBody over a real Node server', () => {
  const small = JSON.stringify({ text: 'x'.repeat(100) });
  const large = JSON.stringify({ text: 'x'.repeat(MAX) });

  it.each([
    ['with Content-Length', true],
    ['chunked', false],
  ])('lets a body within the limit through, %s', async (_how, declareLength) => {
    expect(await put([small], declareLength)).toEqual({ status: 200, body: { received: 100 } });
  });

  it.each([
    ['with Content-Length', true],
    ['chunked', false],
  ])('refuses a body over the limit with 413, %s', async (_how, declareLength) => {
    const halves = [large.slice(0, 600), large.slice(600)];
    const result = await put(halves, declareLength);
    expect(result.status).toBe(413);
    expect(result.body).toEqual({
      error: { code: 'body-too-large', message: `the body is over ${MAX} bytes` },
    });
  });
});

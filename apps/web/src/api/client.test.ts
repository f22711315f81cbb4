import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from './client';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server that sends the head and part of a body, then drops the connection. */
async function listenDroppingMidBody(): Promise<string> {
  const listening = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    // Once the first bytes are written, the connection goes: the head is received, the body never whole.
    response.write('{"id":"u-', () => response.socket?.destroy());
  });
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
}

describe('request', () => {
  it('answers a network failure, not a rejection, when the connection drops while the answer comes', async () => {
    const base = await listenDroppingMidBody();
    expect(await request('GET', `${base}/api/me`)).toEqual({
      ok: false,
      error: { code: 'network', message: 'The server cannot be reached.', status: 0 },
    });
  });
});

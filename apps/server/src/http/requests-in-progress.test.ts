import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestsInProgress } from './requests-in-progress';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A server that answers only when told (`answer`), counted by a `RequestsInProgress`. */
async function serveHeld() {
  const held = new Map<string, ServerResponse>();
  const server = createServer((request, response) => {
    // An event stream starts its answer at once and stays open.
    if (request.url?.includes('/events')) response.writeHead(200, { 'content-type': 'text/event-stream' });
    held.set(request.url ?? '', response);
  });
  const requests = new RequestsInProgress(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () => server.closeAllConnections(),
    () => server.close(),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const arrived = (path: string) => expect.poll(() => held.has(path)).toBe(true);
  const answer = (path: string) => held.get(path)?.end('done');
  return { url, requests, arrived, answer };
}

describe('the requests a server is answering', () => {
  it('are waited for until the last is answered, one that came meanwhile too, and event streams never', async () => {
    const { url, requests, arrived, answer } = await serveHeld();
    const paths = ['/api/documents', '/api/documents/d1/comments', '/api/events', '/api/documents/d1/events'];
    const controller = new AbortController();
    cleanups.push(() => controller.abort());
    for (const path of paths) void fetch(`${url}${path}`, { signal: controller.signal }).catch(() => {});
    for (const path of paths) await arrived(path);
    expect(requests.size).toBe(2);

    let waited: number | null = null;
    const waiting = requests.waitForNone(60_000).then((left) => {
      waited = left;
    });
    answer('/api/documents');
    void fetch(`${url}/api/users`, { signal: controller.signal }).catch(() => {});
    await arrived('/api/users');
    answer('/api/documents/d1/comments');
    expect(waited).toBeNull();
    answer('/api/users');
    await waiting;
    expect(waited).toBe(0);
  });

  it('are waited for no longer than the limit, which says how many were left', async () => {
    const { url, requests, arrived } = await serveHeld();
    const controller = new AbortController();
    cleanups.push(() => controller.abort());
    void fetch(`${url}/api/documents`, { signal: controller.signal }).catch(() => {});
    await arrived('/api/documents');
    expect(await requests.waitForNone(10)).toBe(1);
  });
});

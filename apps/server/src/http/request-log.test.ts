import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createApp } from '../app';
import { type RunningServer, startServer } from '../start-server';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/open-sqlite-store';
import { LiveDocuments } from '../sync/live-documents';
import { compileProxyTrust, type ProxyTrust } from './client-address';
import { formatLogTime, readLoggedPath } from './request-log';

const ADMIN = 'admin-secret-token-0123';
const RECEIVED_AT = Date.parse('2026-12-01T17:55:00.123Z');
const stops: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

function trust(entries: string[]): ProxyTrust {
  const compiled = compileProxyTrust(entries);
  if (compiled instanceof Error) throw compiled;
  return compiled;
}

/** A real server on port 0 (the client's address is its socket's) writing its log lines to `lines`. */
async function serve(trustProxy?: ProxyTrust): Promise<{ url: string; lines: string[] }> {
  const store: SqliteStore = openSqliteStore(':memory:');
  const lines: string[] = [];
  const server: RunningServer = await startServer({
    store,
    port: 0,
    adminToken: ADMIN,
    now: () => RECEIVED_AT,
    logError: () => {},
    logRequest: (line) => lines.push(line),
    ...(trustProxy ? { trustProxy } : {}),
  });
  stops.push(
    () => store.close(),
    () => server.close(),
  );
  return { url: server.url, lines };
}

describe('the request log', () => {
  it.each([
    ['GET', '/healthz', {}, 'GET /healthz 200'],
    ['GET', '/api/me', { authorization: `Bearer ${ADMIN}` }, 'GET /api/me 200'],
    ['GET', '/api/documents?after=1', {}, 'GET /api/documents 401'],
    ['GET', '/login?token=leaked-if-logged', { cookie: 'accord_session=secret' }, 'GET /login 401'],
    ['DELETE', '/healthz', {}, 'DELETE /healthz 405'],
  ])(
    'writes one line for %s %s: when it came, from where, method, path without its query, status, time',
    async (method, path, headers, request) => {
      const { url, lines } = await serve();
      await fetch(`${url}${path}`, { method, headers });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^2026-12-01T17:55:00\\.123Z 127\\.0\\.0\\.1 ${request} \\d+ms$`));
    },
  );

  it('never writes a token or a cookie, not even a query sent percent-encoded in the path', async () => {
    const { url, lines } = await serve();
    await fetch(`${url}/login?token=leaked-if-logged`, { headers: { cookie: 'accord_session=secret' } });
    await fetch(`${url}/login%3Ftoken=leaked-encoded`);
    await fetch(`${url}/login%3ftoken=leaked-lower`);
    await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${ADMIN}` } });
    await fetch(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
      body: 'token=leaked-in-a-form',
    });
    expect(lines).toHaveLength(5);
    expect(lines.join('\n')).not.toMatch(/leaked|secret/);
    expect(lines[1]).toMatch(/ GET \/login 404 \d+ms$/);
  });

  it('cannot be split into two lines by a path', async () => {
    const { url, lines } = await serve();
    await fetch(`${url}/healthz%0A2026-12-01T00:00:00.000Z%20198.51.100.1%20GET%20/api/users%20200%201ms`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const { url, lines } = await serve(trust(['10.0.0.5']));
    await fetch(`${url}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(lines[0]).toMatch(/^\S+ 127\.0\.0\.1 GET \/healthz 200/);
  });

  it.each([
    ['one proxy', '203.0.113.7', '203.0.113.7'],
    // What the client sent itself stands left of what the proxy added: only the proxy's is believed.
    ['a client that forged the header', '198.51.100.66, 203.0.113.7', '203.0.113.7'],
    ['two trusted proxies', '203.0.113.7, 127.0.0.2', '203.0.113.7'],
    ['an IPv6 client', '2001:db8::7', '2001:db8::7'],
    ['a proxy that could not tell', 'unknown', '127.0.0.1'],
  ])('writes the client address a trusted proxy forwarded, through %s', async (_through, header, address) => {
    const { url, lines } = await serve(trust(['loopback']));
    await fetch(`${url}/healthz`, { headers: { 'x-forwarded-for': header } });
    expect(lines[0]).toMatch(new RegExp(`^\\S+ ${address.replace(/\./g, '\\.')} GET /healthz 200`));
  });

  it('writes one line for each socket upgrade of the sync endpoint, its token never', async () => {
    const { url, lines } = await serve(trust(['loopback']));
    const post = async (path: string, token: string, body: unknown) =>
      (await (
        await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as { id: string; token: string };
    const presidency = await post('/api/users', ADMIN, { name: 'Presidency', role: 'presidency' });
    const { id } = await post('/api/documents', presidency.token, { number: '7923/17', title: 'Log test' });
    const upgrade = (path: string) =>
      new Promise<void>((resolve) => {
        const socket = new WebSocket(`${url.replace(/^http/, 'ws')}${path}`, {
          headers: { 'x-forwarded-for': '203.0.113.7' },
        });
        socket.once('open', () => {
          socket.close();
          resolve();
        });
        socket.once('unexpected-response', () => resolve());
        socket.once('error', () => {});
      });
    lines.length = 0;
    await upgrade(`/sync/${id}?token=${presidency.token}&acks=1`);
    await upgrade(`/sync/${id}?token=leaked-not-a-token`);
    await upgrade('/sync/nothing-here?token=leaked-too');
    await expect.poll(() => lines.length).toBe(3);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^2026-12-01T17:55:00\\.123Z 203\\.0\\.113\\.7 GET /sync/${id} 101 \\d+ms$`),
      ),
      expect.stringMatching(new RegExp(`^\\S+ 203\\.0\\.113\\.7 GET /sync/${id} 401 \\d+ms$`)),
      expect.stringMatching(/^\S+ 203\.0\.113\.7 GET \/sync\/nothing-here 401 \d+ms$/),
    ]);
    expect(lines.join('\n')).not.toContain(presidency.token);
    expect(lines.join('\n')).not.toMatch(/leaked/);
  });

  it('writes an event stream’s line when the stream ends, with the time it was open', async () => {
    const { url, lines } = await serve();
    const call = async (path: string, token: string, body?: unknown) =>
      (await (
        await fetch(`${url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).json()) as { id: string; token: string; blocks: { id: string }[] };
    const presidency = await call('/api/users', ADMIN, { name: 'Presidency', role: 'presidency' });
    const { id } = await call('/api/documents', presidency.token, { number: '7923/17', title: 'Log test' });
    const [block] = (await call(`/api/documents/${id}`, presidency.token)).blocks;
    lines.length = 0;

    const stop = new AbortController();
    const stream = await fetch(`${url}/api/documents/${id}/events`, {
      headers: { authorization: `Bearer ${presidency.token}` },
      signal: stop.signal,
    });
    const opened = performance.now();
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (text: string) => {
      while (!received.includes(text)) received += decoder.decode((await reader.read()).value);
    };
    await readUntil('event: ready');
    // The stream is open while the document changes: its line is not written yet.
    await call(`/api/documents/${id}/blocks/${block?.id}/comments`, presidency.token, {
      body: 'Options?',
      visibility: 'all',
    });
    await readUntil('event: comment');
    expect(lines).toEqual([expect.stringMatching(/ POST \/api\/documents\/\S+\/comments 201 \d+ms$/)]);
    stop.abort();
    const openFor = performance.now() - opened;

    await expect.poll(() => lines.length).toBe(2);
    const took = Number(/ GET \/api\/documents\/\S+\/events 200 (\d+)ms$/.exec(lines[1] as string)?.[1]);
    // The server's stream began before the client had its answer and ended after it hung up.
    expect(took).toBeGreaterThanOrEqual(Math.floor(openFor));
  });

  it('is off unless asked for', async () => {
    const store = openSqliteStore(':memory:');
    const documents = new LiveDocuments(store);
    stops.push(
      () => store.close(),
      () => documents.close(),
    );
    const quiet = createApp({ store, documents, adminToken: ADMIN });
    expect((await quiet.request('/healthz')).status).toBe(200);
  });
});

describe('a login behind a proxy that terminates TLS', () => {
  async function cookieFlags(trustProxy: ProxyTrust | undefined, proto: string): Promise<string> {
    const store: SqliteStore = openSqliteStore(':memory:');
    const server = await startServer({ store, port: 0, adminToken: ADMIN, logError: () => {}, trustProxy });
    stops.push(
      () => store.close(),
      () => server.close(),
    );
    const made = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'France delegation', role: 'delegate', delegation: 'FR' }),
    });
    const { token } = (await made.json()) as { token: string };
    const login = await fetch(`${server.url}/login?token=${token}`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': proto },
    });
    expect(login.status).toBe(302);
    return login.headers.get('set-cookie') ?? '';
  }

  it('makes the session cookie Secure when the trusted proxy says the browser spoke HTTPS', async () => {
    expect(await cookieFlags(trust(['loopback']), 'https')).toMatch(/;\s*Secure/i);
    expect(await cookieFlags(trust(['loopback']), 'http')).not.toMatch(/;\s*Secure/i);
  });

  it('takes no X-Forwarded-Proto from a client that is not a trusted proxy', async () => {
    expect(await cookieFlags(undefined, 'https')).not.toMatch(/;\s*Secure/i);
  });
});

describe('readLoggedPath', () => {
  /** What the URL parser gives, cut at an encoded query: what the log wrote before it cut strings. */
  const parsed = (url: string) => new URL(url, 'http://localhost').pathname.replace(/%3F.*$/is, '');

  it.each([
    [
      'http://127.0.0.1:8080/api/documents/Xk3b/blocks/b_7H/position',
      '/api/documents/Xk3b/blocks/b_7H/position',
    ],
    ['http://127.0.0.1:8080/login?token=secret', '/login'],
    ['http://127.0.0.1:8080/login%3Ftoken=secret', '/login'],
    ['http://127.0.0.1:8080/login%3ftoken=secret', '/login'],
    ['http://accord.example.org/a/b#part', '/a/b'],
    ['http://127.0.0.1:8080/a/../healthz', '/healthz'],
    ['http://127.0.0.1:8080/a/%2e%2E/healthz', '/healthz'],
    ['http://127.0.0.1:8080/a\\b', '/a/b'],
    ['http://127.0.0.1:8080/caf\u00e9 au lait', '/caf%C3%A9%20au%20lait'],
    ['http://127.0.0.1:8080', '/'],
    ['/sync/doc-1?token=secret', '/sync/doc-1'],
    ['/healthz%0A2026-12-01T00:00:00.000Z', '/healthz%0A2026-12-01T00:00:00.000Z'],
  ])('writes %j as %j', (url, path) => {
    expect(readLoggedPath(url)).toBe(path);
  });

  const outcome = (read: () => string) => {
    try {
      return read();
    } catch (error) {
      return error instanceof Error ? error.name : 'thrown';
    }
  };

  it('gives the path the URL parser gives, for any URL (or fails where it fails)', () => {
    const character = fc.constantFrom(
      ...'aZ09-._~!$&\'()*+,;=:@/%?#[]\\ "<>^`{|}\u00e9\u2028\n\t'.split(''),
      '%2e',
      '%3F',
      '..',
      '%41',
    );
    fc.assert(
      fc.property(
        fc.constantFrom('http://127.0.0.1:8080', 'https://accord.example.org', ''),
        fc.array(character, { maxLength: 24 }),
        (origin, parts) => {
          const url = `${origin}/${parts.join('')}`;
          expect(outcome(() => readLoggedPath(url))).toEqual(outcome(() => parsed(url)));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

describe('formatLogTime', () => {
  it.each([
    Date.parse('2026-12-01T17:55:00.123Z'),
    Date.parse('2026-12-01T17:55:00.000Z'),
    Date.parse('2026-12-01T17:55:00.999Z'),
    Date.parse('2026-12-01T17:55:01.005Z'),
    Date.parse('1969-12-31T23:59:59.999Z'),
    0,
    8.64e15,
    1.5,
  ])('writes %d as toISOString does', (ms) => {
    expect(formatLogTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('writes any instant as toISOString does, one after another as lines come', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -8.64e15, max: 8.64e15 }), { minLength: 1, maxLength: 20 }),
        (times) => {
          for (const ms of times.flatMap((ms) => [ms, ms + 1, ms + 999])) {
            if (Math.abs(ms) <= 8.64e15) expect(formatLogTime(ms)).toBe(new Date(ms).toISOString());
          }
        },
      ),
    );
  });
});

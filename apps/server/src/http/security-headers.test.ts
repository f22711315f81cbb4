import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store';
import { LiveDocuments } from '../sync/live-documents';
import {
  API_CACHE_CONTROL,
  CONTENT_SECURITY_POLICY,
  formatContentSecurityPolicy,
  SECURITY_HEADERS,
  securityHeaders,
} from './security-headers';

/** An app with the headers, an answer that sets its own framing rule, and one that fails. */
function probeApp() {
  const app = new Hono();
  app.use('*', securityHeaders());
  app.get('/plain', (c) => c.json({ ok: true }));
  app.get('/framable', (c) => c.json({ ok: true }, 200, { 'X-Frame-Options': 'SAMEORIGIN' }));
  app.get('/fails', () => {
    throw new Error('boom');
  });
  app.get('/api/plain', (c) => c.json({ ok: true }));
  app.get('/api/revalidated', (c) => c.json({ ok: true }, 200, { 'Cache-Control': 'private, no-cache' }));
  app.onError((_error, c) => c.json({ error: { code: 'internal', message: 'failed' } }, 500));
  return app;
}

/** The headers a client reads on each route's answer and on a path no route has. */
async function readAnswers(get: (path: string) => Promise<Response>) {
  const answers: Record<string, Headers> = {};
  for (const path of ['/plain', '/framable', '/fails', '/missing', '/api/plain', '/api/revalidated']) {
    answers[path] = (await get(path)).headers;
  }
  return answers;
}

function expectHeaders(answers: Record<string, Headers>) {
  for (const [path, headers] of Object.entries(answers)) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (path === '/framable' && name === 'X-Frame-Options') continue;
      expect(headers.get(name), `${path} ${name}`).toBe(value);
    }
  }
  expect(answers['/framable']?.get('X-Frame-Options')).toBe('SAMEORIGIN');
  // API answers are never stored by a cache, unless the route says how to revalidate them.
  expect(answers['/api/plain']?.get('cache-control')).toBe(API_CACHE_CONTROL);
  expect(answers['/api/revalidated']?.get('cache-control')).toBe('private, no-cache');
  expect(answers['/plain']?.get('cache-control')).toBeNull();
  expect(answers['/plain']?.get('content-type')).toMatch(/^application\/json/);
}

describe('security headers', () => {
  it('formats a policy with kebab-case directives in order', () => {
    expect(formatContentSecurityPolicy({ defaultSrc: ["'self'"], frameAncestors: ["'none'"] })).toBe(
      "default-src 'self'; frame-ancestors 'none'",
    );
    expect(SECURITY_HEADERS['Content-Security-Policy']).toContain("script-src 'self'; style-src");
  });

  it('puts every header on a Node server’s answers, errors included, and lets a route set its own', async () => {
    const server = serve({ fetch: probeApp().fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    try {
      expectHeaders(await readAnswers((path) => fetch(`http://127.0.0.1:${port}${path}`)));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('does the same for answers made outside Node (app.request)', async () => {
    const app = probeApp();
    expectHeaders(await readAnswers(async (path) => app.request(path)));
  });

  it('puts the same policy and headers on answers and errors of the app', async () => {
    const store = openSqliteStore(':memory:');
    const documents = new LiveDocuments(store);
    const app = createApp({ store, documents, logError: () => {} });
    try {
      for (const path of ['/healthz', '/api/documents', '/api/nothing', '/login']) {
        const response = await app.request(path);
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
          expect(response.headers.get(name), `${path} ${name}`).toBe(value);
        }
        if (path.startsWith('/api/')) expect(response.headers.get('cache-control')).toBe(API_CACHE_CONTROL);
      }
      expect(formatContentSecurityPolicy(CONTENT_SECURITY_POLICY)).not.toMatch(/script-src[^;]*unsafe/);
    } finally {
      await documents.close();
      await store.close();
    }
  });
});

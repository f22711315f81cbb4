import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../app';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/open-sqlite-store';
import { LiveDocuments } from '../sync/live-documents';

const ADMIN = 'admin-secret-token-0123';
let store: SqliteStore;
let documents: LiveDocuments;
let app: App;
let lines: string[];

beforeEach(() => {
  store = openSqliteStore(':memory:');
  documents = new LiveDocuments(store);
  lines = [];
  app = createApp({ store, documents, adminToken: ADMIN, logRequest: (line) => lines.push(line) });
});

afterEach(async () => {
  await documents.close();
  await store.close();
});

describe('the request log', () => {
  it.each([
    ['GET', '/healthz', {}, 'GET /healthz 200'],
    ['GET', '/api/me', { authorization: `Bearer ${ADMIN}` }, 'GET /api/me 200'],
    ['GET', '/api/documents?after=1', {}, 'GET /api/documents 401'],
    ['GET', '/login?token=leaked-if-logged', { cookie: 'accord_session=secret' }, 'GET /login 401'],
    ['DELETE', '/healthz', {}, 'DELETE /healthz 405'],
  ])(
    'writes one line for %s %s: method, path without its query, status, time',
    async (method, path, headers, start) => {
      await app.request(path, { method, headers });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^${start} \\d+ms$`));
    },
  );

  it('never writes a token or a cookie', async () => {
    await app.request('/login?token=leaked-if-logged', { headers: { cookie: 'accord_session=secret' } });
    await app.request('/api/me', { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(lines.join('\n')).not.toMatch(/leaked|secret|admin-secret/);
  });

  it('is off unless asked for', async () => {
    const quiet = createApp({ store, documents, adminToken: ADMIN });
    expect((await quiet.request('/healthz')).status).toBe(200);
    expect(lines).toEqual([]);
  });
});

/**
 * The SQLite file locked by another process (a backup tool, a second server started by mistake): a
 * write waits a moment, then is answered 503 `storage-busy` with nothing written, and edits typed
 * meanwhile are committed, and acknowledged, once the lock is gone. A full disk: every change is
 * refused 507, and the log says so once, not at each request.
 */
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '@accord/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  connectClient,
  onTeardown,
  startTestServer,
  teardown,
  typeInto,
  waitSynced,
} from '../server/harness';

afterEach(teardown);

describe('a database locked by another process', () => {
  it('answers writes 503 and loses nothing: edits are committed once the lock is released', async () => {
    const server = await startTestServer();
    const presidency = await server.createUser('presidency');
    const france = await server.createUser('delegate', 'FR');
    const { id } = await server.createDocument(presidency.token, {
      markdown: '1. The Council recalls its conclusions.\n',
    });
    const { blocks } = await server.readDocument(presidency.token, id);
    const client = connectClient(server, id, france.token, { acks: true });
    await waitSynced(client);

    const other = new Database(join(server.dataDir, SQLITE_FILE_NAME));
    onTeardown(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    const put = () =>
      server.request('PUT', `/api/documents/${id}/blocks/${blocks[0]?.id}/position`, france.token, {
        position: 'agree',
      });
    const refused = await put();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('storage-busy');
    typeInto(client.doc, 0, ' Typed while locked.');
    const health = await server.request('GET', '/healthz', null);
    expect(health.status).toBe(200);

    other.exec('ROLLBACK');
    await vi.waitFor(() => expect(client.acks.at(-1)?.get(client.doc.clientID) ?? 0).toBeGreaterThan(0), {
      timeout: 60_000,
    });
    expect((await put()).status).toBe(200);
    expect((await server.readDocument(presidency.token, id)).blocks[0]?.text).toBe(
      'The Council recalls its conclusions. Typed while locked.',
    );
  });

  it('says, when a revision from an upload cannot be stored, that the upload is the live text and the revision not issued', async () => {
    const server = await startTestServer();
    const presidency = await server.createUser('presidency');
    const { id } = await server.createDocument(presidency.token, {
      markdown: '1. The Council recalls its conclusions.\n',
    });
    const other = new Database(join(server.dataDir, SQLITE_FILE_NAME));
    onTeardown(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    const refused = await server.request('POST', `/api/documents/${id}/revisions`, presidency.token, {
      markdown: '1. The Council firmly recalls its conclusions.\n',
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('storage-busy');
    expect(error.message).toContain('the revision was not issued');
    expect(error.message).toContain('the uploaded text is now the live text');
    expect(error.message).not.toContain('nothing was written');

    other.exec('ROLLBACK');
    // What the answer said: the live text is the upload, and no revision was issued.
    expect((await server.readDocument(presidency.token, id)).blocks[0]?.text).toBe(
      'The Council firmly recalls its conclusions.',
    );
    const list = await server.request('GET', `/api/documents/${id}/revisions`, presidency.token);
    expect(((await list.json()) as { rev: number }[]).map((r) => r.rev)).toEqual([0]);
    // Issued again without the file, it is the revision.
    const issued = await server.request('POST', `/api/documents/${id}/revisions`, presidency.token, {});
    expect(issued.status).toBe(201);
  });
});

describe('a full disk', () => {
  it('refuses every change 507 and logs the first refusal alone, and once more when a change is saved again', async () => {
    const said: string[] = [];
    const server = await startTestServer({
      logError: (message, error) =>
        said.push(`${message}${error instanceof Error ? ` [${error.message}]` : ''}`),
    });
    const presidency = await server.createUser('presidency');
    const { id } = await server.createDocument(presidency.token, {
      markdown: '1. The Council recalls its conclusions.\n',
    });
    const { blocks } = await server.readDocument(presidency.token, id);
    const comment = () =>
      server.request('POST', `/api/documents/${id}/blocks/${blocks[0]?.id}/comments`, presidency.token, {
        // Longer than a page: it needs pages the file does not have.
        body: 'A comment longer than a page of the database. '.repeat(200),
        visibility: 'all',
      });
    // The file may not grow: SQLite refuses a write needing a page more as a full disk does (SQLITE_FULL).
    const pages = server.store.db.pragma('page_count', { simple: true }) as number;
    server.store.db.pragma(`max_page_count = ${pages}`);

    for (let i = 0; i < 3; i += 1) {
      const refused = await comment();
      expect(refused.status).toBe(507);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('storage-full');
    }
    expect(said).toEqual([
      `POST /api/documents/${id}/blocks/${blocks[0]?.id}/comments failed, refused 507 storage-full (SQLITE_FULL); the requests refused so after it are counted, said once a change is saved again or one fails otherwise [database or disk is full]`,
    ]);

    server.store.db.pragma(`max_page_count = ${2 ** 30}`);
    expect((await comment()).status).toBe(201);
    expect((await comment()).status).toBe(201);
    expect(said.slice(1)).toEqual([
      'changes are saved again, after 3 requests refused 507 storage-full (SQLITE_FULL)',
    ]);
  });
});

/**
 * The data directory deleted or moved while the server runs: SQLite goes on writing the file it holds
 * open, where the next start does not look. What is sent then must be refused, or kept by its sender
 * until the directory is back, never acknowledged and lost.
 */
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LiveDocuments, openSqliteStore, SQLITE_FILE_NAME, type Store } from '@accord/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  ADMIN_TOKEN,
  connectClient,
  makeTempDir,
  onTeardown,
  readTexts,
  type SpawnedServer,
  spawnServer,
  startTestServer,
  type TestUser,
  teardown,
  typeInto,
  waitSynced,
} from './harness';

afterEach(teardown);

/** A server on `dataDir` with a document, its Presidency and a delegate. */
async function serveDocument(dataDir: string): Promise<{
  server: SpawnedServer;
  id: string;
  blockId: string;
  presidency: TestUser;
  france: TestUser;
}> {
  const server = await spawnServer(dataDir);
  const presidency = await server.createUser('presidency');
  const france = await server.createUser('delegate', 'FR');
  const { id } = await server.createDocument(presidency.token, {
    markdown: '# Draft Council conclusions\n\n1. The Council welcomes the report.\n',
  });
  const blockId = (await server.readDocument(presidency.token, id)).blocks.at(-1)?.id as string;
  return { server, id, blockId, presidency, france };
}

/** What a change sent while the directory goes away needs to be sent. */
interface ChangeTarget {
  readonly url: string;
  readonly id: string;
  readonly blockId: string;
  readonly presidency: TestUser;
  request(method: string, path: string, token: string | null, body?: unknown): Promise<Response>;
}

/** The line said once when the server first finds it lost, whatever found it. */
const LOST_LOG =
  /the database \S+ is no longer there \(deleted or moved\)[^\n]*; until it is back, every change is refused \(503\)/g;
/** The line said once when the file it opened is back where it was. */
const BACK_LOG = /the database \S+ is back in place: changes are taken and saved again/g;
/** A stack trace's frame: none for this known condition. */
const STACK_FRAME = /^\s+at /m;

/** How far `doc`'s own edits go (the next clock of its client id). */
function typedClock(client: ReturnType<typeof connectClient>): number {
  return Y.decodeStateVector(Y.encodeStateVector(client.doc)).get(client.doc.clientID) ?? 0;
}

/** The highest clock of `doc`'s own edits the server said it has on disk. */
function savedClock(client: ReturnType<typeof connectClient>): number {
  return Math.max(0, ...client.acks.map((ack) => ack.get(client.doc.clientID) ?? 0));
}

describe('a data directory deleted or moved under a running server', () => {
  it.each([
    ['deleted', (dataDir: string) => rmSync(dataDir, { recursive: true, force: true })],
    ['moved away', (dataDir: string) => renameSync(dataDir, `${dataDir}-moved`)],
  ])('once %s, refuses every change with a 503 saying why, and logs it once', async (_what, remove) => {
    const dataDir = join(makeTempDir(), 'data');
    const { server, id, blockId, presidency, france } = await serveDocument(dataDir);
    remove(dataDir);

    const position = await server.request(
      'PUT',
      `/api/documents/${id}/blocks/${blockId}/position`,
      france.token,
      {
        position: 'agree',
      },
    );
    expect(position.status).toBe(503);
    expect(await position.json()).toEqual({
      error: {
        code: 'storage-unavailable',
        message:
          'the server’s data directory was deleted or moved while it runs; nothing was written: the server must be stopped and the directory put back',
      },
    });
    const comment = await server.request(
      'POST',
      `/api/documents/${id}/blocks/${blockId}/comments`,
      presidency.token,
      { body: 'Options?', visibility: 'all' },
    );
    expect(comment.status).toBe(503);
    // Reading goes on: the delegations can still see, and copy, what they have.
    expect((await server.request('GET', `/api/documents/${id}`, france.token)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    await expect.poll(() => server.output().match(LOST_LOG)?.length).toBe(1);
    expect(server.output()).not.toMatch(STACK_FRAME);
  });

  it('answers a change no route takes as always, a 404 or a 405, and refuses only the routes that change', async () => {
    const dataDir = join(makeTempDir(), 'data');
    const { server, id, blockId, france } = await serveDocument(dataDir);
    const requests = [
      ['POST', '/api/nowhere', 404, 'not-found'],
      ['PUT', '/api/nowhere', 404, 'not-found'],
      ['DELETE', '/api/nowhere', 404, 'not-found'],
      ['PATCH', '/api/nowhere', 404, 'not-found'],
      ['POST', '/nowhere', 404, 'not-found'],
      ['POST', `/api/documents/${id}/`, 404, 'not-found'],
      ['POST', `/api/documents/${id}`, 405, 'method-not-allowed'],
      ['DELETE', `/api/documents/${id}`, 405, 'method-not-allowed'],
      ['PATCH', `/api/documents/${id}/blocks/${blockId}/position`, 405, 'method-not-allowed'],
    ] as const;
    const answer = async (method: string, path: string) => {
      const response = await server.request(method, path, france.token, {});
      return {
        status: response.status,
        code: ((await response.json()) as { error: { code: string } }).error.code,
      };
    };
    const before = await Promise.all(requests.map(([method, path]) => answer(method, path)));
    expect(before).toEqual(requests.map(([, , status, code]) => ({ status, code })));

    renameSync(dataDir, `${dataDir}-moved`);
    for (const [method, path, status, code] of requests) {
      expect({ method, path, ...(await answer(method, path)) }).toEqual({ method, path, status, code });
    }
    expect(await answer('PUT', `/api/documents/${id}/blocks/${blockId}/position`)).toEqual({
      status: 503,
      code: 'storage-unavailable',
    });
    // A comparison is a POST that stores nothing: it is still made.
    const compared = await server.request('POST', '/api/diff', france.token, {
      old: '1. The Council welcomes the report.\n',
      new: '1. The Council notes the report.\n',
    });
    expect(compared.status).toBe(200);
  });

  // A change is checked for the loss before its request is handled; the directory may go after that,
  // before the write: moved away here right after the request's check.
  it.each([
    [
      'a comment',
      'after its check',
      (api: ChangeTarget) =>
        api.request('POST', `/api/documents/${api.id}/blocks/${api.blockId}/comments`, api.presidency.token, {
          body: 'Written in the window.',
          visibility: 'all',
        }),
      'SELECT count(*) AS n FROM comments',
    ],
    [
      'a user',
      'after its check',
      (api: ChangeTarget) =>
        api.request('POST', '/api/users', ADMIN_TOKEN, {
          name: 'Late delegate',
          role: 'delegate',
          delegation: 'DE',
        }),
      'SELECT count(*) AS n FROM users',
    ],
    [
      'a session',
      // A login link is a GET: no check is made before it.
      'before it',
      (api: ChangeTarget) => fetch(`${api.url}/login?token=${api.presidency.token}`, { redirect: 'manual' }),
      'SELECT count(*) AS n FROM sessions',
    ],
  ] as const)(
    'refuses %s whose write finds the directory gone, though moved %s, and writes nothing',
    async (_what, when, send, count) => {
      const api = await startTestServer();
      const presidency = await api.createUser('presidency');
      const { id } = await api.createDocument(presidency.token, {
        markdown: '# Draft Council conclusions\n\n1. The Council welcomes the report.\n',
      });
      const blockId = (await api.readDocument(presidency.token, id)).blocks.at(-1)?.id as string;
      const rows = () => (api.store.db.prepare(count).get() as { n: number }).n;
      const before = rows();
      const checked = api.store.findLoss;
      let moved = false;
      const moveAway = () => {
        moved = true;
        renameSync(api.dataDir, `${api.dataDir}-moved`);
      };
      if (when === 'before it') moveAway();
      api.store.findLoss = async () => {
        const loss = await checked();
        if (!moved) moveAway();
        return loss;
      };
      const response = await send({
        ...api,
        url: api.url,
        request: api.request.bind(api),
        id,
        blockId,
        presidency,
      });
      expect(moved).toBe(true);
      expect(response.status).toBe(503);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('storage-unavailable');

      // Moved back: the file the next start opens holds none of it.
      renameSync(`${api.dataDir}-moved`, api.dataDir);
      expect(rows()).toBe(before);
    },
  );

  it.each([
    ['/healthz', 'a change'],
    ['a change', '/healthz'],
  ])(
    'answers /healthz 503 while it is away and 200 once back, and says each once, when %s finds it before %s',
    async (first) => {
      const dataDir = join(makeTempDir(), 'data');
      const { server, id, blockId, france } = await serveDocument(dataDir);
      const health = async () => {
        const response = await fetch(`${server.url}/healthz`);
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      const change = async () =>
        (
          await server.request('PUT', `/api/documents/${id}/blocks/${blockId}/position`, france.token, {
            position: 'agree',
          })
        ).status;
      const problem = `the database ${join(dataDir, SQLITE_FILE_NAME)} is no longer there (deleted or moved): the next start would not find what is written now; stop the server and put the data directory back`;

      renameSync(dataDir, `${dataDir}-moved`);
      const answers =
        first === '/healthz' ? [await health(), await change()] : [await change(), await health()].reverse();
      expect(answers).toEqual([{ status: 503, body: { ok: false, problem } }, 503]);
      await expect.poll(() => server.output().match(LOST_LOG)?.length).toBe(1);
      expect(await health()).toEqual({ status: 503, body: { ok: false, problem } });

      renameSync(`${dataDir}-moved`, dataDir);
      const back =
        first === '/healthz' ? [await health(), await change()] : [await change(), await health()].reverse();
      expect(back).toEqual([{ status: 200, body: expect.objectContaining({ ok: true, warnings: [] }) }, 200]);
      await expect.poll(() => server.output().match(BACK_LOG)?.length).toBe(1);
      expect(server.output().match(LOST_LOG)).toHaveLength(1);
      expect(server.output()).not.toMatch(STACK_FRAME);
    },
  );

  it('never says an edit typed after it was deleted is saved', async () => {
    const dataDir = join(makeTempDir(), 'data');
    const { server, id, presidency } = await serveDocument(dataDir);
    const client = connectClient(server, id, presidency.token, { acks: true });
    await waitSynced(client);
    typeInto(client.doc, 1, ' Before.');
    await expect.poll(() => savedClock(client)).toBe(typedClock(client));

    rmSync(dataDir, { recursive: true, force: true });
    const reader = connectClient(server, id, presidency.token);
    await waitSynced(reader);
    typeInto(client.doc, 1, ' After.');
    // The server has it (it relayed it) and tried to commit it: it says so once, and acknowledges nothing.
    await expect.poll(() => readTexts(reader.doc)[1]).toContain('After.');
    await expect.poll(() => server.output().match(LOST_LOG)?.length).toBe(1);
    expect(savedClock(client)).toBeLessThan(typedClock(client));
  });

  it('saves the edits typed while it was moved away once it is back, and the next start has them', async () => {
    const dataDir = join(makeTempDir(), 'data');
    const { server, id, presidency } = await serveDocument(dataDir);
    const client = connectClient(server, id, presidency.token, { acks: true });
    await waitSynced(client);

    renameSync(dataDir, `${dataDir}-moved`);
    typeInto(client.doc, 1, ' Typed while it was away.');
    // The commit found it lost: said once, whatever retries and requests find it again.
    await expect.poll(() => server.output().match(LOST_LOG)?.length).toBe(1);
    const typed = typedClock(client);
    expect(savedClock(client)).toBeLessThan(typed);

    renameSync(`${dataDir}-moved`, dataDir);
    await expect.poll(() => savedClock(client), { timeout: 30_000 }).toBe(typed);
    // Said on stderr, which may come after the acknowledgement on the socket.
    await expect.poll(() => server.output().match(BACK_LOG)?.length).toBe(1);
    expect(server.output().match(LOST_LOG)).toHaveLength(1);
    expect(server.output()).not.toMatch(STACK_FRAME);
    const exited = new Promise((resolveExit) => server.child.once('exit', resolveExit));
    server.child.kill('SIGTERM');
    await exited;
    const again = await spawnServer(dataDir);
    expect((await again.readDocument(presidency.token, id)).blocks[1]?.text).toContain(
      'Typed while it was away.',
    );
  });

  it('says once that it is lost and once that it is back, however often a commit of edits is retried meanwhile', async () => {
    const dataDir = join(makeTempDir(), 'data');
    const said: string[] = [];
    const store = openSqliteStore(join(dataDir, SQLITE_FILE_NAME), { logLoss: (line) => said.push(line) });
    onTeardown(() => store.close());
    let commits = 0;
    // The real store, its commits counted: a retry comes every few milliseconds here, not every second.
    const counted: Store = {
      ...store,
      updates: {
        ...store.updates,
        append: (entries, claims) => {
          commits += 1;
          return store.updates.append(entries, claims);
        },
      },
    };
    const failures: string[] = [];
    const documents = new LiveDocuments(counted, {
      commitRetryMs: 5,
      logError: (message) => failures.push(message),
    });
    onTeardown(() => documents.close());
    await store.documents.create(
      { id: 'd1', number: '9916/17', title: 'Draft Council conclusions', createdBy: null, createdAt: 1 },
      Y.encodeStateAsUpdate(new Y.Doc()),
    );
    const author = { userId: null, delegation: null };

    renameSync(dataDir, `${dataDir}-moved`);
    await documents.edit('d1', (doc) => doc.getMap('meta').set('title', 'Typed while it was away'), author);
    await vi.waitFor(() => expect(commits).toBeGreaterThan(10));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(LOST_LOG);

    renameSync(`${dataDir}-moved`, dataDir);
    await documents.flush();
    expect(said).toHaveLength(2);
    expect(said[1]).toMatch(BACK_LOG);
    expect(failures).toEqual([]);
  });
});

/**
 * The data directory deleted or moved while the server runs: SQLite goes on writing the file it holds
 * open, where the next start does not look. What is sent then must be refused, or kept by its sender
 * until the directory is back, never acknowledged and lost.
 */
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectClient,
  makeTempDir,
  readTexts,
  type SpawnedServer,
  spawnServer,
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

/** The line said once when a change is first refused for it. */
const LOST_LOG =
  /the database \S+ is no longer there \(deleted or moved\)[^\n]*: every change is refused \(503\) until it is back/g;
/** The update journal's commit, refused and retried. */
const COMMIT_REFUSED =
  /committing updates failed; retrying DatabaseLostError: the database \S+ is no longer there/;

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
  });

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
    await expect.poll(() => server.output()).toMatch(COMMIT_REFUSED);
    expect(savedClock(client)).toBeLessThan(typedClock(client));
  });

  it('saves the edits typed while it was moved away once it is back, and the next start has them', async () => {
    const dataDir = join(makeTempDir(), 'data');
    const { server, id, presidency } = await serveDocument(dataDir);
    const client = connectClient(server, id, presidency.token, { acks: true });
    await waitSynced(client);

    renameSync(dataDir, `${dataDir}-moved`);
    typeInto(client.doc, 1, ' Typed while it was away.');
    await expect.poll(() => server.output()).toMatch(COMMIT_REFUSED);
    const typed = typedClock(client);
    expect(savedClock(client)).toBeLessThan(typed);

    renameSync(`${dataDir}-moved`, dataDir);
    await expect.poll(() => savedClock(client), { timeout: 30_000 }).toBe(typed);
    const exited = new Promise((resolveExit) => server.child.once('exit', resolveExit));
    server.child.kill('SIGTERM');
    await exited;
    const again = await spawnServer(dataDir);
    expect((await again.readDocument(presidency.token, id)).blocks[1]?.text).toContain(
      'Typed while it was away.',
    );
  });
});

/**
 * Product failures the reliability suites found, each reduced to the smallest scenario that showed it.
 */
import { findBlockElement } from '@accord/ydoc';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  connectClient,
  onTeardown,
  readTexts,
  startTestServer,
  teardown,
  typeInto,
  waitSynced,
} from '../server/harness';
import { HeldSyncClient } from '../support/held-sync-client';
import { runConvergenceSeed, startConvergenceServer } from './convergence-run';

afterEach(teardown);

const BRACKETED = `# Draft Council conclusions

1. The EU [stands ready] to respond.
`;

describe('found by the convergence fuzz', () => {
  it('relays and stores an edit of a paragraph holding square brackets', async () => {
    // Yjs follows every remote change to formatted text with a formatting-cleanup transaction of its
    // own; the server took that second, empty transaction for the answer to "did the edit change
    // anything?" and neither relayed nor logged the edit.
    const server = await startTestServer();
    const presidency = await server.createUser('presidency');
    const france = await server.createUser('delegate', 'FR');
    const germany = await server.createUser('delegate', 'DE');
    const { id } = await server.createDocument(presidency.token, { markdown: BRACKETED });
    const { blocks } = await server.readDocument(presidency.token, id);
    const index = blocks.findIndex((b) => b.text.includes('['));
    const writer = connectClient(server, id, france.token);
    const watcher = connectClient(server, id, germany.token);
    await Promise.all([waitSynced(writer), waitSynced(watcher)]);

    const text = findBlockElement(writer.doc, blocks[index]?.id as string)?.get(0) as Y.XmlText;
    text.insert(0, 'Today ');
    await expect.poll(() => readTexts(watcher.doc)[index]).toBe('Today The EU [stands ready] to respond.');
    await server.server.documents.flush();
    expect((await server.store.updates.list(id)).map((entry) => entry.delegation)).toContain('FR');
  });
});

describe('found by the long convergence fuzz', () => {
  it('converges on seed 638 (150 steps): the server relays and logs its own cleanup of bracket marks', async () => {
    // After a remote change to formatted text, Yjs removes redundant bracket marks in a transaction of
    // its own. Each client does so and sends the result; the server did too, but neither relayed nor
    // logged it, so a client that stayed connected kept a bracket the server's copy (the consensus,
    // the exports) no longer had: "Con[f]ide[🇪🇺uo.]" against "Con[f]ide🇪🇺uo.".
    const log: string[] = [];
    await runConvergenceSeed(await startConvergenceServer(), 638, 150, log);
  });

  it('converges on seed 122 (200 steps): a sync step 2 may repeat another user’s edits the server holds pending', async () => {
    // Structs a user's client wrote that the server put aside for lack of an earlier one reach the
    // others; their sync steps 2 repeat them. Leaving them out as if forged (they are another user's
    // client's) made two sync steps 2 that each held the other's pending edits wait on each other.
    const log: string[] = [];
    await runConvergenceSeed(await startConvergenceServer(), 122, 200, log);
  });
});

/** The document as a crash would leave it: its snapshot and logged updates replayed. */
async function replayStored(
  server: Awaited<ReturnType<typeof startTestServer>>,
  id: string,
): Promise<string[]> {
  const stored = await server.store.updates.load(id);
  const replay = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(replay, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(replay, update);
  return readTexts(replay);
}

describe('found by reading the sync server', () => {
  it('keeps an edit whose commit failed through the idle unload, the next load and its compaction', async () => {
    // The unload removed the room, its flush failed, and the next connection loaded the document from
    // the store without the edit still queued; once the retry committed it, the new room's compaction
    // wrote a snapshot without it and deleted its log row.
    const server = await startTestServer({
      sync: { idleUnloadMs: 50, snapshotAfterUpdates: 1, commitRetryMs: 50 },
    });
    const presidency = await server.createUser('presidency');
    const france = await server.createUser('delegate', 'FR');
    const germany = await server.createUser('delegate', 'DE');
    const { id } = await server.createDocument(presidency.token, { number: '7923/17', title: 'Conclusions' });
    const updates = server.store.updates;
    const append = updates.append.bind(updates);
    let failing = true;
    let failures = 0;
    updates.append = (...args: Parameters<typeof append>) => {
      if (!failing) return append(...args);
      failures += 1;
      return Promise.reject(new Error('SQLITE_BUSY: database is locked'));
    };
    const writer = connectClient(server, id, france.token);
    await waitSynced(writer);
    typeInto(writer.doc, 0, 'typed during the fault');
    await vi.waitFor(() => expect(failures).toBeGreaterThan(0));
    writer.provider.destroy();
    await vi.waitFor(() => expect(server.server.documents.isLoaded(id)).toBe(false));
    const failedBefore = failures;
    await vi.waitFor(() => expect(failures).toBeGreaterThan(failedBefore));

    const reader = connectClient(server, id, germany.token);
    failing = false;
    await waitSynced(reader);
    expect(readTexts(reader.doc)[0]).toContain('typed during the fault');
    typeInto(reader.doc, 0, ' + later');
    await server.server.documents.flush();
    await vi.waitFor(async () => expect((await replayStored(server, id))[0]).toContain('+ later'));
    expect((await replayStored(server, id))[0]).toContain('typed during the fault');
  });

  it('does not ack an edit as durable while what makes it a no-op on the server is not stored yet', async () => {
    // A revision issued from an upload holds its change unstored (editAtomically); a delegate's deletion
    // of the same words changed nothing more on the server, and was acked at once: a crash then would
    // bring the words back after the client was told the deletion was on disk.
    const server = await startTestServer();
    const presidency = await server.createUser('presidency');
    const france = await server.createUser('delegate', 'FR');
    const { id } = await server.createDocument(presidency.token, { number: '7923/17', title: 'Conclusions' });
    const writer = connectClient(server, id, france.token);
    await waitSynced(writer);
    typeInto(writer.doc, 0, 'kept words and dropped words');
    await server.server.documents.flush();
    await expect
      .poll(async () => (await server.readDocument(france.token, id)).blocks[0]?.text)
      .toContain('dropped');
    await server.server.documents.flush();
    const client = new HeldSyncClient({
      syncUrl: server.syncUrl,
      documentId: id,
      token: france.token,
      acks: true,
    });
    onTeardown(() => client.disconnect());
    await client.join();
    await expect.poll(() => client.durable.at(-1)?.messagesThrough).toBe(1);
    const run = (doc: Y.Doc) => (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const cut = (doc: Y.Doc) => run(doc).delete('kept words'.length, ' and dropped words'.length);
    let ackedWhileUnstored: number | undefined;
    await server.server.documents.editAtomically(
      id,
      cut,
      { userId: presidency.id, delegation: null },
      async (entry) => {
        cut(client.doc);
        // Resolves once the server has handled the deletion: an ack it sent is in by then.
        await client.send();
        ackedWhileUnstored = client.durable.at(-1)?.messagesThrough;
        if (entry) await server.store.updates.append([entry]);
      },
    );
    expect(ackedWhileUnstored).toBe(1);
    // Owed, and sent once the upload is stored.
    await expect.poll(() => client.durable.at(-1)?.messagesThrough).toBe(2);
    expect((await replayStored(server, id))[0]).toBe('kept words');
  });
});

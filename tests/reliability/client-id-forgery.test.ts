/**
 * A Yjs client id is a user's own: a delegate who writes structs as another user's client would take
 * the clocks of that user's edits in flight, so that theirs were dropped as already known, while their
 * acknowledgement said they were on disk. The server binds each client id to the user who first edits
 * live or announces presence with it (stored, so that it outlives an unload or a restart), closes a
 * connection whose live edit writes as someone else's, and leaves such structs out of a sync step 2
 * (which may still repeat others' edits the server has seen, or lost in a crash).
 */
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '@accord/server';
import { readDocument } from '@accord/ydoc';
import Database from 'better-sqlite3';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  type Client,
  connectClient,
  killHard,
  makeTempDir,
  onTeardown,
  readTexts,
  spawnServer,
  startTestServer,
  teardown,
  typeInto,
  waitSynced,
} from '../server/harness';
import { HeldSyncClient } from '../support/held-sync-client';

afterEach(teardown);

/** France edits live (acked), goes offline and types more, which the server has not seen. */
async function franceTypingOffline(options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(options);
  const presidency = await server.createUser('presidency');
  const france = await server.createUser('delegate', 'FR');
  const germany = await server.createUser('delegate', 'DE');
  const { id } = await server.createDocument(presidency.token, {
    markdown: '1. The Council recalls its conclusions.\n\n2. The EU stands ready.\n',
  });
  const fr = connectClient(server, id, france.token, { acks: true });
  await waitSynced(fr);
  typeInto(fr.doc, 0, ' FR live.');
  await vi.waitFor(() => expect((fr.acks.at(-1)?.get(fr.doc.clientID) ?? 0) > 0).toBe(true));
  fr.provider.disconnect();
  typeInto(fr.doc, 0, ' FR offline.');
  return { server, presidency, germany, id, fr };
}

/** Germany writes live as France's client; the server closes its connection (1008). */
async function germanyForgesFrance(germany: Client, france: Client): Promise<void> {
  await waitSynced(germany);
  await vi.waitFor(() => expect(germany.doc.getXmlFragment('default').toString()).toContain('FR live.'));
  const germanyOwn = germany.doc.clientID;
  germany.doc.clientID = france.doc.clientID;
  typeInto(germany.doc, 1, ' Forged as France.');
  germany.doc.clientID = germanyOwn;
  await vi.waitFor(() => expect(germany.closeCodes).toContain(1008));
}

describe('client ids', () => {
  it('keeps an offline edit of France’s that Germany tried to overwrite under France’s client id', async () => {
    const { server, presidency, germany, id, fr } = await franceTypingOffline();
    // Germany writes as France's client while France is offline.
    await germanyForgesFrance(connectClient(server, id, germany.token), fr);

    fr.provider.connect();
    await waitSynced(fr);
    const clock = Y.getState(fr.doc.store, fr.doc.clientID);
    await vi.waitFor(() => expect(fr.acks.at(-1)?.get(fr.doc.clientID) ?? 0).toBeGreaterThanOrEqual(clock));
    const live = await server.readDocument(presidency.token, id);
    expect(live.blocks.map((b) => b.text)).toEqual([
      'The Council recalls its conclusions. FR live. FR offline.',
      'The EU stands ready.',
    ]);
    expect(readDocument(fr.doc).blocks.map((b) => b.text)).toEqual(live.blocks.map((b) => b.text));
  });

  it('keeps that offline edit when Germany’s sync step 2 carries structs forged under France’s client id', async () => {
    const { server, presidency, germany, id, fr } = await franceTypingOffline();
    const de = connectClient(server, id, germany.token);
    await waitSynced(de);
    await vi.waitFor(() => expect(de.doc.getXmlFragment('default').toString()).toContain('FR live.'));
    // Offline, Germany writes as its own client, then as France's; on reconnecting, its sync step 2
    // offers both to the server, which takes Germany's own edit and leaves the forged one out.
    de.provider.disconnect();
    typeInto(de.doc, 1, ' DE offline.');
    const germanyOwn = de.doc.clientID;
    de.doc.clientID = fr.doc.clientID;
    typeInto(de.doc, 1, ' Forged as France.');
    de.doc.clientID = germanyOwn;
    de.provider.connect();
    await waitSynced(de);
    await vi.waitFor(async () =>
      expect((await server.readDocument(presidency.token, id)).blocks[1]?.text).toContain('DE offline.'),
    );

    fr.provider.connect();
    await waitSynced(fr);
    const clock = Y.getState(fr.doc.store, fr.doc.clientID);
    await vi.waitFor(() => expect(fr.acks.at(-1)?.get(fr.doc.clientID) ?? 0).toBeGreaterThanOrEqual(clock));
    const live = await server.readDocument(presidency.token, id);
    expect(live.blocks[0]?.text).toBe('The Council recalls its conclusions. FR live. FR offline.');
    expect(live.blocks[1]?.text).toBe('The EU stands ready. DE offline.');
    await vi.waitFor(() =>
      expect(readDocument(fr.doc).blocks.map((b) => b.text)).toEqual(live.blocks.map((b) => b.text)),
    );
  });

  it('keeps France’s client id France’s after the document was unloaded and loaded again', async () => {
    const { server, presidency, germany, id, fr } = await franceTypingOffline({ sync: { idleUnloadMs: 50 } });
    await expect.poll(() => server.server.documents.isLoaded(id)).toBe(false);
    await germanyForgesFrance(connectClient(server, id, germany.token), fr);
    expect((await server.readDocument(presidency.token, id)).blocks[1]?.text).toBe('The EU stands ready.');

    fr.provider.connect();
    await waitSynced(fr);
    await vi.waitFor(async () =>
      expect((await server.readDocument(presidency.token, id)).blocks[0]?.text).toBe(
        'The Council recalls its conclusions. FR live. FR offline.',
      ),
    );
  });

  it('keeps France’s client id France’s after a restart of the server', async () => {
    const first = await franceTypingOffline();
    await first.server.server.close();
    const server = await startTestServer({ dataDir: first.server.dataDir });
    const { presidency, germany, id, fr } = first;
    await germanyForgesFrance(connectClient(server, id, germany.token), fr);
    expect((await server.readDocument(presidency.token, id)).blocks[1]?.text).toBe('The EU stands ready.');
  });

  it('takes back from Germany, after a crash, an edit of France’s the server relayed but never committed', async () => {
    const dataDir = makeTempDir();
    let server = await spawnServer(dataDir);
    const presidency = await server.createUser('presidency');
    const france = await server.createUser('delegate', 'FR');
    const germany = await server.createUser('delegate', 'DE');
    const { id } = await server.createDocument(presidency.token, {
      markdown: '1. The Council recalls its conclusions.\n',
    });
    const fr = connectClient(server, id, france.token, { acks: true });
    const de = connectClient(server, id, germany.token);
    await Promise.all([waitSynced(fr), waitSynced(de)]);
    typeInto(fr.doc, 0, ' FR live.');
    await vi.waitFor(() => expect((fr.acks.at(-1)?.get(fr.doc.clientID) ?? 0) > 0).toBe(true));

    // Another process holds the file, so the server relays France's next edit but cannot commit it.
    const lock = new Database(join(dataDir, SQLITE_FILE_NAME));
    onTeardown(() => lock.close());
    lock.exec('BEGIN IMMEDIATE');
    typeInto(fr.doc, 0, ' Relayed, never committed.');
    await vi.waitFor(() => expect(readTexts(de.doc)[0]).toContain('never committed.'));
    await killHard(server.child);
    lock.exec('ROLLBACK');
    // France is gone for good; only Germany's copy holds her last edit.
    fr.provider.destroy();

    server = await spawnServer(dataDir);
    expect((await server.readDocument(presidency.token, id)).blocks[0]?.text).toBe(
      'The Council recalls its conclusions. FR live.',
    );
    de.provider.serverUrl = server.syncUrl;
    await vi.waitFor(
      async () =>
        expect((await server.readDocument(presidency.token, id)).blocks[0]?.text).toBe(
          'The Council recalls its conclusions. FR live. Relayed, never committed.',
        ),
      { timeout: 60_000 },
    );
  }, 120_000);

  it('keeps France’s edit when Germany’s sync step 2 forges structs in a gap of France’s edits the server holds pending', async () => {
    const server = await startTestServer();
    const presidency = await server.createUser('presidency');
    const france = await server.createUser('delegate', 'FR');
    const germany = await server.createUser('delegate', 'DE');
    const { id } = await server.createDocument(presidency.token, {
      markdown: '1. The Council recalls its conclusions.\n\n2. The EU stands ready.\n',
    });
    const join = async (token: string) => {
      const client = new HeldSyncClient({ syncUrl: server.syncUrl, documentId: id, token });
      onTeardown(() => client.disconnect());
      await client.join();
      return client;
    };
    const fr = await join(france.token);
    const start = Y.encodeStateAsUpdate(fr.doc);
    const updates: Uint8Array[] = [];
    fr.doc.on('update', (update: Uint8Array) => updates.push(update));
    const text = (index: number) =>
      (fr.doc.getXmlFragment('default').get(index) as Y.XmlElement).get(0) as Y.XmlText;
    // Four edits of France's, each placed next to text the server has, so any can integrate alone.
    text(0).insert(0, 'First, ');
    text(1).insert(0, 'Second, ');
    text(0).insert(text(0).length, ' France adds.');
    text(1).insert(text(1).length, ' Fourth.');
    const [first, second, third, fourth] = fr.outbox.splice(0);
    // The second and fourth arrive first: Yjs holds them pending, with the third's clocks a gap between.
    fr.outbox.push(second as Uint8Array, fourth as Uint8Array);
    await fr.send();

    // Germany writes as France's client at the third edit's clocks and offers it in a sync step 2.
    const forger = new Y.Doc();
    Y.applyUpdate(forger, start);
    for (const update of updates.slice(0, 2)) Y.applyUpdate(forger, update);
    forger.clientID = fr.doc.clientID;
    const forged: Uint8Array[] = [];
    forger.on('update', (update: Uint8Array) => forged.push(update));
    const forgerText = (forger.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    forgerText.insert(forgerText.length, ' Forged here.');
    const de = await join(germany.token);
    const step2 = encoding.createEncoder();
    encoding.writeVarUint(step2, 0);
    encoding.writeVarUint(step2, 1);
    encoding.writeVarUint8Array(step2, forged[0] as Uint8Array);
    de.outbox.push(encoding.toUint8Array(step2));
    await de.send();

    fr.outbox.push(first as Uint8Array, third as Uint8Array);
    await fr.send();
    const live = await server.readDocument(presidency.token, id);
    expect(live.blocks.map((b) => b.text)).toEqual([
      'First, The Council recalls its conclusions. France adds.',
      'Second, The EU stands ready. Fourth.',
    ]);
  });
});

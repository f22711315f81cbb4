/**
 * Updates that build on structs the server has not received wait, unapplied, until those arrive; only
 * then is it known where their items go, and only then are they checked against the layout and
 * applied. An honest client's edit typed right after a lost update is applied once its SyncStep2
 * brings the lost one; a chain of elements sent child-first, to nest without bound once the root
 * arrives, is refused.
 */
import { readDocument } from '@accord/ydoc';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { startTestServer, teardown } from '../server/harness';
import { craftUpdate, frameUpdate } from '../support/craft-update';
import { HeldSyncClient } from '../support/held-sync-client';

afterEach(teardown);

async function setup() {
  const server = await startTestServer();
  const presidency = await server.createUser('presidency');
  const france = await server.createUser('delegate', 'FR');
  const germany = await server.createUser('delegate', 'DE');
  const { id } = await server.createDocument(presidency.token, {
    markdown: '# Draft\n\n1. The Council recalls its conclusions.\n',
  });
  const client = (token: string) => new HeldSyncClient({ syncUrl: server.syncUrl, documentId: id, token });
  return { server, presidency, france, germany, id, client };
}

async function exchange(...clients: HeldSyncClient[]): Promise<void> {
  for (let round = 0; round < 10 && !clients.every((c) => c.idle); round++) {
    for (const c of clients) await c.send();
    await Promise.all(clients.map((c) => c.settle()));
    await Promise.all(clients.map((c) => c.settle()));
    for (const c of clients) c.deliver();
  }
}

describe('updates that wait for what they build on', () => {
  it('applies an edit typed into a paragraph whose creation was lost, once the client resends it', async () => {
    const { france, germany, client } = await setup();
    const writer = client(france.token);
    const reader = client(germany.token);
    await Promise.all([writer.connect(), reader.connect()]);
    await exchange(writer, reader);

    const fragment = writer.doc.getXmlFragment('default');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.setAttribute('id', 'new-block');
    fragment.insert(fragment.length, [paragraph]);
    writer.disconnect(); // the new paragraph was still queued: lost
    await writer.connect();
    paragraph.insert(0, [new Y.XmlText('typed right after reconnecting')]);
    // The edit goes out before the client's SyncStep2: the server cannot place it yet.
    await writer.send();
    await writer.settle();
    expect(writer.connected).toBe(true);
    await exchange(writer, reader);

    expect(writer.serverCloses).toEqual([]);
    expect(readDocument(reader.doc).blocks.at(-1)).toMatchObject({
      id: 'new-block',
      text: 'typed right after reconnecting',
    });
  });

  it('closes a connection that keeps more than 1,000 updates waiting, and applies none of them', async () => {
    const { server, france, id, client } = await setup();
    const ws = new WebSocket(`${server.syncUrl}/${id}?token=${france.token}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.once('open', resolve));
    for (let i = 0; i < 1_001; i++) {
      // Text for a run of a client that never sends its structs.
      const update = craftUpdate([
        {
          client: 7_000_000 + i,
          clock: 0,
          structs: [{ type: 'item', parent: [6_000_000 + i, 3], content: { type: 'string', text: 'x' } }],
        },
      ]);
      ws.send(frameUpdate(update));
    }
    expect(await closed).toBe(1008);
    const reader = client(france.token);
    await reader.connect();
    await exchange(reader);
    const clients = [...Y.decodeStateVector(Y.encodeStateVector(reader.doc)).keys()];
    expect(clients.filter((c) => c >= 6_000_000 && c < 8_000_000)).toEqual([]);
    expect(reader.doc.store.pendingStructs).toBeNull();
  });

  it('keeps deletions of what nobody wrote from ever reaching the document, and closes one naming many such clients', async () => {
    const { server, france, germany, id, client } = await setup();
    const ws = new WebSocket(`${server.syncUrl}/${id}?token=${france.token}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.once('open', resolve));
    // Yjs would keep these pending and try them again at every later update, on the server and on
    // every client, for good: they wait on the connection, unapplied.
    const few = Array.from({ length: 3 }, (_, i) => ({
      client: 1_000_000_000 + i,
      ranges: [[0, 1]] as const,
    }));
    ws.send(frameUpdate(craftUpdate([], few)));
    const writer = client(germany.token);
    await writer.connect();
    await exchange(writer);
    const fragment = writer.doc.getXmlFragment('default');
    ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Typing still works. ');
    await exchange(writer);
    const reader = client(germany.token);
    await reader.connect();
    await exchange(reader);
    expect(readDocument(reader.doc).blocks[0]?.text).toBe('Typing still works. Draft');
    expect(reader.doc.store.pendingDs).toBeNull();
    expect(writer.doc.store.pendingDs).toBeNull();
    // Waiting on more clients than an edit that overtook another ever does: refused.
    const many = Array.from({ length: 100 }, (_, i) => ({
      client: 2_000_000_000 + i,
      ranges: [[0, 1]] as const,
    }));
    ws.send(frameUpdate(craftUpdate([], many)));
    expect(await closed).toBe(1008);
  });

  it('refuses a chain of paragraphs sent child first, once the root makes them nest', async () => {
    const { server, france, id, client } = await setup();
    const attacker = 4_242_424;
    const paragraph = (parent: string | readonly [number, number]) =>
      ({ type: 'item', parent, content: { type: 'element', name: 'paragraph' } }) as const;
    const frames = [
      craftUpdate([{ client: attacker, clock: 2, structs: [paragraph([attacker, 1])] }]),
      craftUpdate([{ client: attacker, clock: 1, structs: [paragraph([attacker, 0])] }]),
      craftUpdate([{ client: attacker, clock: 0, structs: [paragraph('default')] }]),
    ].map((update) => frameUpdate(update));

    const ws = new WebSocket(`${server.syncUrl}/${id}?token=${france.token}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.once('open', resolve));
    for (const frame of frames) ws.send(frame);
    expect(await closed).toBe(1007);

    const reader = client(france.token);
    await reader.connect();
    await exchange(reader);
    // The root paragraph was a legitimate edit; nothing was ever placed inside it.
    const nested = reader.doc
      .getXmlFragment('default')
      .toArray()
      .flatMap((block) => (block instanceof Y.XmlElement ? block.toArray() : []))
      .filter((child) => child instanceof Y.XmlElement && child.nodeName === 'paragraph');
    expect(nested).toEqual([]);
    expect(Y.decodeStateVector(Y.encodeStateVector(reader.doc)).get(attacker)).toBe(1);
    expect(reader.doc.store.pendingStructs).toBeNull();
  });
});

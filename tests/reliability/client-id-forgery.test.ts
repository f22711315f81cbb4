/**
 * A Yjs client id is a user's own: a delegate who writes structs as another user's client would take
 * the clocks of that user's edits in flight, so that theirs were dropped as already known, while their
 * acknowledgement said they were on disk. The server binds each client id to the user who first edits
 * live or announces presence with it, closes a connection whose live edit writes as someone else's,
 * and leaves such structs out of a sync step 2 (which may still repeat others' edits the server has
 * seen, or lost in a crash).
 */
import { readDocument } from '@accord/ydoc';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { connectClient, startTestServer, teardown, typeInto, waitSynced } from '../server/harness';

afterEach(teardown);

/** France edits live (acked), goes offline and types more, which the server has not seen. */
async function franceTypingOffline() {
  const server = await startTestServer();
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

describe('client ids', () => {
  it('keeps an offline edit of France’s that Germany tried to overwrite under France’s client id', async () => {
    const { server, presidency, germany, id, fr } = await franceTypingOffline();
    const de = connectClient(server, id, germany.token);
    await waitSynced(de);
    // Germany writes as France's client while France is offline.
    await vi.waitFor(() => expect(de.doc.getXmlFragment('default').toString()).toContain('FR live.'));
    const germanyOwn = de.doc.clientID;
    de.doc.clientID = fr.doc.clientID;
    typeInto(de.doc, 1, ' Forged as France.');
    de.doc.clientID = germanyOwn;
    await vi.waitFor(() => expect(de.closeCodes).toContain(1008));

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
});

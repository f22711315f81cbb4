/**
 * The header (number, From/To, subject, date, marking, codes) is the Presidency's and the Secretariat's:
 * through a real server and stock y-websocket clients, a delegate's change to it — live, offline in a
 * sync step 2, or a field deleted — closes the delegate's connection (1008) and changes nothing: not
 * the live document, not what other clients see, not the update log. The Presidency's goes through,
 * and so does a delegate's text.
 */
import { getMeta } from '@accord/ydoc';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type Client,
  connectClient,
  readTexts,
  startTestServer,
  type TestUser,
  teardown,
  typeInto,
  waitSynced,
} from './harness';

afterEach(teardown);

async function setup() {
  const server = await startTestServer();
  const presidency = await server.createUser('presidency');
  const secretariat = await server.createUser('secretariat');
  const france = await server.createUser('delegate', 'FR');
  const germany = await server.createUser('delegate', 'DE');
  const { id } = await server.createDocument(presidency.token, {
    markdown:
      '**7923/17**\n\nSubject:\n**Cyber diplomacy**\n\n---\n\n1. The EU stands ready.\n\n2. Second.\n',
  });
  /** The header and text as the server holds them, and who the update log says wrote what. */
  const read = async () => {
    await server.server.documents.flush();
    const response = await server.request('GET', `/api/documents/${id}`, presidency.token);
    const live = (await response.json()) as { metadata: Record<string, unknown>; blocks: { text: string }[] };
    const log = await server.store.updates.list(id);
    return { live, writers: log.map((entry) => entry.userId) };
  };
  const connect = async (user: TestUser, doc?: Y.Doc) => {
    const client = connectClient(server, id, user.token, { doc });
    await waitSynced(client);
    return client;
  };
  return { server, presidency, secretariat, france, germany, id, read, connect };
}

/** The client's connection was closed as a policy violation; it tries no more. */
async function expectRefused(client: Client): Promise<void> {
  await expect.poll(() => client.closeCodes).toContain(1008);
  client.provider.destroy();
}

describe('the document header', () => {
  it("refuses a delegate's live change of the number, relays it to nobody and logs nothing", async () => {
    const { presidency, france, germany, read, connect } = await setup();
    const before = await read();
    expect(before.live.metadata.number).toBe('7923/17');
    const de = await connect(germany);
    const fr = await connect(france);
    const pres = await connect(presidency);

    getMeta(fr.doc).set('number', '7923/1/17 REV 1');
    await expectRefused(fr);
    // The Presidency types after the refusal: once Germany has that, it would have had France's change.
    typeInto(pres.doc, 1, ' Presidency text.');
    await expect.poll(() => readTexts(de.doc)[1]).toBe(readTexts(pres.doc)[1]);
    expect(getMeta(de.doc).get('number')).toBe('7923/17');
    expect(getMeta(pres.doc).get('number')).toBe('7923/17');

    const after = await read();
    expect(after.live.metadata).toEqual(before.live.metadata);
    expect(after.writers).not.toContain(france.id);
    expect(after.writers).toEqual([...before.writers, presidency.id]);
  });

  it("refuses a delegate's deletion of a field, and an offline rename sent with text in a sync step 2", async () => {
    const { server, id, presidency, france, germany, read, connect } = await setup();
    const before = await read();
    const de = await connect(germany);

    const deleting = await connect(france);
    getMeta(deleting.doc).delete('subject');
    await expectRefused(deleting);

    // A copy edited while offline: text and a new subject, sent together when it connects.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(de.doc));
    typeInto(offline, 1, ' Typed offline.');
    getMeta(offline).set('subject', 'Renamed by France');
    const late = connectClient(server, id, france.token, { doc: offline });
    await expectRefused(late);

    const pres = await connect(presidency);
    typeInto(pres.doc, 1, ' Presidency text.');
    await expect.poll(() => readTexts(de.doc)[1]).toBe(readTexts(pres.doc)[1]);
    expect(readTexts(de.doc)[1]).not.toContain('Typed offline.');
    expect(getMeta(de.doc).get('subject')).toBe(before.live.metadata.subject);
    const after = await read();
    expect(after.live.metadata).toEqual(before.live.metadata);
    expect(after.writers).not.toContain(france.id);
  });

  it("takes a delegate's text and the Presidency's and the Secretariat's header changes", async () => {
    const { presidency, secretariat, france, germany, read, connect } = await setup();
    const de = await connect(germany);
    const fr = await connect(france);
    const pres = await connect(presidency);
    const gsc = await connect(secretariat);

    typeInto(fr.doc, 0, ' France adds this.');
    getMeta(pres.doc).set('number', '7923/1/17 REV 1');
    getMeta(gsc.doc).set('marking', 'LIMITE');
    gsc.doc.transact(() => getMeta(gsc.doc).delete('subject'));
    await expect.poll(() => readTexts(de.doc)[0]).toBe(readTexts(fr.doc)[0]);
    await expect.poll(() => getMeta(de.doc).get('number')).toBe('7923/1/17 REV 1');
    await expect.poll(() => getMeta(de.doc).get('marking')).toBe('LIMITE');
    await expect.poll(() => getMeta(de.doc).has('subject')).toBe(false);

    const after = await read();
    expect(after.live.blocks[0]?.text).toBe(readTexts(fr.doc)[0]);
    expect(after.live.metadata).toMatchObject({
      number: '7923/1/17 REV 1',
      marking: 'LIMITE',
      subject: null,
    });
    expect(after.writers).toEqual(expect.arrayContaining([france.id, presidency.id, secretariat.id]));
    expect([fr, pres, gsc].flatMap((client) => client.closeCodes)).toEqual([]);
  });
});

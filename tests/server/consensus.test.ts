import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore, SQLITE_FILE_NAME, startServer } from '@accord/server';
import type { ConsensusChanges, ConsensusReport } from '@accord/web/src/api/client';
import { applyConsensusChanges } from '@accord/web/src/consensus/apply-consensus-changes';
import {
  BLOCK_NODE,
  BlockAttr,
  FOOTNOTE_NODE,
  FootnoteAttr,
  findBlockElement,
  getFragment,
  readDocument,
} from '@accord/ydoc';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  Api,
  connectClient,
  FIXTURE_PATH,
  makeTempDir,
  onTeardown,
  startTestServer,
  type TestUser,
  teardown,
  typeInto,
  waitSynced,
} from './harness';
import { readEventStream } from './sse';

afterEach(teardown);

const MARKDOWN = `# Draft Council conclusions on cyber diplomacy

1. The Council recalls its conclusions on cyber diplomacy.

2. The EU [stands ready] to respond to malicious cyber activities.

3. The Council invites the High Representative to report back.
`;

/** A real server on port 0 whose clock the test moves (silence deadlines are judged against it). */
async function setup() {
  const clock = { now: Date.parse('2017-06-07T10:00:00.000Z') };
  const api = await startTestServer({ now: () => clock.now });
  const { server } = api;
  const presidency = await api.createUser('presidency');
  const france = await api.createUser('delegate', 'FR');
  const germany = await api.createUser('delegate', 'DE');
  const { id } = await api.createDocument(presidency.token, { markdown: MARKDOWN });
  const { blocks } = await api.readDocument(presidency.token, id);
  return { api, server, clock, presidency, france, germany, id, blocks };
}

interface BlockReport {
  id: string;
  status: string;
  negotiated: boolean;
  positions: Record<string, { position: string; stale: boolean }>;
  brackets: number;
  missing: string[];
  outsideSilence: 'edited' | 'added' | null;
}

async function consensus(api: Api, token: string, id: string) {
  const response = await api.request('GET', `/api/documents/${id}/consensus`, token);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    status: string;
    blocks: BlockReport[];
    silence: { outcome: string } | null;
  };
}

async function blockOf(api: Api, token: string, id: string, blockId: string) {
  return (await consensus(api, token, id)).blocks.find((b) => b.id === blockId);
}

/** A document whose first paragraph cites a footnote (`cited`) and whose second cites none. */
async function createFootnotedDocument(api: Api, presidency: TestUser) {
  const { id } = await api.createDocument(presidency.token, {
    markdown:
      '1. The Council recalls its conclusions<sup>1</sup>.\n\n2. It welcomes the report.\n\n---\n\n<sup>1</sup> Doc. 9916/17.\n',
  });
  const [cited, other] = (await api.readDocument(presidency.token, id)).blocks.map((b) => b.id);
  return { id, cited: cited as string, other: other as string };
}

/** Rewrites the text of the (first) footnote block `blockId` cites, as an editor does. */
function setFootnoteText(doc: Y.Doc, blockId: string, text: string): void {
  const footnote = (findBlockElement(doc, blockId) as Y.XmlElement)
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === FOOTNOTE_NODE);
  if (footnote === undefined) throw new Error(`block ${blockId} cites no footnote`);
  footnote.setAttribute(FootnoteAttr.text, text);
}

/** Opens the document's event stream as `user` and waits until it is subscribed. */
async function openStream(api: Api, id: string, user: TestUser) {
  const stream = await readEventStream(`${api.url}/api/documents/${id}/events`, {
    authorization: `Bearer ${user.token}`,
  });
  onTeardown(() => stream.close());
  await vi.waitFor(() => expect(stream.events[0]?.event).toBe('ready'));
  return stream;
}

describe('positions against the live text', () => {
  it('turns France’s agreement stale when Germany edits the block through the socket', async () => {
    const { api, france, germany, id, blocks } = await setup();
    const blockId = blocks[1]?.id as string;
    const put = await api.request('PUT', `/api/documents/${id}/blocks/${blockId}/position`, france.token, {
      position: 'agree',
    });
    expect(put.status).toBe(200);
    expect((await blockOf(api, france.token, id, blockId))?.positions.FR).toMatchObject({ stale: false });
    expect((await blockOf(api, france.token, id, blockId))?.missing).not.toContain('FR');

    const client = connectClient(api, id, germany.token);
    await waitSynced(client);
    const run = (findBlockElement(client.doc, blockId) as Y.XmlElement).get(0) as Y.XmlText;
    run.insert(run.length, ' It condemns malicious cyber activities.');

    await expect
      .poll(async () => (await blockOf(api, france.token, id, blockId))?.positions.FR)
      .toMatchObject({ position: 'agree', stale: true });
    const block = await blockOf(api, france.token, id, blockId);
    expect(block?.missing).toContain('FR');
    expect(block?.status).toBe('open');
    // Other blocks keep their text, so a position there stays current.
    const other = blocks[3]?.id as string;
    await api.request('PUT', `/api/documents/${id}/blocks/${other}/position`, france.token, {
      position: 'oppose',
    });
    expect((await blockOf(api, france.token, id, other))?.status).toBe('opposed');
  });

  it('turns France’s agreement stale when Germany changes what a footnote of the paragraph cites', async () => {
    const { api, presidency, france, germany } = await setup();
    const { id, cited, other } = await createFootnotedDocument(api, presidency);
    for (const blockId of [cited, other]) {
      const put = await api.request('PUT', `/api/documents/${id}/blocks/${blockId}/position`, france.token, {
        position: 'agree',
      });
      expect(put.status).toBe(200);
    }

    const client = connectClient(api, id, germany.token);
    await waitSynced(client);
    setFootnoteText(client.doc, cited, '[Doc. 9916/1/17 REV 1.]');

    await expect
      .poll(async () => (await blockOf(api, france.token, id, cited))?.positions.FR)
      .toMatchObject({ position: 'agree', stale: true });
    // The paragraph's words are as they were: only its footnote changed, and its bracket keeps it open.
    expect((await api.readDocument(france.token, id)).blocks[0]?.text).toBe(
      'The Council recalls its conclusions.',
    );
    expect(await blockOf(api, france.token, id, cited)).toMatchObject({ brackets: 1, status: 'open' });
    expect((await blockOf(api, france.token, id, other))?.positions.FR).toMatchObject({ stale: false });
  });

  it('pins a position to the text as edited live, not to the text as created', async () => {
    const { api, france, germany, id, blocks } = await setup();
    const blockId = blocks[3]?.id as string;
    const client = connectClient(api, id, germany.token);
    await waitSynced(client);
    const run = (findBlockElement(client.doc, blockId) as Y.XmlElement).get(0) as Y.XmlText;
    run.insert(0, 'Finally, ');
    await expect
      .poll(async () => (await api.readDocument(france.token, id)).blocks[3]?.text)
      .toMatch(/^Finally, /);
    await api.request('PUT', `/api/documents/${id}/blocks/${blockId}/position`, france.token, {
      position: 'agree',
    });
    expect((await blockOf(api, france.token, id, blockId))?.positions.FR).toMatchObject({ stale: false });
  });
  it('pins a position to the revision current when it was given', async () => {
    const { api, presidency, france, id, blocks } = await setup();
    const blockId = blocks[1]?.id as string;
    const put = (position: string) =>
      api.request('PUT', `/api/documents/${id}/blocks/${blockId}/position`, france.token, { position });
    expect(((await (await put('agree')).json()) as { revision: number }).revision).toBe(0);
    const issued = await api.request('POST', `/api/documents/${id}/revisions`, presidency.token, {});
    expect(issued.status).toBe(201);
    expect(((await (await put('abstain')).json()) as { revision: number }).revision).toBe(1);
    const audit = await api.request('GET', `/api/documents/${id}/audit`, presidency.token);
    expect(((await audit.json()) as { action: string }[]).map((e) => e.action)).toEqual([
      'position.recorded',
      'revision.issued',
      'position.recorded',
    ]);
  });
});

describe('the negotiated text', () => {
  it("flags 9916/17's cover note as not negotiated, and follows the live text when the cover is deleted through the socket", async () => {
    const { api, presidency, germany } = await setup();
    const { id } = await api.createDocument(presidency.token, {
      markdown: readFileSync(FIXTURE_PATH, 'utf8'),
    });
    const flags = async () =>
      (await consensus(api, germany.token, id)).blocks.map((b) => (b.negotiated ? 'text' : 'cover'));
    // The Secretariat's five numbered points, then the annex (its title, the line opening it, the
    // conclusions numbered from 1 again) that the Council adopts.
    const before = await flags();
    expect(before.slice(0, 6)).toEqual(['cover', 'cover', 'cover', 'cover', 'cover', 'text']);
    expect(before.slice(5).every((flag) => flag === 'text')).toBe(true);

    const client = connectClient(api, id, germany.token);
    await waitSynced(client);
    getFragment(client.doc).delete(0, 5);
    await expect.poll(async () => (await flags()).length).toBe(before.length - 5);
    expect((await flags()).every((flag) => flag === 'text')).toBe(true);
  });
});

describe('block ids against a client that sends its own', () => {
  it('keeps a block’s id, positions and comments when a client inserts a paragraph with the same id above it', async () => {
    const { api, france, germany, id, blocks } = await setup();
    const target = blocks[2] as { id: string; text: string };
    await api.request('PUT', `/api/documents/${id}/blocks/${target.id}/position`, france.token, {
      position: 'reservation',
    });
    const comment = await api.request(
      'POST',
      `/api/documents/${id}/blocks/${target.id}/comments`,
      france.token,
      {
        body: 'Our reservation holds.',
        visibility: 'all',
      },
    );
    expect(comment.status).toBe(201);

    const client = connectClient(api, id, germany.token);
    await waitSynced(client);
    const copy = new Y.XmlElement(BLOCK_NODE);
    copy.setAttribute(BlockAttr.id, target.id);
    copy.setAttribute(BlockAttr.kind, 'numbered');
    const run = new Y.XmlText();
    run.insert(0, 'Hijacker text.');
    copy.insert(0, [run]);
    getFragment(client.doc).insert(2, [copy]);

    // The server gives the newcomer a fresh id, written into every copy of the document.
    await vi.waitFor(() => {
      const ids = readDocument(client.doc).blocks.map((b) => b.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((b) => !b.includes('~'))).toBe(true);
    });
    const live = await api.readDocument(france.token, id);
    expect(live.blocks.find((b) => b.id === target.id)?.text).toBe(target.text);
    const newcomer = live.blocks.find((b) => b.text === 'Hijacker text.');
    expect(newcomer?.id).not.toBe(target.id);
    expect(readDocument(client.doc).blocks.map((b) => b.id)).toEqual(live.blocks.map((b) => b.id));

    const block = await blockOf(api, france.token, id, target.id);
    expect(block?.status).toBe('reserved');
    expect(block?.positions.FR).toMatchObject({ position: 'reservation', stale: false });
    const listed = (await (
      await api.request('GET', `/api/documents/${id}/comments`, france.token)
    ).json()) as {
      blockId: string;
      orphaned: boolean;
    }[];
    expect(listed).toEqual([expect.objectContaining({ blockId: target.id, orphaned: false })]);
  });

  it('names a paragraph a stock client sent without an id, in the document itself', async () => {
    const { api, germany, id } = await setup();
    const client = connectClient(api, id, germany.token);
    await waitSynced(client);
    const element = new Y.XmlElement(BLOCK_NODE);
    element.setAttribute(BlockAttr.kind, 'paragraph');
    const run = new Y.XmlText();
    run.insert(0, 'No id given.');
    element.insert(0, [run]);
    getFragment(client.doc).insert(0, [element]);
    await vi.waitFor(() => expect(element.getAttribute(BlockAttr.id)).toMatch(/^[\w-]{8,}$/));
    const live = await api.readDocument(germany.token, id);
    expect(live.blocks[0]).toMatchObject({ id: element.getAttribute(BlockAttr.id), text: 'No id given.' });
  });
});

describe('comments against the live text', () => {
  it('keeps a comment listed, orphaned and with its quote, after its block is deleted through the socket', async () => {
    const { api, france, germany, id, blocks } = await setup();
    const block = blocks[2] as { id: string; text: string };
    const created = await api.request(
      'POST',
      `/api/documents/${id}/blocks/${block.id}/comments`,
      germany.token,
      {
        body: 'Can we drop the brackets?',
        visibility: 'all',
      },
    );
    expect(created.status).toBe(201);

    const client = connectClient(api, id, france.token);
    await waitSynced(client);
    const fragment = getFragment(client.doc);
    fragment.delete(fragment.toArray().indexOf(findBlockElement(client.doc, block.id) as Y.XmlElement), 1);

    await expect
      .poll(async () => {
        const response = await api.request('GET', `/api/documents/${id}/comments`, france.token);
        return (await response.json()) as { orphaned: boolean; quote: string; body: string }[];
      })
      .toEqual([
        expect.objectContaining({ orphaned: true, quote: block.text, body: 'Can we drop the brackets?' }),
      ]);
  });
});

describe('the event stream', () => {
  it('delivers France’s position to Germany’s open stream without any polling', async () => {
    const { api, france, germany, id, blocks } = await setup();
    const blockId = blocks[1]?.id as string;
    const stream = await openStream(api, id, germany);
    const put = await api.request('PUT', `/api/documents/${id}/blocks/${blockId}/position`, france.token, {
      position: 'scrutiny_reservation',
    });
    const recorded = await put.json();
    await vi.waitFor(() => expect(stream.events.map((e) => e.event)).toEqual(['ready', 'position']));
    expect(stream.events[1]?.data).toEqual({ action: 'recorded', ...(recorded as object) });
  });

  it('keeps France’s private note off every stream but France’s', async () => {
    const { api, presidency, france, germany, id, blocks } = await setup();
    const blockId = blocks[1]?.id as string;
    const france2 = await api.createUser('delegate', 'FR');
    const archivist = await api.createUser('archivist');
    const streams = {
      france2: await openStream(api, id, france2),
      germany: await openStream(api, id, germany),
      presidency: await openStream(api, id, presidency),
      archivist: await openStream(api, id, archivist),
    };
    const path = `/api/documents/${id}/blocks/${blockId}/comments`;
    expect(
      (await api.request('POST', path, france.token, { body: 'Red line', visibility: 'delegation' })).status,
    ).toBe(201);
    expect(
      (await api.request('POST', path, france.token, { body: 'Open remark', visibility: 'all' })).status,
    ).toBe(201);
    for (const stream of Object.values(streams)) {
      await vi.waitFor(() => expect(JSON.stringify(stream.events)).toContain('Open remark'));
    }
    expect(JSON.stringify(streams.france2.events)).toContain('Red line');
    for (const outsider of [streams.germany, streams.presidency, streams.archivist]) {
      expect(outsider.events.map((e) => e.event)).toEqual(['ready', 'comment']);
      expect(JSON.stringify(outsider.events)).not.toContain('Red line');
    }
  });

  it('hints that the consensus changed when a delegate types in the live text', async () => {
    const { api, france, germany, id, blocks } = await setup();
    const stream = await openStream(api, id, france);
    const client = connectClient(api, id, germany.token);
    await waitSynced(client);
    const run = (findBlockElement(client.doc, blocks[1]?.id as string) as Y.XmlElement).get(0) as Y.XmlText;
    run.insert(0, 'Moreover, ');
    await vi.waitFor(() => expect(stream.events.map((e) => e.event)).toContain('consensus-changed'));
  });

  it('authenticates a browser by its session cookie, as EventSource does', async () => {
    const { api, france, id } = await setup();
    const login = await fetch(`${api.url}/login?token=${france.token}`, { redirect: 'manual' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^accord_session=/);
    const stream = await readEventStream(`${api.url}/api/documents/${id}/events`, { cookie });
    onTeardown(() => stream.close());
    await vi.waitFor(() => expect(stream.events[0]?.event).toBe('ready'));
  });

  it('ends open streams when the server shuts down', async () => {
    const { api, server, france, id } = await setup();
    const stream = await openStream(api, id, france);
    await server.close();
    await stream.ended;
    expect(stream.events.map((e) => e.event)).toEqual(['ready']);
  });
});

describe('the report’s changes (GET /consensus/changes)', () => {
  it('brings a client from any version it holds to exactly the report, through positions, edits, new and deleted paragraphs, silence', async () => {
    const { api, clock, presidency, france, germany, id, blocks } = await setup();
    const client = connectClient(api, id, germany.token);
    await waitSynced(client);
    const get = async (path: string) => {
      const response = await api.request('GET', `/api/documents/${id}/${path}`, presidency.token);
      expect(response.status).toBe(200);
      return response.json();
    };
    /** Every version a client could hold, each with the report it held then. */
    const held: { version: string; report: ConsensusReport }[] = [];
    let lastFull = 0;
    const check = async () => {
      const report = (await get('consensus')) as ConsensusReport;
      const fromNothing = (await get('consensus/changes')) as ConsensusChanges;
      expect(fromNothing.full).toBe(true);
      expect(applyConsensusChanges(null, fromNothing)).toEqual(report);
      for (const { version, report: before } of held) {
        const changes = (await get(
          `consensus/changes?since=${encodeURIComponent(version)}`,
        )) as ConsensusChanges;
        expect(changes.full).toBe(false);
        expect(changes.version).toBe(fromNothing.version);
        expect(applyConsensusChanges(before, changes)).toEqual(report);
      }
      const latest = held.at(-1);
      if (latest !== undefined && latest.version !== fromNothing.version) {
        // From the version just before: only what changed since.
        const changes = (await get(
          `consensus/changes?since=${encodeURIComponent(latest.version)}`,
        )) as ConsensusChanges;
        lastFull = changes.blocks.length;
      }
      held.push({ version: fromNothing.version, report });
    };
    /** Waits until the server reads the live text as the client has it. */
    const settled = () =>
      vi.waitFor(async () => {
        const live = await api.readDocument(presidency.token, id);
        expect(live.blocks.map((block) => block.text)).toEqual(
          readDocument(client.doc).blocks.map((b) => b.text),
        );
      });

    await check();
    await api.request('PUT', `/api/documents/${id}/blocks/${blocks[1]?.id}/position`, france.token, {
      position: 'agree',
    });
    await check();
    expect(lastFull).toBe(1);

    typeInto(client.doc, 1, ' Edited.');
    await settled();
    await check();

    const element = new Y.XmlElement(BLOCK_NODE);
    element.setAttribute(BlockAttr.kind, 'numbered');
    const run = new Y.XmlText();
    run.insert(0, 'A new paragraph.');
    element.insert(0, [run]);
    getFragment(client.doc).insert(2, [element]);
    await settled();
    await vi.waitFor(() => expect(element.getAttribute(BlockAttr.id)).toBeTruthy());
    await check();

    const fragment = getFragment(client.doc);
    fragment.delete(fragment.length - 1, 1);
    await settled();
    await check();

    const started = await api.request('POST', `/api/documents/${id}/silence`, presidency.token, {
      until: '2017-06-09T17:00:00Z',
    });
    expect(started.status).toBe(201);
    await check();
    clock.now = Date.parse('2017-06-09T17:00:00Z');
    await check();
    expect(held.at(-1)?.report.silence).toMatchObject({ outcome: 'lapsed' });
  });

  it('answers a version it does not know with every block, and a malformed one too', async () => {
    const { api, presidency, id } = await setup();
    for (const since of ['', 'unknown.3', 'x'.repeat(100)]) {
      const response = await api.request(
        'GET',
        `/api/documents/${id}/consensus/changes?since=${since}`,
        presidency.token,
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ full: true, order: expect.any(Array) });
    }
    const tooLong = await api.request(
      'GET',
      `/api/documents/${id}/consensus/changes?since=${'x'.repeat(101)}`,
      presidency.token,
    );
    expect(tooLong.status).toBe(400);
  });
});

describe('the silence procedure over HTTP', () => {
  it('lapses at the deadline by the server’s clock, and a broken one does not', async () => {
    const { api, clock, presidency, germany, id, blocks } = await setup();
    const started = await api.request('POST', `/api/documents/${id}/silence`, presidency.token, {
      until: '2017-06-09T17:00:00Z',
    });
    expect(started.status).toBe(201);
    clock.now = Date.parse('2017-06-09T17:00:00Z');
    let report = await consensus(api, germany.token, id);
    expect(report.silence?.outcome).toBe('lapsed');
    expect(report.blocks.find((b) => b.id === blocks[1]?.id)?.status).toBe('agreed');

    clock.now = Date.parse('2017-06-12T09:00:00Z');
    await api.request('POST', `/api/documents/${id}/silence`, presidency.token, {
      until: '2017-06-14T17:00:00Z',
    });
    const broken = await api.request('POST', `/api/documents/${id}/silence/break`, germany.token, {
      reason: 'We need to consult',
    });
    expect(broken.status).toBe(200);
    clock.now = Date.parse('2017-06-15T00:00:00Z');
    report = await consensus(api, germany.token, id);
    expect(report.silence?.outcome).toBe('broken');
    // The first, lapsed procedure still covers the text it froze.
    expect(report.blocks.find((b) => b.id === blocks[1]?.id)?.status).toBe('agreed');
  });
});

describe('durability', () => {
  it('keeps positions, comments, silence and the audit log across a restart', async () => {
    const dataDir = makeTempDir();
    const file = join(dataDir, SQLITE_FILE_NAME);
    const first = openSqliteStore(file);
    const server = await startServer({
      store: first,
      port: 0,
      adminToken: 'test-admin-token',
      logError: () => {},
    });
    const api = new Api(server.url);
    const presidency = await api.createUser('presidency');
    const france = await api.createUser('delegate', 'FR');
    const { id } = await api.createDocument(presidency.token, { markdown: MARKDOWN });
    const blockId = (await api.readDocument(france.token, id)).blocks[1]?.id as string;
    await api.request('PUT', `/api/documents/${id}/blocks/${blockId}/position`, france.token, {
      position: 'oppose',
    });
    await api.request('POST', `/api/documents/${id}/blocks/${blockId}/comments`, france.token, {
      body: 'Why',
      visibility: 'all',
    });
    await server.close();
    await first.close();

    const second = openSqliteStore(file);
    onTeardown(() => second.close());
    const again = await startServer({
      store: second,
      port: 0,
      adminToken: 'test-admin-token',
      logError: () => {},
    });
    onTeardown(() => again.close());
    const api2 = new Api(again.url);
    expect((await blockOf(api2, france.token, id, blockId))?.status).toBe('opposed');
    const comments = await api2.request('GET', `/api/documents/${id}/comments`, france.token);
    expect(((await comments.json()) as unknown[]).length).toBe(1);
    const audit = await api2.request('GET', `/api/documents/${id}/audit`, presidency.token);
    expect(((await audit.json()) as { action: string }[]).map((e) => e.action)).toEqual([
      'position.recorded',
      'comment.created',
    ]);
  });
});

describe('concurrent positions', () => {
  it('records every one of many simultaneous positions, each delegation’s latest winning', async () => {
    const { api, presidency, id, blocks } = await setup();
    const delegates = await Promise.all(
      ['BE', 'BG', 'CZ', 'DK', 'EE', 'IE', 'EL', 'ES', 'HR', 'IT'].map((code) =>
        api.createUser('delegate', code),
      ),
    );
    const puts = delegates.flatMap((user) =>
      blocks.map((block) =>
        api.request('PUT', `/api/documents/${id}/blocks/${block.id}/position`, user.token, {
          position: 'agree',
        }),
      ),
    );
    const statuses = await Promise.all(puts.map(async (p) => (await p).status));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const report = await consensus(api, presidency.token, id);
    for (const block of report.blocks) expect(Object.keys(block.positions)).toHaveLength(delegates.length);
    const audit = await api.request('GET', `/api/documents/${id}/audit`, presidency.token);
    expect(((await audit.json()) as unknown[]).length).toBe(delegates.length * blocks.length);
  });
});

describe('silence when a block is edited during the procedure', () => {
  const UNTIL = '2017-06-09T17:00:00.000Z';
  const AFTER_DEADLINE = Date.parse('2017-06-09T17:00:01.000Z');

  /** Deletes the last `count` characters of block `index`'s first text run, as one transaction. */
  function deleteAtEnd(doc: Y.Doc, index: number, count: number): void {
    const block = getFragment(doc).get(index);
    if (!(block instanceof Y.XmlElement)) throw new Error(`no block ${index}`);
    const run = block.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText);
    if (run === undefined) throw new Error(`block ${index} has no text`);
    run.delete(run.length - count, count);
  }

  /** Germany's agreement on the block is current again: the live text is the text it agreed on. */
  async function waitUntilPositionCurrent(
    api: Api,
    token: string,
    id: string,
    blockId: string,
    stale: boolean,
  ) {
    await vi.waitFor(async () =>
      expect((await blockOf(api, token, id, blockId))?.positions.DE?.stale).toBe(stale),
    );
  }

  it('leaves a block open whose text changed during the procedure and was changed back after the deadline', async () => {
    const { api, clock, presidency, germany, id, blocks } = await setup();
    const edited = blocks[1]?.id as string;
    const untouched = blocks[3]?.id as string;
    for (const blockId of [edited, untouched]) {
      await api.request('PUT', `/api/documents/${id}/blocks/${blockId}/position`, germany.token, {
        position: 'agree',
      });
    }
    const started = await api.request('POST', `/api/documents/${id}/silence`, presidency.token, {
      until: UNTIL,
    });
    expect(started.status).toBe(201);
    const client = connectClient(api, id, germany.token);
    await waitSynced(client);

    typeInto(client.doc, 1, ' Edited.');
    await waitUntilPositionCurrent(api, germany.token, id, edited, true);
    clock.now = AFTER_DEADLINE;
    expect((await blockOf(api, germany.token, id, edited))?.status).toBe('open');
    expect((await blockOf(api, germany.token, id, untouched))?.status).toBe('agreed');

    deleteAtEnd(client.doc, 1, ' Edited.'.length);
    await waitUntilPositionCurrent(api, germany.token, id, edited, false);
    // Agreed by nobody but Germany: not by a procedure that lapsed while the block held other text.
    const block = await blockOf(api, germany.token, id, edited);
    expect(block?.status).toBe('open');
    expect(block?.missing).toHaveLength(26);
  });

  it('leaves a paragraph open whose footnote cited another document during the procedure', async () => {
    const { api, clock, presidency, germany } = await setup();
    const { id, cited, other } = await createFootnotedDocument(api, presidency);
    for (const blockId of [cited, other]) {
      await api.request('PUT', `/api/documents/${id}/blocks/${blockId}/position`, germany.token, {
        position: 'agree',
      });
    }
    await api.request('POST', `/api/documents/${id}/silence`, presidency.token, { until: UNTIL });
    const client = connectClient(api, id, germany.token);
    await waitSynced(client);

    setFootnoteText(client.doc, cited, 'Doc. 9916/1/17 REV 1.');
    await waitUntilPositionCurrent(api, germany.token, id, cited, true);
    setFootnoteText(client.doc, cited, 'Doc. 9916/17.');
    await waitUntilPositionCurrent(api, germany.token, id, cited, false);
    clock.now = AFTER_DEADLINE;
    // The silent did not agree to the paragraph as it read for a while: only Germany did.
    expect(await blockOf(api, germany.token, id, cited)).toMatchObject({ status: 'open' });
    expect((await blockOf(api, germany.token, id, cited))?.missing).toHaveLength(26);
    expect((await blockOf(api, germany.token, id, other))?.status).toBe('agreed');
  });

  it('says, while the procedure runs, which paragraphs an edit took out of it or were added since, as the edits land', async () => {
    const { api, clock, presidency, germany, id, blocks } = await setup();
    const edited = blocks[1]?.id as string;
    const untouched = blocks[3]?.id as string;
    const outside = async () =>
      Object.fromEntries(
        (await consensus(api, presidency.token, id)).blocks.map((b) => [b.id, b.outsideSilence]),
      );
    // No procedure: nothing to be outside of.
    expect(Object.values(await outside()).every((said) => said === null)).toBe(true);
    await api.request('POST', `/api/documents/${id}/silence`, presidency.token, { until: UNTIL });
    expect(Object.values(await outside()).every((said) => said === null)).toBe(true);

    const client = connectClient(api, id, germany.token);
    await waitSynced(client);
    typeInto(client.doc, 1, ' Edited.');
    await vi.waitFor(async () => expect((await outside())[edited]).toBe('edited'));
    // Changed back, it stays out: the silent were not silent on one text.
    deleteAtEnd(client.doc, 1, ' Edited.'.length);
    await vi.waitFor(async () =>
      expect((await api.readDocument(germany.token, id)).blocks[1]?.text).toBe(blocks[1]?.text),
    );
    expect(await outside()).toMatchObject({ [edited]: 'edited', [untouched]: null });

    const element = new Y.XmlElement(BLOCK_NODE);
    element.setAttribute(BlockAttr.kind, 'numbered');
    const run = new Y.XmlText();
    run.insert(0, 'A new paragraph.');
    element.insert(0, [run]);
    getFragment(client.doc).insert(2, [element]);
    await vi.waitFor(() => expect(element.getAttribute(BlockAttr.id)).toBeTruthy());
    const added = element.getAttribute(BlockAttr.id) as string;
    await vi.waitFor(async () => expect((await outside())[added]).toBe('added'));
    // The report's changes carry it as the report does.
    const changes = await api.request('GET', `/api/documents/${id}/consensus/changes`, presidency.token);
    const rows = ((await changes.json()) as { blocks: BlockReport[] }).blocks;
    expect(rows.find((b) => b.id === added)?.outsideSilence).toBe('added');

    // Lapsed, the statuses say the rest: the edited paragraph open, the untouched one agreed.
    clock.now = AFTER_DEADLINE;
    const report = await consensus(api, presidency.token, id);
    expect(report.blocks.every((b) => b.outsideSilence === null)).toBe(true);
    expect(report.blocks.find((b) => b.id === edited)?.status).toBe('open');
    expect(report.blocks.find((b) => b.id === untouched)?.status).toBe('agreed');
  });

  it('remembers the change across a restart, when the block is changed back before the deadline', async () => {
    const dataDir = makeTempDir();
    const file = join(dataDir, SQLITE_FILE_NAME);
    const clock = { now: Date.parse('2017-06-07T10:00:00.000Z') };
    const serve = async (store: ReturnType<typeof openSqliteStore>) =>
      startServer({
        store,
        port: 0,
        adminToken: 'test-admin-token',
        now: () => clock.now,
        logError: () => {},
      });
    const first = openSqliteStore(file);
    const server = await serve(first);
    const api = new Api(server.url);
    const presidency = await api.createUser('presidency');
    const germany = await api.createUser('delegate', 'DE');
    const { id } = await api.createDocument(presidency.token, { markdown: MARKDOWN });
    const blocks = (await api.readDocument(presidency.token, id)).blocks;
    const edited = blocks[1]?.id as string;
    const untouched = blocks[3]?.id as string;
    await api.request('POST', `/api/documents/${id}/silence`, presidency.token, { until: UNTIL });
    const client = connectClient(api, id, germany.token, { acks: true });
    await waitSynced(client);
    typeInto(client.doc, 1, ' Edited.');
    // Acknowledged: stored for good.
    const clientId = client.doc.clientID;
    await vi.waitFor(() =>
      expect(client.acks.at(-1)?.get(clientId)).toBe(Y.getState(client.doc.store, clientId)),
    );
    client.provider.destroy();
    await server.close();
    await first.close();

    const second = openSqliteStore(file);
    onTeardown(() => second.close());
    const again = await serve(second);
    onTeardown(() => again.close());
    const api2 = new Api(again.url);
    const back = connectClient(api2, id, germany.token);
    await waitSynced(back);
    deleteAtEnd(back.doc, 1, ' Edited.'.length);
    await vi.waitFor(async () =>
      expect((await api2.readDocument(germany.token, id)).blocks[1]?.text).toBe(blocks[1]?.text),
    );
    clock.now = AFTER_DEADLINE;
    const report = await consensus(api2, germany.token, id);
    expect(report.silence?.outcome).toBe('lapsed');
    expect(report.blocks.find((b) => b.id === edited)?.status).toBe('open');
    expect(report.blocks.find((b) => b.id === untouched)?.status).toBe('agreed');
  });
});

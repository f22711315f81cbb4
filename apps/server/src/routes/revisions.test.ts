import { readFileSync } from 'node:fs';
import { type DocumentDiff, diffDocuments, renderRedlineText } from '@accord/diff';
import { describeMove, describeSplitOrJoin } from '@accord/diff/labels';
import { readRedlineDocx, readVersion } from '@accord/diff/testing';
import { parseDocx, parseHtml, parseMarkdown, renderDocx, renderMarkdown } from '@accord/format';
import { acceptTrackedChanges } from '@accord/format/testing';
import type { CouncilDocument } from '@accord/model';
import { findBlockElement } from '@accord/ydoc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { type App, createApp } from '../app';
import { createId } from '../auth/tokens';
import { findDemoFixture, seedDemo } from '../demo/seed-demo';
import { type DeliveredEvent, DocumentEventBus } from '../events/event-bus';
import { MAX_FILE_NAME_CHARS } from '../http/document-schemas';
import { hashRevisionContent } from '../revisions/revision-content';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/open-sqlite-store';
import { LiveDocuments } from '../sync/live-documents';

const ADMIN = 'admin-secret-token';
const fixture = readFileSync(findDemoFixture(), 'utf8');
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let store: SqliteStore;
let documents: LiveDocuments;
let app: App;
let clock: number;
let events: DocumentEventBus;
const errors: unknown[] = [];

beforeEach(() => {
  store = openSqliteStore(':memory:');
  documents = new LiveDocuments(store, { idleUnloadMs: 60_000 });
  clock = Date.UTC(2017, 4, 12, 10, 0, 0);
  events = new DocumentEventBus((_, e) => errors.push(e));
  app = createApp({
    store,
    documents,
    events,
    adminToken: ADMIN,
    now: () => clock++,
    logError: (_, e) => errors.push(e),
  });
});

afterEach(async () => {
  expect(errors).toEqual([]);
  await documents.close();
  await store.close();
  errors.length = 0;
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function request(method: string, path: string, token: string, body?: unknown) {
  return app.request(path, {
    method,
    headers: { ...bearer(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function upload(path: string, token: string, file: Blob, name: string, note?: string) {
  const form = new FormData();
  form.append('file', file, name);
  if (note !== undefined) form.append('note', note);
  return app.request(path, { method: 'POST', headers: bearer(token), body: form });
}

async function json<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function createUser(role: string, delegation?: string): Promise<{ id: string; token: string }> {
  return json(
    await request('POST', '/api/users', ADMIN, {
      name: `${role} ${delegation ?? ''}`.trim(),
      role,
      delegation,
    }),
    201,
  );
}

interface DocumentBody {
  id: string;
  revision: number;
  blocks: { id: string; text: string; number: string | null }[];
}

async function createDocument(token: string, body: Record<string, string>): Promise<DocumentBody> {
  return json(await request('POST', '/api/documents', token, body), 201);
}

interface RevisionBody {
  rev: number;
  label: string;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
  note: string | null;
  sha256: string;
  upload?: { matched: number; added: number; removed: number; positionFootnotesDropped: number } | null;
}

function issue(id: string, token: string, body?: unknown) {
  return request('POST', `/api/documents/${id}/revisions`, token, body);
}

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}

/** The text with one edit made, which must find what it replaces. */
function edit(markdown: string, from: string | RegExp, to: string): string {
  if (typeof from === 'string' ? !markdown.includes(from) : !from.test(markdown))
    throw new Error(`no ${from}`);
  return markdown.replace(from, to);
}

function parse(markdown: string): CouncilDocument {
  const parsed = parseMarkdown(markdown);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe('issuing revisions', () => {
  it('labels revisions as the register does: 7923/17, 7923/1/17 REV 1, 7923/2/17 REV 2', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { number: '7923/17', title: 'Cyber diplomacy' });
    const first = await json<RevisionBody>(
      await issue(doc.id, presidency.token, { note: ' First reading ' }),
      201,
    );
    expect(first).toMatchObject({
      rev: 1,
      label: '7923/1/17 REV 1',
      createdBy: presidency.id,
      createdByName: 'presidency',
      note: 'First reading',
      upload: null,
    });
    expect(first.createdAt).toMatch(/^2017-05-12T10:00:00\.\d{3}Z$/);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    const second = await json<RevisionBody>(await issue(doc.id, presidency.token), 201);
    expect(second).toMatchObject({ rev: 2, label: '7923/2/17 REV 2', note: null });

    const list = await json<RevisionBody[]>(
      await request('GET', `/api/documents/${doc.id}/revisions`, presidency.token),
      200,
    );
    expect(list.map((r) => [r.rev, r.label])).toEqual([
      [0, '7923/17'],
      [1, '7923/1/17 REV 1'],
      [2, '7923/2/17 REV 2'],
    ]);
    const summaries = await json<{ id: string; revision: number }[]>(
      await request('GET', '/api/documents', presidency.token),
      200,
    );
    expect(summaries.find((d) => d.id === doc.id)?.revision).toBe(2);
  });

  it('records the issue in the audit log and publishes a revision event', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { number: '7923/17', title: 'Cyber' });
    const received: DeliveredEvent[] = [];
    events.subscribe(doc.id, { delegation: 'FR' }, (event) => received.push(event));
    const issued = await json<RevisionBody>(await issue(doc.id, presidency.token, { note: 'HWPCI' }), 201);
    expect(received).toEqual([
      expect.objectContaining({ type: 'revision', documentId: doc.id, data: issued }),
    ]);

    const form = new FormData();
    form.append('file', new Blob(['**7923/17**\n\n1. Uploaded text.\n']), 'rev2.md');
    await json(
      await app.request(`/api/documents/${doc.id}/revisions`, {
        method: 'POST',
        headers: bearer(presidency.token),
        body: form,
      }),
      201,
    );
    const audit = await json<
      { action: string; summary: string; actor: { id: string }; details: Record<string, unknown> }[]
    >(await request('GET', `/api/documents/${doc.id}/audit`, presidency.token), 200);
    const issuedEntries = audit.filter((entry) => entry.action === 'revision.issued');
    expect(issuedEntries).toMatchObject([
      {
        summary: '7923/1/17 REV 1 issued',
        actor: { id: presidency.id },
        details: {
          rev: 1,
          label: '7923/1/17 REV 1',
          sha256: issued.sha256,
          note: 'HWPCI',
          source: 'live',
          upload: null,
        },
      },
      {
        summary: '7923/2/17 REV 2 issued from the uploaded file rev2.md',
        details: {
          rev: 2,
          source: 'file',
          fileName: 'rev2.md',
          upload: {
            matched: 0,
            added: 1,
            removed: 1,
            positionFootnotesDropped: 0,
            leftOut: { comments: 0, images: 0 },
          },
        },
      },
    ]);
  });

  it('labels a working document WK 6162/2017 INIT, then WK 6162/2017 REV 1', async () => {
    const secretariat = await createUser('secretariat');
    const doc = await createDocument(secretariat.token, { number: 'WK 6162/2017 INIT', title: 'Additions' });
    expect(await json<RevisionBody>(await issue(doc.id, secretariat.token), 201)).toMatchObject({
      rev: 1,
      label: 'WK 6162/2017 REV 1',
    });
    const list = await json<RevisionBody[]>(
      await request('GET', `/api/documents/${doc.id}/revisions`, secretariat.token),
      200,
    );
    expect(list.map((r) => r.label)).toEqual(['WK 6162/2017 INIT', 'WK 6162/2017 REV 1']);
  });

  it('names the next revision by its label where it is not its rev, for a document created as a REV', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { number: 'WK 6162/2017 REV 1', title: 'Cyber' });
    const first = await json<RevisionBody>(await issue(doc.id, presidency.token, { rev: 1 }), 201);
    expect(first.label).toBe('WK 6162/2017 REV 2');
    // Without the label, "REV 2 was already issued; the next is 2" read as a contradiction.
    expect(await errorOf(await issue(doc.id, presidency.token, { rev: 1 }))).toEqual({
      status: 409,
      code: 'revision-taken',
      message: `rev: WK 6162/2017 REV 2 was already issued, at ${first.createdAt}; the next is 2, WK 6162/2017 REV 3`,
    });
    expect(await errorOf(await issue(doc.id, presidency.token, { rev: 3 }))).toMatchObject({
      code: 'revision-not-next',
      message: 'rev: the next revision of this document is 2, WK 6162/2017 REV 3, not 3',
    });
  });

  it('gives concurrent requests distinct consecutive numbers', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { number: '7923/17', title: 'Cyber' });
    const issued = await Promise.all(
      Array.from({ length: 6 }, async () => json<RevisionBody>(await issue(doc.id, presidency.token), 201)),
    );
    expect(issued.map((r) => r.rev).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('issues a revision asked for by number once: a retry of the same request is a 409 naming the one issued', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { number: '7923/17', title: 'Cyber' });
    const first = await json<RevisionBody>(
      await issue(doc.id, presidency.token, { rev: 1, note: 'HWPCI' }),
      201,
    );
    expect(first.label).toBe('7923/1/17 REV 1');
    expect(await errorOf(await issue(doc.id, presidency.token, { rev: 1, note: 'HWPCI' }))).toEqual({
      status: 409,
      code: 'revision-taken',
      message: `rev: 7923/1/17 REV 1 was already issued, at ${first.createdAt}; the next is 2, 7923/2/17 REV 2`,
    });
    expect(await errorOf(await issue(doc.id, presidency.token, { rev: 3 }))).toEqual({
      status: 409,
      code: 'revision-not-next',
      message: 'rev: the next revision of this document is 2, 7923/2/17 REV 2, not 3',
    });
    const form = new FormData();
    form.append('file', new Blob([edit(fixture, 'welcomed', 'warmly welcomed')]), 'rev.md');
    form.append('rev', '1');
    const refused = await app.request(`/api/documents/${doc.id}/revisions`, {
      method: 'POST',
      headers: bearer(presidency.token),
      body: form,
    });
    expect(await errorOf(refused)).toMatchObject({ status: 409, code: 'revision-taken' });
    expect((await store.revisions.list(doc.id)).map((r) => r.rev)).toEqual([0, 1]);
    expect(
      (await json<DocumentBody>(await request('GET', `/api/documents/${doc.id}`, presidency.token), 200))
        .blocks,
    ).toHaveLength(1);
    expect((await json<RevisionBody>(await issue(doc.id, presidency.token, { rev: 2 }), 201)).rev).toBe(2);
  });

  it('retries with the next number when another server took it first', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { number: '7923/17', title: 'Cyber' });
    // A second app over the same store has its own issuing lock, as a second process would.
    const other = createApp({ store, documents, adminToken: ADMIN, logError: (_, e) => errors.push(e) });
    const issued = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const response = await (i % 2 === 0 ? app : other).request(`/api/documents/${doc.id}/revisions`, {
          method: 'POST',
          headers: bearer(presidency.token),
        });
        return json<RevisionBody>(response, 201);
      }),
    );
    expect(issued.map((r) => r.rev).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await store.revisions.list(doc.id)).map((r) => r.label)).toEqual([
      '7923/17',
      ...[1, 2, 3, 4, 5, 6].map((n) => `7923/${n}/17 REV ${n}`),
    ]);
  });

  it('lets only the presidency and the secretariat issue', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { number: '7923/17', title: 'Cyber' });
    for (const [role, delegation] of [
      ['delegate', 'FR'],
      ['observer', 'COM'],
      ['archivist', undefined],
    ] as const) {
      const user = await createUser(role, delegation);
      expect(await errorOf(await issue(doc.id, user.token))).toMatchObject({
        status: 403,
        code: 'forbidden',
      });
    }
    expect(await errorOf(await issue('no-such-document', presidency.token))).toMatchObject({
      status: 404,
      code: 'document-not-found',
    });
    expect((await store.revisions.list(doc.id)).map((r) => r.rev)).toEqual([0]);
  });

  it('returns a revision as issued, whose SHA-256 anyone can recompute', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    const issued = await json<RevisionBody>(await issue(doc.id, presidency.token), 201);
    const body = await json<RevisionBody & CouncilDocument>(
      await request('GET', `/api/documents/${doc.id}/revisions/1`, presidency.token),
      200,
    );
    expect(body).toMatchObject({ rev: 1, label: '9916/1/17 REV 1', sha256: issued.sha256 });
    expect(body.blocks.map((b) => b.text)).toEqual(parse(fixture).blocks.map((b) => b.text));
    expect(body.metadata.number).toBe('9916/17');
    expect(hashRevisionContent(body)).toBe(issued.sha256);
  });

  it('gives the number each revision was issued under, as its exports print it in their header', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    await json(await issue(doc.id, presidency.token), 201);
    for (const [rev, number] of [
      [0, '9916/17'],
      [1, '9916/1/17 REV 1'],
    ] as const) {
      const body = await json<RevisionBody & { issuedNumber: string | null }>(
        await request('GET', `/api/documents/${doc.id}/revisions/${rev}`, presidency.token),
        200,
      );
      expect(body.issuedNumber).toBe(number);
      const exported = await request('GET', `/api/documents/${doc.id}/export?rev=${rev}`, presidency.token);
      const header = parseMarkdown(await exported.text());
      if (!header.ok) throw new Error(header.error.message);
      expect(header.value.metadata.number).toBe(number);
    }
  });

  it('dates each revision the day it is issued in Brussels, in its stored header, its export and the live header', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    // 23:30 UTC is already the next day in Brussels.
    clock = Date.UTC(2017, 5, 8, 23, 30);
    const issued = await json<RevisionBody>(await issue(doc.id, presidency.token), 201);
    const rev1 = await json<RevisionBody & CouncilDocument>(
      await request('GET', `/api/documents/${doc.id}/revisions/1`, presidency.token),
      200,
    );
    expect(rev1.metadata).toMatchObject({ place: 'Brussels', date: '9 June 2017' });
    expect(hashRevisionContent(rev1)).toBe(issued.sha256);
    const exported = parse(
      await (await request('GET', `/api/documents/${doc.id}/export?rev=1`, presidency.token)).text(),
    );
    expect(exported.metadata).toMatchObject({ place: 'Brussels', date: '9 June 2017' });
    const rev0 = await json<CouncilDocument>(
      await request('GET', `/api/documents/${doc.id}/revisions/0`, presidency.token),
      200,
    );
    expect(rev0.metadata.date).toBe('7 June 2017');
    expect((await documents.read(doc.id)).metadata.date).toBe('9 June 2017');

    // An uploaded text (an export of REV 1 edited in Word) carries REV 1's date: REV 2 takes its own.
    clock = Date.UTC(2017, 5, 12, 9);
    await json(await issue(doc.id, presidency.token, { markdown: renderMarkdown(exported) }), 201);
    const rev2 = await json<CouncilDocument>(
      await request('GET', `/api/documents/${doc.id}/revisions/2`, presidency.token),
      200,
    );
    expect(rev2.metadata.date).toBe('12 June 2017');
  });

  it.each<[string, (id: string, token: string) => Response | Promise<Response>]>([
    ['as JSON', (id, token) => issue(id, token, { date: '2017-06-14' })],
    [
      'with a file',
      (id, token) => {
        const form = new FormData();
        form.append('file', new Blob([fixture]), 'rev.md');
        form.append('date', '14 june 2017');
        return app.request(`/api/documents/${id}/revisions`, {
          method: 'POST',
          headers: bearer(token),
          body: form,
        });
      },
    ],
  ])('dates a revision with the day the Secretariat gives, %s', async (_, send) => {
    const secretariat = await createUser('secretariat');
    const doc = await createDocument(secretariat.token, { markdown: fixture });
    await json(await send(doc.id, secretariat.token), 201);
    const rev1 = await json<CouncilDocument>(
      await request('GET', `/api/documents/${doc.id}/revisions/1`, secretariat.token),
      200,
    );
    expect(rev1.metadata.date).toBe('14 June 2017');
  });

  it.each(['31 April 2017', '06/14/2017', 'next Tuesday'])(
    'refuses to issue a revision dated %j (400 invalid-date), and issues nothing',
    async (date) => {
      const presidency = await createUser('presidency');
      const doc = await createDocument(presidency.token, { markdown: fixture });
      const refused = await errorOf(await issue(doc.id, presidency.token, { date }));
      expect(refused).toMatchObject({ status: 400, code: 'invalid-date' });
      expect(refused.message).toMatch(/^date: /);
      expect((await store.revisions.list(doc.id)).map((r) => r.rev)).toEqual([0]);
      expect((await documents.read(doc.id)).metadata.date).toBe('7 June 2017');
    },
  );

  it('answers unknown and malformed revision numbers with 404 and 400', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { number: '7923/17', title: 'Cyber' });
    expect(
      await errorOf(await request('GET', `/api/documents/${doc.id}/revisions/3`, presidency.token)),
    ).toMatchObject({
      status: 404,
      code: 'revision-not-found',
    });
    for (const bad of ['abc', '-1', '1.5', '99999999']) {
      expect(
        await errorOf(await request('GET', `/api/documents/${doc.id}/revisions/${bad}`, presidency.token)),
      ).toMatchObject({ status: 400, code: 'invalid-request' });
    }
    expect(
      await errorOf(await request('GET', '/api/documents/nope/revisions', presidency.token)),
    ).toMatchObject({
      status: 404,
      code: 'document-not-found',
    });
  });

  it('records revision 0 for a document created before revisions existed', async () => {
    const presidency = await createUser('presidency');
    const created = await createDocument(presidency.token, { number: '7923/17', title: 'Cyber' });
    // As an old database would hold it: the document and its creation snapshot, no revision rows.
    const state = (await store.updates.load(created.id)).snapshot as Uint8Array;
    await store.documents.create(
      { id: 'old-doc', number: 'WK 6162/2017 INIT', title: 'Old', createdBy: presidency.id, createdAt: 5 },
      state,
    );
    expect(await store.revisions.list('old-doc')).toEqual([]);
    const list = await json<RevisionBody[]>(
      await request('GET', '/api/documents/old-doc/revisions', presidency.token),
      200,
    );
    expect(list).toMatchObject([
      {
        rev: 0,
        label: 'WK 6162/2017 INIT',
        createdBy: presidency.id,
        createdAt: new Date(5).toISOString(),
        note: null,
      },
    ]);
    expect(await json<RevisionBody>(await issue('old-doc', presidency.token), 201)).toMatchObject({
      rev: 1,
      label: 'WK 6162/2017 REV 1',
    });
  });

  it('records revision 0 of the demo document when it is seeded', async () => {
    await seedDemo(store, { now: () => clock, newId: createId });
    const [demo] = await store.documents.list();
    expect(await store.revisions.list(demo?.id ?? '')).toMatchObject([
      { rev: 0, label: '9916/17', createdBy: 'demo-presidency', note: null },
    ]);
  });

  it('labels a document without a number INIT, REV 1', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: '1. A draft without a header.\n' });
    await json(await issue(doc.id, presidency.token), 201);
    const list = await json<RevisionBody[]>(
      await request('GET', `/api/documents/${doc.id}/revisions`, presidency.token),
      200,
    );
    expect(list.map((r) => r.label)).toEqual(['INIT', 'REV 1']);
  });
});

describe('uploading a revision', () => {
  async function setup() {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    return { presidency, doc };
  }

  const findText = (doc: DocumentBody, start: string) => {
    const block = doc.blocks.find((b) => b.text.startsWith(start));
    if (!block) throw new Error(`no block "${start}"`);
    return block;
  };

  it('makes uploaded Markdown the live text, keeping the ids of blocks it matches', async () => {
    const { presidency, doc } = await setup();
    const edited = fixture.replace('remains a sovereign political decision', 'remains a sovereign decision');
    const issued = await json<RevisionBody>(
      await issue(doc.id, presidency.token, { markdown: edited, note: 'From Word' }),
      201,
    );
    expect(issued).toMatchObject({ rev: 1, note: 'From Word', upload: { added: 0, removed: 0 } });
    const live = await json<DocumentBody>(
      await request('GET', `/api/documents/${doc.id}`, presidency.token),
      200,
    );
    expect(live.blocks.map((b) => b.id)).toEqual(doc.blocks.map((b) => b.id));
    expect(findText(live, 'The EU stresses that clearly').text).toContain('remains a sovereign decision');
    const rev1 = await json<CouncilDocument>(
      await request('GET', `/api/documents/${doc.id}/revisions/1`, presidency.token),
      200,
    );
    expect(rev1.blocks.map((b) => b.text)).toEqual(live.blocks.map((b) => b.text));
  });

  it('takes a .docx upload as multipart, field "file"', async () => {
    const { presidency, doc } = await setup();
    const edited = parse(
      fixture.replace('The EU recalls its conclusions', 'The EU firmly recalls its conclusions'),
    );
    const bytes = await renderDocx(edited);
    const issued = await json<RevisionBody>(
      await upload(
        `/api/documents/${doc.id}/revisions`,
        presidency.token,
        new Blob([bytes as Uint8Array<ArrayBuffer>]),
        'rev1.docx',
        'Word',
      ),
      201,
    );
    expect(issued).toMatchObject({ rev: 1, note: 'Word', upload: { added: 0, removed: 0 } });
    const live = await json<DocumentBody>(
      await request('GET', `/api/documents/${doc.id}`, presidency.token),
      200,
    );
    expect(live.blocks.map((b) => b.id)).toEqual(doc.blocks.map((b) => b.id));
    expect(findText(live, 'The EU firmly recalls').id).toBe(
      findText(doc, 'The EU recalls its conclusions').id,
    );
  });

  it('gives a document without a number the number its uploaded file is headed with, in its header', async () => {
    const { presidency } = await setup();
    const draft = await createDocument(presidency.token, { markdown: '1. A draft without a header.\n' });
    // The fixture's own number, which the document made in setup has too: numbers are not refused.
    await json(await issue(draft.id, presidency.token, { markdown: fixture }), 201);
    const revised = await json<{ number: string | null; metadata: { number: string } }>(
      await request('GET', `/api/documents/${draft.id}`, presidency.token),
      200,
    );
    expect(revised.metadata.number).toBe('9916/17');
    // The register record keeps the number it was created with.
    expect(revised.number).toBeNull();
  });

  it('takes a .md file as multipart too', async () => {
    const { presidency, doc } = await setup();
    const edited = fixture.replace(/\n6\. The EU calls on[^\n]*/, '');
    const issued = await json<RevisionBody>(
      await upload(`/api/documents/${doc.id}/revisions`, presidency.token, new Blob([edited]), 'rev1.md'),
      201,
    );
    expect(issued.upload).toEqual({
      matched: doc.blocks.length - 1,
      added: 0,
      removed: 1,
      positionFootnotesDropped: 0,
      leftOut: { comments: 0, images: 0 },
    });
  });

  it.each<[string, () => RequestInit, number, string, RegExp]>([
    [
      'Markdown with a footnote cited but never defined',
      () => ({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          markdown: '1. First<sup>1</sup>.\n\n2. Second<sup>7</sup>.\n\n---\n\n<sup>1</sup> One.\n',
        }),
      }),
      400,
      'invalid-upload',
      /^markdown line \d+: footnote 7 is cited but never defined$/,
    ],
    [
      'an empty Markdown text',
      () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ markdown: '  ' }) }),
      400,
      'invalid-upload',
      /the file is empty/,
    ],
    [
      'a .docx that is not a Word file',
      () => {
        const form = new FormData();
        form.append('file', new Blob(['1. not a zip']), 'rev.docx');
        return { body: form };
      },
      400,
      'invalid-upload',
      /^rev\.docx: the file is not a Word document/,
    ],
    [
      'a .pdf',
      () => {
        const form = new FormData();
        form.append('file', new Blob(['%PDF']), 'rev.pdf');
        return { body: form };
      },
      400,
      'unsupported-format',
      /\.pdf files cannot be read/,
    ],
    [
      'a form without the file field',
      () => {
        const form = new FormData();
        form.append('upload', new Blob(['1. x']), 'rev.md');
        return { body: form };
      },
      400,
      'invalid-request',
      /^file: /,
    ],
    [
      'a file whose name is longer than a file system allows (it would be kept in the audit log for good)',
      () => {
        const form = new FormData();
        form.append('file', new Blob(['1. x']), `${'x'.repeat(MAX_FILE_NAME_CHARS)}.md`);
        return { body: form };
      },
      413,
      'file-name-too-long',
      /^file: a file name has at most 255 characters$/,
    ],
    [
      'a note that is not text',
      () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note: 5 }) }),
      400,
      'invalid-request',
      /^note: /,
    ],
    [
      'a form whose note is misspelt (as JSON is: the note would be lost)',
      () => {
        const form = new FormData();
        form.append('file', new Blob(['1. x']), 'rev.md');
        form.append('notes', 'Takes up FR’s proposal');
        return { body: form };
      },
      400,
      'unknown-field',
      /^notes: no such field in this request$/,
    ],
    [
      'a body in plain text',
      () => ({ headers: { 'content-type': 'text/plain' }, body: '1. hello' }),
      415,
      'unsupported-media-type',
      /JSON/,
    ],
  ])('refuses %s and changes nothing', async (_what, init, status, code, message) => {
    const { presidency, doc } = await setup();
    const given = init();
    const response = await app.request(`/api/documents/${doc.id}/revisions`, {
      method: 'POST',
      ...given,
      headers: { ...bearer(presidency.token), ...(given.headers as Record<string, string> | undefined) },
    });
    const error = await errorOf(response);
    expect(error).toMatchObject({ status, code });
    expect(error.message).toMatch(message);
    expect((await store.revisions.list(doc.id)).map((r) => r.rev)).toEqual([0]);
    const live = await json<DocumentBody>(
      await request('GET', `/api/documents/${doc.id}`, presidency.token),
      200,
    );
    expect(live.blocks).toEqual(doc.blocks);
    await documents.flush();
    expect(await store.updates.list(doc.id)).toEqual([]);
  });

  it('refuses a redline sent as the new text, from Word (its changes accepted or not) or as an HTML page, and changes nothing', async () => {
    const { presidency, doc } = await setup();
    const edited = fixture.replace('The EU recalls its conclusions', 'The EU firmly recalls its conclusions');
    await json(await issue(doc.id, presidency.token, { markdown: edited }), 201);
    const send = async (bytes: ArrayBuffer | Uint8Array<ArrayBuffer>, name: string) =>
      errorOf(await upload(`/api/documents/${doc.id}/revisions`, presidency.token, new Blob([bytes]), name));
    const redline = async (format: string, versions = 'from=0&to=1') => {
      const response = await request(
        'GET',
        `/api/documents/${doc.id}/diff?${versions}&format=${format}`,
        presidency.token,
      );
      expect(response.status).toBe(200);
      return response.arrayBuffer();
    };
    const html = await send(await redline('html'), 'redline.html');
    expect(html).toMatchObject({ status: 400, code: 'redline-upload' });
    expect(html.message).toMatch(/^this file is a redline/);
    // One going back, or against the live text, is one all the same.
    for (const versions of ['from=1&to=0', 'from=live&to=0', 'from=0&to=live']) {
      expect(await send(await redline('html', versions), 'redline.html')).toMatchObject({
        status: 400,
        code: 'redline-upload',
      });
    }

    // Word's redline holds its changes as tracked changes: not yet accepted, the file is refused for them.
    const word = await redline('docx');
    const tracked = await send(word, 'redline.docx');
    expect(tracked).toMatchObject({ status: 400, code: 'tracked-changes' });
    // "firmly" inserted, and the header's date struck and written anew: REV 1 is dated the day it was issued.
    expect(tracked.message).toBe(
      'redline.docx: the Word document has 3 tracked changes not yet accepted or rejected: accept or reject them in Word (Review, Accept or Reject) and upload it again',
    );
    // Every change accepted, it is still a redline.
    const accepted = await send(await acceptTrackedChanges(word), 'redline.docx');
    expect(accepted).toMatchObject({ status: 400, code: 'redline-upload' });
    expect((await store.revisions.list(doc.id)).map((r) => r.rev)).toEqual([0, 1]);
  });

  it('refuses an edited export of REV 1 once REV 2 is issued (409 upload-outdated), and takes one of REV 2', async () => {
    const { presidency, doc } = await setup();
    await json(await issue(doc.id, presidency.token), 201);
    const exportOf = async (rev: number) => {
      const response = await request(
        'GET',
        `/api/documents/${doc.id}/export?format=docx&rev=${rev}`,
        presidency.token,
      );
      expect(response.status).toBe(200);
      return response.arrayBuffer();
    };
    const rev1 = await exportOf(1);
    const edited = fixture.replace('The EU recalls its conclusions', 'The EU firmly recalls its conclusions');
    await json(await issue(doc.id, presidency.token, { markdown: edited }), 201);
    const before = await json<DocumentBody>(
      await request('GET', `/api/documents/${doc.id}`, presidency.token),
      200,
    );

    const error = await errorOf(
      await upload(`/api/documents/${doc.id}/revisions`, presidency.token, new Blob([rev1]), 'rev1.docx'),
    );
    expect(error).toMatchObject({ status: 409, code: 'upload-outdated' });
    expect(error.message).toMatch(
      /^file: its header is that of REV 1 \(9916\/1\/17 REV 1\), and REV 2 has been issued since: taken as the new text, it would undo the changes made after REV 1\./,
    );
    expect((await store.revisions.list(doc.id)).map((r) => r.rev)).toEqual([0, 1, 2]);
    const after = await json<DocumentBody>(
      await request('GET', `/api/documents/${doc.id}`, presidency.token),
      200,
    );
    expect(after.blocks).toEqual(before.blocks);

    const rev2 = await exportOf(2);
    const issued = await upload(
      `/api/documents/${doc.id}/revisions`,
      presidency.token,
      new Blob([rev2]),
      'rev2.docx',
    );
    expect(issued.status).toBe(201);
  });

  it('says how many Word comments a Word file held, which are not taken in as text', async () => {
    const { presidency, doc } = await setup();
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(await renderDocx(parse(fixture)));
    zip.file(
      'word/comments.xml',
      '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
        '<w:comment w:id="0" w:author="DE"><w:p><w:r><w:t>Germany would delete this.</w:t></w:r></w:p></w:comment>' +
        '</w:comments>',
    );
    const bytes = await zip.generateAsync({ type: 'arraybuffer' });
    const issued = await json<RevisionBody & { upload: { leftOut: unknown } }>(
      await upload(`/api/documents/${doc.id}/revisions`, presidency.token, new Blob([bytes]), 'rev1.docx'),
      201,
    );
    expect(issued.upload.leftOut).toEqual({ comments: 1, images: 0 });
    const rev1 = await json<CouncilDocument>(
      await request('GET', `/api/documents/${doc.id}/revisions/1`, presidency.token),
      200,
    );
    expect(JSON.stringify(rev1)).not.toContain('Germany would delete');
  });

  it("refuses a Word file with a delegation's proposals still in tracked changes, and changes nothing", async () => {
    const { presidency, doc } = await setup();
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(await renderDocx(parse(fixture)));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const marks = 'w:id="1" w:author="FR" w:date="2017-06-07T10:00:00Z"';
    // FR's proposal: "remains" struck and "is" inserted, as Word writes them with Track Changes on.
    zip.file(
      'word/document.xml',
      xml.replace(
        /<w:t([^>]*)>([^<]*?)remains a sovereign/,
        `<w:t$1>$2</w:t></w:r><w:del ${marks}><w:r><w:delText>remains</w:delText></w:r></w:del><w:ins ${marks.replace('"1"', '"2"')}><w:r><w:t>is</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> a sovereign`,
      ),
    );
    const bytes = await zip.generateAsync({ type: 'arraybuffer' });
    const error = await errorOf(
      await upload(`/api/documents/${doc.id}/revisions`, presidency.token, new Blob([bytes]), 'rev1.docx'),
    );
    expect(error).toEqual({
      status: 400,
      code: 'tracked-changes',
      message:
        'rev1.docx: the Word document has 2 tracked changes not yet accepted or rejected: accept or reject them in Word (Review, Accept or Reject) and upload it again',
    });
    expect((await store.revisions.list(doc.id)).map((r) => r.rev)).toEqual([0]);
    // Once FR's proposal is accepted in Word, the file is the new revision.
    const issued = await upload(
      `/api/documents/${doc.id}/revisions`,
      presidency.token,
      new Blob([await acceptTrackedChanges(bytes)]),
      'rev1.docx',
    );
    expect(issued.status).toBe(201);
    const live = await json<DocumentBody>(
      await request('GET', `/api/documents/${doc.id}`, presidency.token),
      200,
    );
    expect(live.blocks.some((b) => b.text.includes('is a sovereign political decision'))).toBe(true);
  });
});

describe('footnotes of positions in an upload', () => {
  const fixtureFootnotes = parse(fixture).footnotes.map((f) => f.text);

  /** The fixture as a document, with positions on two paragraphs and on the whole text. */
  async function setup() {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    const cover = doc.blocks[0];
    const annex = doc.blocks.find((b) => b.text.startsWith('The EU recognises'));
    if (!cover || !annex) throw new Error('the fixture changed');
    const put = async (token: string, path: string, position: string) =>
      expect((await request('PUT', `/api/documents/${doc.id}${path}`, token, { position })).status).toBe(200);
    const delegates = new Map<string, string>();
    for (const code of ['DE', 'NL', 'FR', 'SE'])
      delegates.set(code, (await createUser('delegate', code)).token);
    const delegate = (code: string) => delegates.get(code) as string;
    await put(delegate('NL'), `/blocks/${annex.id}/position`, 'scrutiny_reservation');
    await put(delegate('DE'), `/blocks/${annex.id}/position`, 'scrutiny_reservation');
    await put(delegate('FR'), `/blocks/${cover.id}/position`, 'reservation');
    await put(delegate('SE'), '/position', 'scrutiny_reservation');
    const commission = (await createUser('observer', 'COM')).token;
    await put(commission, `/blocks/${annex.id}/commission-reservation`, 'reservation');
    const exportText = async (query: string) => {
      const response = await request('GET', `/api/documents/${doc.id}/export?${query}`, presidency.token);
      expect(response.status).toBe(200);
      return new Uint8Array(await response.arrayBuffer());
    };
    return { presidency, doc, cover, delegate, exportText };
  }

  const WRITTEN = [
    'SE: general scrutiny reservation.',
    'FR: reservation.',
    'DE, NL: scrutiny reservation. COM: reservation.',
  ];
  const count = (text: string, part: string) => text.split(part).length - 1;

  it('leaves out of a revision the footnotes an export with positions wrote, so the next export prints each position once', async () => {
    const { presidency, doc, cover, delegate, exportText } = await setup();
    const docx = await exportText('format=docx&positions=footnotes');
    const issued = await json<RevisionBody>(
      await upload(
        `/api/documents/${doc.id}/revisions`,
        presidency.token,
        new Blob([docx as Uint8Array<ArrayBuffer>]),
        'ST-9916-2017-live-EN-positions.docx',
      ),
      201,
    );
    expect(issued.upload).toEqual({
      matched: doc.blocks.length,
      added: 0,
      removed: 0,
      positionFootnotesDropped: WRITTEN.length,
      leftOut: { comments: 0, images: 0 },
    });
    const rev1 = await json<CouncilDocument>(
      await request('GET', `/api/documents/${doc.id}/revisions/1`, presidency.token),
      200,
    );
    expect(rev1.footnotes.map((f) => f.text)).toEqual(fixtureFootnotes);
    expect(rev1.blocks.map((b) => b.id)).toEqual(doc.blocks.map((b) => b.id));

    const markdown = new TextDecoder().decode(await exportText('format=md&positions=footnotes'));
    for (const written of WRITTEN) expect(count(markdown, written), written).toBe(1);
    // The positions are the ledger's again: withdrawn, they are gone from the next export.
    expect(
      (await request('DELETE', `/api/documents/${doc.id}/blocks/${cover.id}/position`, delegate('FR')))
        .status,
    ).toBe(200);
    const after = new TextDecoder().decode(await exportText('format=md&positions=footnotes'));
    expect(after).not.toContain('FR: reservation.');
    const audit = await json<{ action: string; details: Record<string, unknown> }[]>(
      await request('GET', `/api/documents/${doc.id}/audit`, presidency.token),
      200,
    );
    expect(audit.find((entry) => entry.action === 'revision.issued')?.details.upload).toMatchObject({
      positionFootnotesDropped: WRITTEN.length,
    });
  });

  it.each([
    ['md', 'Markdown'],
    ['html', 'HTML'],
  ])('leaves them out of a revision uploaded as %s too', async (format) => {
    const { presidency, doc, exportText } = await setup();
    const bytes = await exportText(`format=${format}&positions=footnotes`);
    const issued = await json<RevisionBody>(
      await upload(
        `/api/documents/${doc.id}/revisions`,
        presidency.token,
        new Blob([bytes as Uint8Array<ArrayBuffer>]),
        `rev1.${format}`,
      ),
      201,
    );
    expect(issued.upload).toMatchObject({ removed: 0, positionFootnotesDropped: WRITTEN.length });
  });

  it('leaves them out of a new document made from the export, and says how many', async () => {
    const { presidency, exportText } = await setup();
    // The export is headed 9916/17, the number of the text it came from: a new document takes another.
    const exported = await parseDocx(await exportText('format=docx&positions=footnotes'));
    if (!exported.ok) throw new Error(exported.error.message);
    const renumbered = await renderDocx({
      ...exported.value,
      metadata: { ...exported.value.metadata, number: '9917/17' },
    });
    const form = new FormData();
    form.append('file', new Blob([renumbered as Uint8Array<ArrayBuffer>]), '9917-17.docx');
    const created = await json<{ footnotes: { text: string }[]; upload: unknown }>(
      await app.request('/api/documents', { method: 'POST', headers: bearer(presidency.token), body: form }),
      201,
    );
    expect(created.upload).toEqual({
      positionFootnotesDropped: WRITTEN.length,
      leftOut: { comments: 0, images: 0 },
    });
    expect(created.footnotes.map((f) => f.text)).toEqual(fixtureFootnotes);
    // From Markdown without such footnotes, none; a blank document was read from nothing.
    expect(
      await createDocument(presidency.token, { markdown: fixture.replace('**9916/17**', '**9918/17**') }),
    ).toMatchObject({
      upload: { positionFootnotesDropped: 0 },
    });
    expect(await createDocument(presidency.token, { number: '7923/17', title: 'Cyber' })).toMatchObject({
      upload: null,
    });
  });

  it('keeps an ordinary footnote, even one that names positions, and drops one typed by hand', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    const kept = [
      '12109/13.',
      'DE: scrutiny reservation, pending the German text.',
      'DE, NL: scrutiny reservation. See also 6122/15.',
    ];
    const markdown = [
      `1. The EU recalls<sup>1</sup> its conclusions<sup>2</sup> on cyber<sup>3</sup> diplomacy<sup>4</sup>.`,
      '',
      '---',
      '',
      `<sup>1</sup> ${kept[0]}`,
      '',
      `<sup>2</sup> ${kept[1]}`,
      '',
      '<sup>3</sup> PL: objection. EL, CY: abstention.',
      '',
      `<sup>4</sup> ${kept[2]}`,
      '',
    ].join('\n');
    const issued = await json<RevisionBody>(await issue(doc.id, presidency.token, { markdown }), 201);
    expect(issued.upload).toMatchObject({ positionFootnotesDropped: 1 });
    const rev1 = await json<CouncilDocument>(
      await request('GET', `/api/documents/${doc.id}/revisions/1`, presidency.token),
      200,
    );
    expect(rev1.blocks.map((b) => b.text)).toEqual(['The EU recalls its conclusions on cyber diplomacy.']);
    expect(rev1.footnotes.map((f) => [f.number, f.offset, f.text])).toEqual([
      [1, 'The EU recalls'.length, kept[0]],
      [2, 'The EU recalls its conclusions'.length, kept[1]],
      [3, 'The EU recalls its conclusions on cyber diplomacy'.length, kept[2]],
    ]);
  });
});

describe('diffs', () => {
  async function setup() {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    const edited = fixture.replace('The EU recalls its conclusions', 'The EU firmly recalls its conclusions');
    await json(await issue(doc.id, presidency.token), 201);
    await json(await issue(doc.id, presidency.token, { markdown: edited }), 201);
    return { presidency, doc };
  }

  interface DiffBody {
    from: number | string;
    to: number | string;
    fromLabel: string;
    toLabel: string;
    blocks: {
      change: string;
      old: { id: string; number: string | null; text: string } | null;
      new: { id: string; number: string | null; text: string } | null;
      ops: { op: string; text: string }[];
      splitAt?: number;
    }[];
    footnotes: { change: string }[];
    metadata: unknown[];
  }

  it('shows exactly the edit between two revisions, by block id', async () => {
    const { presidency, doc } = await setup();
    const diff = await json<DiffBody>(
      await request('GET', `/api/documents/${doc.id}/diff?from=1&to=2`, presidency.token),
      200,
    );
    expect(diff).toMatchObject({
      from: 1,
      to: 2,
      fromLabel: '9916/1/17 REV 1',
      toLabel: '9916/2/17 REV 2',
      metadata: [],
    });
    const changed = diff.blocks.filter((b) => b.change !== 'unchanged');
    expect(changed).toHaveLength(1);
    // Which side of the word the space falls on is the word diff's choice; the word is what counts.
    const edits = (ops: { op: string; text: string }[] = []) =>
      ops.filter((op) => op.op !== 'equal').map((op) => ({ op: op.op, text: op.text.trim() }));
    expect(edits(changed[0]?.ops)).toEqual([{ op: 'insert', text: 'firmly' }]);
    expect(changed[0]?.old?.id).toBe(changed[0]?.new?.id);
    expect(diff.blocks).toHaveLength(doc.blocks.length);
    expect(diff.footnotes.every((f) => f.change === 'unchanged')).toBe(true);

    const backwards = await json<DiffBody>(
      await request('GET', `/api/documents/${doc.id}/diff?from=2&to=1`, presidency.token),
      200,
    );
    expect(backwards.blocks.flatMap((b) => edits(b.ops))).toEqual([{ op: 'delete', text: 'firmly' }]);
  });

  it('shows a paragraph split in an uploaded revision as a split, its words kept', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    await json(await issue(doc.id, presidency.token), 201);
    const split = fixture.replace(
      ' 22 March 2017. Delegations welcomed',
      ' 22 March 2017.\n\nDelegations welcomed',
    );
    await json(await issue(doc.id, presidency.token, { markdown: split }), 201);
    const diff = await json<DiffBody & { summary: Record<string, number> }>(
      await request('GET', `/api/documents/${doc.id}/diff?from=1&to=2`, presidency.token),
      200,
    );
    const changed = diff.blocks.filter((b) => b.change !== 'unchanged');
    // The upload kept the paragraph's id on its first part, so the two revisions pair by id.
    expect(changed).toMatchObject([
      { change: 'modified', new: { number: '2' }, splitAt: expect.any(Number) },
      {
        change: 'inserted',
        new: { number: null },
        splitFrom: changed[0]?.old?.id,
        splitOffset: changed[0]?.splitAt,
        splitFromCitation: { paragraph: '2', kind: 'numbered', part: 1, ordinal: null },
      },
    ]);
    for (const block of changed)
      expect(block.ops.filter((op) => op.op !== 'equal' && op.text.trim() !== '')).toEqual([]);
    expect(diff.summary).toMatchObject({ inserted: 1, split: 1, joined: 0 });
  });

  // The Council's 9916/17 edited as a Presidency would, uploaded: the upload keeps the ids, so each
  // split or join pairs by id and only the real edits are marked. A numbered line after a paragraph
  // needs a blank line before it (CommonMark: "2." cannot interrupt a paragraph).
  it.each<[string, (md: string) => string, string, Record<string, number>, string[]]>([
    [
      'a numbered paragraph citing a footnote split into it and an unnumbered follow-on',
      (md) =>
        edit(edit(md, '</sup>. The latter', '</sup>.\n\nThe latter'), '\n2. Following', '\n\n2. Following'),
      '1 ¶ | - Split from cover note, point 1',
      { split: 1, joined: 0, moved: 0 },
      [],
    ],
    [
      'a numbered paragraph split in two numbered ones',
      (md) =>
        edit(md, 'malicious cyber activities of varying', 'malicious cyber activities\n\n3. of varying'),
      '2 ¶ | 3 Split from Annex, paragraph 2',
      { split: 1, joined: 0, moved: 0 },
      [],
    ],
    [
      'a bullet joined onto the paragraph above',
      (md) => edit(md, 'main principles:\n\n- serve to protect', 'main principles: serve to protect'),
      '5 ¶ | - Joined with Annex, paragraph 5',
      { split: 0, joined: 1, moved: 0 },
      [],
    ],
    [
      'a paragraph split and another moved',
      (md) =>
        edit(
          edit(md, ' 22 March 2017. Delegations welcomed', ' 22 March 2017.\n\nDelegations welcomed'),
          /\n3\. (In view.*)\n4\. (On 6 June.*)\n/,
          '\n3. $2\n4. $1\n',
        ),
      '2 ¶ | - Split from cover note, point 2 | 3 Moved from cover note, point 4',
      { split: 1, joined: 0, moved: 1 },
      [],
    ],
    [
      'two numbered paragraphs joined, the full stop between them a comma and the capital lowered',
      (md) => edit(md, 'examination.\n2. Following the tasking', 'examination, following the tasking'),
      '1 ¶ | - Joined with cover note, point 1',
      { split: 0, joined: 1, moved: 0 },
      ['delete:.', 'delete:Following', 'insert:, following'],
    ],
    [
      'a paragraph split with a word edited in each part',
      (md) =>
        edit(
          edit(md, 'The EU affirms that malicious cyber', 'The EU affirms that hostile cyber'),
          'international law, and should not knowingly allow',
          'international law,\n\nand should not knowingly permit',
        ),
      '- ¶ | - Split from Annex, paragraph 2, second subparagraph',
      { split: 1, joined: 0, moved: 0 },
      ['delete:malicious', 'insert:hostile', 'delete:allow', 'insert:permit'],
    ],
  ])(
    'shows %s, uploaded, as a split or join with only the real edits marked',
    async (_title, revise, labels, summary, edits) => {
      const presidency = await createUser('presidency');
      const doc = await createDocument(presidency.token, { markdown: fixture });
      await json(await issue(doc.id, presidency.token), 201);
      await json(await issue(doc.id, presidency.token, { markdown: revise(fixture) }), 201);
      const diff = await json<DiffBody & { summary: Record<string, number> }>(
        await request('GET', `/api/documents/${doc.id}/diff?from=1&to=2`, presidency.token),
        200,
      );
      expect(diff.summary).toMatchObject(summary);
      const changed = diff.blocks.filter((b) => b.change !== 'unchanged') as (DiffBody['blocks'][number] &
        Parameters<typeof describeSplitOrJoin>[0] &
        Parameters<typeof describeMove>[0])[];
      expect(
        changed
          .map((b) => {
            const label = describeSplitOrJoin(b, '') ?? describeMove(b, '');
            return `${b.new?.number ?? '-'} ${label ? label.replace(/ of $/, '') : '¶'}`;
          })
          .join(' | '),
      ).toBe(labels);
      expect(
        changed.flatMap((b) =>
          b.ops
            .filter((op) => op.op !== 'equal' && op.text.trim() !== '')
            .map((op) => `${op.op}:${op.text.trim()}`),
        ),
      ).toEqual(edits);
      expect(diff.footnotes.every((f) => f.change === 'unchanged')).toBe(true);
    },
  );

  it('compares with the live text, by default from the latest revision', async () => {
    const { presidency, doc } = await setup();
    const live = await json<DiffBody>(
      await request('GET', `/api/documents/${doc.id}/diff?from=0&to=live`, presidency.token),
      200,
    );
    expect(live).toMatchObject({ from: 0, to: 'live', toLabel: 'live text' });
    expect(live.blocks.filter((b) => b.change !== 'unchanged')).toHaveLength(1);
    const byDefault = await json<DiffBody>(
      await request('GET', `/api/documents/${doc.id}/diff`, presidency.token),
      200,
    );
    expect(byDefault).toMatchObject({ from: 2, to: 'live' });
    expect(byDefault.blocks.every((b) => b.change === 'unchanged')).toBe(true);
    const fromLive = await json<DiffBody>(
      await request('GET', `/api/documents/${doc.id}/diff?from=live&to=1`, presidency.token),
      200,
    );
    expect(fromLive.blocks.filter((b) => b.change !== 'unchanged')).toHaveLength(1);
  });

  it('renders the redline as an HTML page with the inserted words in <ins>', async () => {
    const { presidency, doc } = await setup();
    const response = await request(
      'GET',
      `/api/documents/${doc.id}/diff?from=1&to=2&format=html`,
      presidency.token,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `inline; filename="ST-9916-2017-REV-1-to-REV-2-EN-redline.html"; filename*=UTF-8''ST-9916-2017-REV-1-to-REV-2-EN-redline.html`,
    );
    const html = await response.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect([...html.matchAll(/<ins>([^<]*)<\/ins>/g)].map((m) => m[1]?.trim())).toEqual(['firmly']);
    expect(html).not.toContain('<del>');
    expect(html).toContain('marked in bold underline (insertions)');
  });

  it('renders the redline page side by side when asked, the old text beside the new', async () => {
    const { presidency, doc } = await setup();
    const page = (layout: string) =>
      request(
        'GET',
        `/api/documents/${doc.id}/diff?from=1&to=2&format=html&layout=${layout}`,
        presidency.token,
      );
    const sideBySide = await page('side-by-side');
    expect(sideBySide.status).toBe(200);
    const html = await sideBySide.text();
    expect(html).toContain('<table class="side-by-side">');
    expect(html).toContain('<td class="old" data-version="9916/1/17 REV 1">');
    expect(html).toContain('<td class="new" data-version="9916/2/17 REV 2">');
    expect(await (await page('inline')).text()).not.toContain('<table class="side-by-side">');

    const wrong = await page('sideways');
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      error: { code: 'invalid-request', message: 'layout: must be one of inline, side-by-side' },
    });
  });

  it('marks insertions in bold alone in both redlines when asked', async () => {
    const { presidency, doc } = await setup();
    const redline = (format: string) =>
      request(
        'GET',
        `/api/documents/${doc.id}/diff?from=1&to=2&format=${format}&insertions=bold`,
        presidency.token,
      );
    const html = await (await redline('html')).text();
    expect(html).toContain('<article class="redline insertions-bold">');
    expect(html).toContain('marked in bold (insertions) and strikethrough (deletions)');
    const docx = await parseDocx(new Uint8Array(await (await redline('docx')).arrayBuffer()), {
      trackedChanges: 'accept',
    });
    if (!docx.ok) throw new Error(docx.error.message);
    expect(docx.value.blocks.map((b) => b.text)).toContain(
      'Changes compared to the previous version are marked in bold (insertions) and strikethrough (deletions).',
    );
  });

  it('renders the redline as a Word document that reads back as the newer text', async () => {
    const { presidency, doc } = await setup();
    const response = await request(
      'GET',
      `/api/documents/${doc.id}/diff?from=1&to=2&format=docx`,
      presidency.token,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(DOCX);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="ST-9916-2017-REV-1-to-REV-2-EN-redline.docx"; filename*=UTF-8''ST-9916-2017-REV-1-to-REV-2-EN-redline.docx`,
    );
    const parsed = await parseDocx(new Uint8Array(await response.arrayBuffer()), {
      trackedChanges: 'accept',
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.blocks.map((b) => b.text).join('\n')).toContain(
      'The EU firmly recalls its conclusions',
    );
  });

  it('serves a Word redline that Word turns into either revision: Accept All the later, Reject All the earlier', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    await json(await issue(doc.id, presidency.token), 201);
    // REV 2: a word inserted in the annex, paragraph 4 of the cover note deleted with the footnote it
    // cites (those after renumbered) and paragraph 5 renumbered.
    const edited = fixture
      .replace('The EU recalls its conclusions', 'The EU firmly recalls its conclusions')
      .replace(/^4\. On 6 June 2017.*\n+/m, '')
      .replace(/^<sup>2<\/sup> WK 6162\/2017 REV 1\n+/m, '')
      .replace(/^5\. Against this background/m, '4. Against this background');
    expect(edited).not.toContain('On 6 June 2017');
    await json(await issue(doc.id, presidency.token, { markdown: edited }), 201);
    const revision = async (rev: number) =>
      json<CouncilDocument>(
        await request('GET', `/api/documents/${doc.id}/revisions/${rev}`, presidency.token),
        200,
      );
    const diff = await json<DocumentDiff>(
      await request('GET', `/api/documents/${doc.id}/diff?from=1&to=2`, presidency.token),
      200,
    );
    const response = await request(
      'GET',
      `/api/documents/${doc.id}/diff?from=1&to=2&format=docx`,
      presidency.token,
    );
    expect(response.status).toBe(200);
    const word = new Uint8Array(await response.arrayBuffer());
    expect(await readRedlineDocx(word, diff, 'accept')).toEqual(readVersion(await revision(2), diff));
    expect(await readRedlineDocx(word, diff, 'reject')).toEqual(readVersion(await revision(1), diff));
  });

  it('names on both redlines what is compared with what, and says when a comparison goes back', async () => {
    const { presidency, doc } = await setup();
    const redline = async (query: string) => {
      const { html, word } = await fetchRedlines(doc.id, query, presidency.token);
      // The Council's name, the title, then the two lines the HTML page has too.
      const cover = word.blocks.slice(0, 4).map((b) => b.text);
      const meta = [...html.matchAll(/<p class="redline-meta[^"]*">(.*?)<\/p>/g)].map((m) =>
        (m[1] ?? '').replace(/<[^>]+>/g, ''),
      );
      expect(cover[0]).toBe('COUNCIL OF THE EUROPEAN UNION');
      expect(cover.slice(2)).toEqual(meta);
      return meta;
    };
    // REV 2 is dated the day it was issued, not as 9916/17 was.
    expect(await redline('from=0&to=2')).toEqual([
      'Changes from 9916/17 to 9916/2/17 REV 2: 1 modified, 1 header field changed.',
      'Changes compared to 9916/17 are marked in bold underline (insertions) and strikethrough (deletions).',
    ]);
    // REV 1 against REV 2, and REV 2 (the latest) against the live text: the Council's own words.
    expect(await redline('from=1&to=2')).toEqual([
      'Changes from 9916/1/17 REV 1 to 9916/2/17 REV 2: 1 modified.',
      'Changes compared to the previous version are marked in bold underline (insertions) and strikethrough (deletions).',
    ]);
    expect((await redline('from=2&to=live'))[1]).toBe(
      'Changes compared to the previous version are marked in bold underline (insertions) and strikethrough (deletions).',
    );
    expect((await redline('from=1&to=live'))[1]).toBe(
      'Changes compared to 9916/1/17 REV 1 are marked in bold underline (insertions) and strikethrough (deletions).',
    );
    expect(await redline('from=2&to=0')).toEqual([
      'Changes from 9916/2/17 REV 2 back to 9916/17: 1 modified, 1 header field changed.',
      'Changes compared to 9916/2/17 REV 2, a later version, are marked in bold underline (insertions) and strikethrough (deletions).',
    ]);
    expect(await redline('from=live&to=1')).toEqual([
      'Changes from live text back to 9916/1/17 REV 1: 1 modified.',
      'Changes compared to live text, a later version, are marked in bold underline (insertions) and strikethrough (deletions).',
    ]);
  });

  it('titles a redline going back as such, on the HTML page and in the Word file, so its insertions are not read as what the later version added', async () => {
    const { presidency, doc } = await setup();
    const titles = async (query: string) => {
      const { html, word } = await fetchRedlines(doc.id, query, presidency.token);
      const heading = /<h1>(.*?)<\/h1>/.exec(html)?.[1];
      const pageTitle = /<title>(.*?)<\/title>/.exec(html)?.[1];
      expect(pageTitle).toBe(heading);
      // The Council's name, then the title.
      expect(word.blocks[1]?.text).toBe(heading);
      return heading;
    };
    expect(await titles('from=1&to=2')).toBe('9916/2/17 REV 2 compared with 9916/1/17 REV 1');
    expect(await titles('from=2&to=1')).toBe(
      '9916/1/17 REV 1 compared with 9916/2/17 REV 2, a later version (going back)',
    );
    expect(await titles('from=live&to=0')).toBe(
      '9916/17 compared with live text, a later version (going back)',
    );
  });

  it('dates and signs the tracked changes of a Word redline as the later of the two versions, either way', async () => {
    const presidency = await createUser('presidency');
    const secretariat = await createUser('secretariat');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    const edited = fixture.replace('The EU recalls its conclusions', 'The EU firmly recalls its conclusions');
    clock += 24 * 60 * 60 * 1000;
    const rev1 = await json<RevisionBody>(await issue(doc.id, secretariat.token, { markdown: edited }), 201);
    const marks = async (query: string) => {
      const { default: JSZip } = await import('jszip');
      const response = await request(
        'GET',
        `/api/documents/${doc.id}/diff?${query}&format=docx`,
        presidency.token,
      );
      const zip = await JSZip.loadAsync(await response.arrayBuffer());
      const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
      const found = [...xml.matchAll(/<w:(?:ins|del) [^>]*w:author="([^"]*)" w:date="([^"]*)"/g)];
      return [...new Set(found.map((m) => `${m[1]} ${m[2]}`))];
    };
    const rev1Mark = `secretariat ${rev1.createdAt.replace(/\.\d+Z$/, 'Z')}`;
    // REV 1's changes are the Secretariat's, made when it issued REV 1, compared forwards or back: going
    // back, dated when 9916/17 was created, they would come before the text they are marked in.
    expect(await marks('from=0&to=1')).toEqual([rev1Mark]);
    expect(await marks('from=1&to=0')).toEqual([rev1Mark]);
  });

  it.each<[string, number, string]>([
    ['from=x', 400, 'invalid-request'],
    ['from=1&to=-2', 400, 'invalid-request'],
    ['from=1&to=2&format=pdf', 400, 'invalid-request'],
    ['from=1&to=2&format=html&insertions=italic', 400, 'invalid-request'],
    ['from=1&to=9', 404, 'revision-not-found'],
    ['from=7', 404, 'revision-not-found'],
  ])('answers ?%s with %i', async (query, status, code) => {
    const { presidency, doc } = await setup();
    expect(
      await errorOf(await request('GET', `/api/documents/${doc.id}/diff?${query}`, presidency.token)),
    ).toMatchObject({
      status,
      code,
    });
  });

  it('compares two Markdown texts sent by anyone signed in, storing nothing', async () => {
    const delegate = await createUser('delegate', 'FR');
    const old = '1. First point.\n\n2. Second point.\n';
    const diff = await json<DiffBody>(
      await request('POST', '/api/diff', delegate.token, {
        old,
        new: '1. New point.\n\n2. First point.\n\n3. Second point.\n',
      }),
      200,
    );
    expect(diff.blocks.map((b) => [b.change, b.new?.number ?? null, b.old?.number ?? null])).toEqual([
      ['inserted', '1', null],
      ['unchanged', '2', '1'],
      ['unchanged', '3', '2'],
    ]);
    expect(
      await errorOf(await request('POST', '/api/diff', delegate.token, { old, new: '1. x<sup>4</sup>\n' })),
    ).toMatchObject({
      status: 400,
      code: 'invalid-markdown',
      message: 'new line 1: footnote 4 is cited but never defined',
    });
    expect(await errorOf(await request('POST', '/api/diff', delegate.token, { old }))).toMatchObject({
      status: 400,
      code: 'invalid-request',
    });
    // Too complex to parse quickly: refused, not a 500 (a stack overflow) or a server held for seconds.
    for (const hostile of [`${'> '.repeat(5000)}x\n`, `${'*'.repeat(24_000)}x\n`]) {
      expect(
        await errorOf(await request('POST', '/api/diff', delegate.token, { old, new: hostile })),
      ).toMatchObject({
        status: 400,
        code: 'invalid-markdown',
        message: expect.stringContaining('new line 1'),
      });
    }
    expect((await app.request('/api/diff', { method: 'POST' })).status).toBe(401);
  });

  it('renders a comparison in every format the revisions’ diff has, the text one as the CLI prints it', async () => {
    const delegate = await createUser('delegate', 'FR');
    const texts = { old: '1. The Council welcomes the report.\n', new: '1. The Council notes the report.\n' };
    const text = await request('POST', '/api/diff?format=text', delegate.token, texts);
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toBe(
      renderRedlineText(diffDocuments(parse(texts.old), parse(texts.new), { align: 'text' }), {
        fromLabel: 'old',
        toLabel: 'new',
      }),
    );
    const html = await request('POST', '/api/diff?format=html&insertions=bold', delegate.token, texts);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<del>welcomes</del> <ins>notes</ins>');
    const sideBySide = await request(
      'POST',
      '/api/diff?format=html&layout=side-by-side',
      delegate.token,
      texts,
    );
    expect(await sideBySide.text()).toContain('<td class="old" data-version="old">');
    const docx = await request('POST', '/api/diff?format=docx', delegate.token, texts);
    expect(docx.headers.get('content-type')).toBe(DOCX);
    expect(docx.headers.get('content-disposition')).toBe(
      `attachment; filename="redline.docx"; filename*=UTF-8''redline.docx`,
    );
    expect((await request('POST', '/api/diff?format=json', delegate.token, texts)).status).toBe(200);
    expect(await errorOf(await request('POST', '/api/diff?format=pdf', delegate.token, texts))).toEqual({
      status: 400,
      code: 'invalid-request',
      message: 'format: must be one of json, html, docx, text',
    });
    // The revisions' diff has the text too.
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: texts.old });
    const live = await request('GET', `/api/documents/${doc.id}/diff?format=text`, presidency.token);
    expect(live.status).toBe(200);
    expect(await live.text()).toMatch(/^Changes from INIT to live text/);
  });

  it('answers other requests while it compares a text that takes its parser seconds', async () => {
    const delegate = await createUser('delegate', 'FR');
    // Inside every limit of the format package, yet seconds of micromark's time.
    const slow = Array.from({ length: 10_000 }, (_, i) => `- item ${i}`).join('\n');
    let comparing = true;
    const compared = Promise.resolve(
      request('POST', '/api/diff', delegate.token, { old: slow, new: '1. x\n' }),
    ).finally(() => {
      comparing = false;
    });
    let answeredMeanwhile = 0;
    while (comparing) {
      expect((await app.request('/healthz')).status).toBe(200);
      if (comparing) answeredMeanwhile += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Parsed on the event loop, the comparison would hold every request until it was done.
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(5);
    // A 200, or a 400 `too-complex` if the machine is slow enough to reach the time limit: never a 500.
    expect([200, 400]).toContain((await compared).status);
  });
});

describe('exports', () => {
  it.each<['md' | 'html' | 'docx', string]>([
    ['md', 'text/markdown; charset=utf-8'],
    ['html', 'text/html; charset=utf-8'],
    ['docx', DOCX],
  ])('exports the live text and an issued revision as %s', async (format, contentType) => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    await json(await issue(doc.id, presidency.token), 201);
    await json(
      await issue(doc.id, presidency.token, {
        markdown: fixture.replace('The EU recalls its', 'The EU recalls all its'),
      }),
      201,
    );
    const read = async (query: string, fileName: string) => {
      const response = await request('GET', `/api/documents/${doc.id}/export?${query}`, presidency.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(contentType);
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="${fileName}"; filename*=UTF-8''${fileName}`,
      );
      const bytes = new Uint8Array(await response.arrayBuffer());
      const parsed =
        format === 'docx'
          ? await parseDocx(bytes)
          : format === 'html'
            ? parseHtml(new TextDecoder().decode(bytes))
            : parseMarkdown(new TextDecoder().decode(bytes));
      if (!parsed.ok) throw new Error(parsed.error.message);
      return parsed.value;
    };
    // Unchanged since REV 2 was issued, the live text is REV 2.
    const live = await read(`format=${format}`, `ST-9916-2017-live-EN.${format}`);
    expect(live.metadata.number).toBe('9916/2/17 REV 2');
    expect(live.blocks.some((b) => b.text.startsWith('The EU recalls all its'))).toBe(true);
    const rev1 = await read(`format=${format}&rev=1`, `ST-9916-2017-REV-1-EN.${format}`);
    expect(rev1.metadata.number).toBe('9916/1/17 REV 1');
    expect(rev1.blocks.map((b) => b.text)).toEqual(parse(fixture).blocks.map((b) => b.text));
    const rev0 = await read(`format=${format}&rev=0`, `ST-9916-2017-INIT-EN.${format}`);
    expect(rev0.metadata.number).toBe('9916/17');
  });

  it('marks an export of the live text changed since its last revision as a working draft after it, which an upload is judged by', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    await json(await issue(doc.id, presidency.token), 201);
    const download = async (query: string) => {
      const response = await request('GET', `/api/documents/${doc.id}/export?${query}`, presidency.token);
      expect(response.status).toBe(200);
      return new Uint8Array(await response.arrayBuffer());
    };
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    // Unchanged since REV 1, the live text is REV 1 as issued.
    expect(text(await download('format=md'))).toBe(text(await download('format=md&rev=1')));

    const recalls = doc.blocks.find((b) => b.text.startsWith('The EU recalls its'));
    if (!recalls) throw new Error('the fixture changed');
    await documents.edit(
      doc.id,
      (ydoc) =>
        ((findBlockElement(ydoc, recalls.id) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Moreover, '),
      { userId: presidency.id, delegation: null },
    );
    const draft = text(await download('format=md'));
    expect(draft).toContain('**9916/1/17 REV 1**\n\n**Working draft after 9916/1/17 REV 1, not issued**');
    // Its file is not named live, as an unchanged text's is, nor as REV 1.
    const named = await request('GET', `/api/documents/${doc.id}/export?format=docx`, presidency.token);
    expect(named.headers.get('content-disposition')).toContain(
      'filename="ST-9916-2017-working-draft-after-REV-1-EN.docx"',
    );
    const html = text(await download('format=html'));
    expect(html).toContain('Working draft after 9916/1/17 REV 1, not issued');
    const word = await parseDocx(await download('format=docx'));
    for (const read of [parseMarkdown(draft), parseHtml(html), word]) {
      if (!read.ok) throw new Error(read.error.message);
      expect(read.value.metadata.number).toBe('9916/1/17 REV 1');
      expect(read.value.blocks.some((b) => b.text.startsWith('Moreover, The EU recalls its'))).toBe(true);
      expect(read.value.blocks.some((b) => b.text.includes('Working draft'))).toBe(false);
    }

    // The draft, downloaded and issued: REV 2, its header the document's own.
    const rev2 = await json<RevisionBody>(await issue(doc.id, presidency.token, { markdown: draft }), 201);
    expect(rev2).toMatchObject({ rev: 2, upload: { added: 0, removed: 0 } });
    expect(text(await download('format=md'))).toContain('**9916/2/17 REV 2**');
    // The same draft uploaded after REV 2 would undo it: refused, as an export of REV 1 is.
    expect(await errorOf(await issue(doc.id, presidency.token, { markdown: draft }))).toMatchObject({
      status: 409,
      code: 'upload-outdated',
    });
    // Imported as a document of its own, it is numbered as REV 1 and the mark is no text of it.
    const copy = await createDocument(presidency.token, { markdown: draft });
    expect(copy.blocks.some((b) => b.text.includes('Working draft'))).toBe(false);
  });

  it('shows a revision as a page in the browser when asked, to be read as issued rather than saved', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    await json(await issue(doc.id, presidency.token), 201);
    const page = await request(
      'GET',
      `/api/documents/${doc.id}/export?format=html&rev=1&disposition=inline`,
      presidency.token,
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-disposition')).toBe(
      `inline; filename="ST-9916-2017-REV-1-EN.html"; filename*=UTF-8''ST-9916-2017-REV-1-EN.html`,
    );
    const read = parseHtml(await page.text());
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.metadata.number).toBe('9916/1/17 REV 1');
    const refused = await request(
      'GET',
      `/api/documents/${doc.id}/export?format=html&disposition=window`,
      presidency.token,
    );
    expect(refused.status).toBe(400);
  });

  it("ends each paragraph with the delegations' positions as a footnote, as they stood at the revision", async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { markdown: fixture });
    const [cover1] = doc.blocks;
    const annex1 = doc.blocks.find((b) => b.text.startsWith('The EU recognises'));
    if (!cover1 || !annex1) throw new Error('the fixture changed');
    const delegates = new Map<string, string>();
    const position = async (method: 'PUT' | 'DELETE', delegation: string, blockId: string, kind?: string) => {
      if (!delegates.has(delegation))
        delegates.set(delegation, (await createUser('delegate', delegation)).token);
      const path = `/api/documents/${doc.id}/blocks/${blockId}/position`;
      const response = await request(
        method,
        path,
        delegates.get(delegation) as string,
        kind && { position: kind },
      );
      expect(response.status).toBe(200);
    };
    await position('PUT', 'NL', annex1.id, 'scrutiny_reservation');
    await position('PUT', 'DE', annex1.id, 'scrutiny_reservation');
    await position('PUT', 'IT', annex1.id, 'agree');
    await position('PUT', 'FR', cover1.id, 'reservation');
    // A general reservation, on the whole text (after REV 1 Sweden withdraws it).
    const sweden = (await createUser('delegate', 'SE')).token;
    const general = `/api/documents/${doc.id}/position`;
    expect((await request('PUT', general, sweden, { position: 'scrutiny_reservation' })).status).toBe(200);
    // The Commission's reservation is recorded after the Member States' (it withdraws it after REV 1).
    const commission = (await createUser('observer', 'COM')).token;
    const commissionPath = `/api/documents/${doc.id}/blocks/${annex1.id}/commission-reservation`;
    expect((await request('PUT', commissionPath, commission, { position: 'reservation' })).status).toBe(200);
    // And its general reservation after the Member States' general ones.
    const commissionGeneral = `/api/documents/${doc.id}/commission-reservation`;
    expect((await request('PUT', commissionGeneral, commission, { position: 'reservation' })).status).toBe(
      200,
    );
    await json(await issue(doc.id, presidency.token), 201);
    // After REV 1: Poland objects, France and Sweden withdraw.
    await position('PUT', 'PL', annex1.id, 'oppose');
    await position('DELETE', 'FR', cover1.id);
    expect((await request('DELETE', general, sweden)).status).toBe(200);
    expect((await request('DELETE', commissionPath, commission)).status).toBe(200);
    expect((await request('DELETE', commissionGeneral, commission)).status).toBe(200);

    const read = async (query: string, fileName: string) => {
      const response = await request('GET', `/api/documents/${doc.id}/export?${query}`, presidency.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="${fileName}"; filename*=UTF-8''${fileName}`,
      );
      const bytes = new Uint8Array(await response.arrayBuffer());
      const parsed = query.includes('docx')
        ? await parseDocx(bytes)
        : parseMarkdown(new TextDecoder().decode(bytes));
      if (!parsed.ok) throw new Error(parsed.error.message);
      // Each footnote with the start of the paragraph that cites it.
      const texts = new Map(parsed.value.blocks.map((b) => [b.id, b.text.slice(0, 17)]));
      return parsed.value.footnotes.map((f) => [f.number, texts.get(f.blockId), f.text]);
    };
    const original = parse(fixture).footnotes.map((f) => f.text);
    const rev1 = await read('rev=1&positions=footnotes', 'ST-9916-2017-REV-1-EN-positions.md');
    expect(rev1).toHaveLength(original.length + 3);
    expect(rev1[0]).toEqual([1, 'At the PSC meetin', original[0]]);
    expect(rev1[1]).toEqual([2, 'At the PSC meetin', 'FR: reservation.']);
    expect(rev1.filter(([, , text]) => !original.includes(text as string))).toEqual([
      [2, 'At the PSC meetin', 'FR: reservation.'],
      // On the conclusions' title, the first heading.
      [4, 'DRAFT COUNCIL CON', 'SE: general scrutiny reservation. COM: general reservation.'],
      [5, 'The EU recognises', 'DE, NL: scrutiny reservation. COM: reservation.'],
    ]);
    const live = await read('format=docx&positions=footnotes', 'ST-9916-2017-live-EN-positions.docx');
    expect(live.filter(([, , text]) => !original.includes(text as string))).toEqual([
      [3, 'The EU recognises', 'DE, NL: scrutiny reservation. PL: objection.'],
    ]);
    // Without the parameter the export is the text alone.
    expect(await read('rev=1', 'ST-9916-2017-REV-1-EN.md')).toHaveLength(original.length);
    expect(
      await errorOf(await request('GET', `/api/documents/${doc.id}/export?positions=yes`, presidency.token)),
    ).toMatchObject({ status: 400, code: 'invalid-request', message: expect.stringContaining('positions') });
  });

  it('exports Markdown by default and refuses unknown formats and revisions', async () => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { number: '7923/17', title: 'Cyber' });
    const response = await request('GET', `/api/documents/${doc.id}/export`, presidency.token);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await response.text()).toBe(renderMarkdown(await documents.read(doc.id)));
    for (const [query, status, code] of [
      ['format=pdf', 400, 'invalid-request'],
      ['format=md&rev=x', 400, 'invalid-request'],
      ['format=md&rev=4', 404, 'revision-not-found'],
    ] as const) {
      expect(
        await errorOf(await request('GET', `/api/documents/${doc.id}/export?${query}`, presidency.token)),
      ).toMatchObject({
        status,
        code,
      });
    }
  });
});

describe('revision numbers in requests', () => {
  type Ask = (id: string, token: string, rev: string) => Response | Promise<Response>;
  // Each route that takes a revision number, and how a wrongly written one reaches it.
  const asked: readonly [string, Ask][] = [
    [
      'from',
      (id, token, rev) =>
        request('GET', `/api/documents/${id}/diff?from=${encodeURIComponent(rev)}&to=1`, token),
    ],
    [
      'to',
      (id, token, rev) =>
        request('GET', `/api/documents/${id}/diff?from=0&to=${encodeURIComponent(rev)}`, token),
    ],
    [
      'rev',
      (id, token, rev) => request('GET', `/api/documents/${id}/export?rev=${encodeURIComponent(rev)}`, token),
    ],
    [
      'rev',
      (id, token, rev) => request('GET', `/api/documents/${id}/revisions/${encodeURIComponent(rev)}`, token),
    ],
  ];
  const cases = asked.flatMap(([field, ask]) =>
    ['01', '+1', '1.0', ' 1', '1 ', '1e0', '0x1', '00'].map((rev) => [field, rev, ask] as const),
  );

  it.each(cases)('refuses %s written %j, not the canonical way', async (field, rev, ask) => {
    const presidency = await createUser('presidency');
    const doc = await createDocument(presidency.token, { number: '7923/17', title: 'Cyber' });
    await json(await issue(doc.id, presidency.token), 201);
    const refused = await errorOf(await ask(doc.id, presidency.token, rev));
    expect(refused).toMatchObject({ status: 400, code: 'invalid-request' });
    expect(refused.message).toMatch(new RegExp(`^${field}: `));
  });

  it.each(asked.map(([field, ask]) => [field, ask] as const))(
    'reads %s written the canonical way',
    async (_, ask) => {
      const presidency = await createUser('presidency');
      const doc = await createDocument(presidency.token, { number: '7923/17', title: 'Cyber' });
      await json(await issue(doc.id, presidency.token), 201);
      for (const rev of ['0', '1']) expect((await ask(doc.id, presidency.token, rev)).status).toBe(200);
    },
  );
});

describe('OpenAPI', () => {
  it('documents the revision, diff and export routes', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/documents/{id}/revisions',
        '/api/documents/{id}/revisions/{rev}',
        '/api/documents/{id}/diff',
        '/api/documents/{id}/export',
        '/api/diff',
      ]),
    );
  });
});

/** A diff's HTML redline, and its Word redline read with every tracked change accepted. */
async function fetchRedlines(documentId: string, query: string, token: string) {
  const html = await (
    await request('GET', `/api/documents/${documentId}/diff?${query}&format=html`, token)
  ).text();
  const docx = await request('GET', `/api/documents/${documentId}/diff?${query}&format=docx`, token);
  const word = await parseDocx(new Uint8Array(await docx.arrayBuffer()), { trackedChanges: 'accept' });
  if (!word.ok) throw new Error(word.error.message);
  return { html, word: word.value };
}

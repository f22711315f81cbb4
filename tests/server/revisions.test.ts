import { readFileSync } from 'node:fs';
import { parseDocx, parseHtml, parseMarkdown, renderDocx } from '@accord/format';
import type { CouncilDocument } from '@accord/model';
import { findBlockElement, readDocument } from '@accord/ydoc';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type Api,
  connectClient,
  FIXTURE_PATH,
  startTestServer,
  type TestUser,
  teardown,
  waitSynced,
} from './harness';

afterEach(teardown);

const fixture = readFileSync(FIXTURE_PATH, 'utf8');
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface Revision {
  rev: number;
  label: string;
  createdAt: string;
  createdBy: string | null;
  note: string | null;
  sha256: string;
  upload: { matched: number; added: number; removed: number } | null;
}

interface Side {
  id: string;
  number: string | null;
  text: string;
}

interface Diff {
  from: number | string;
  to: number | string;
  blocks: { change: string; old: Side | null; new: Side | null; ops: { op: string; text: string }[] }[];
  footnotes: { change: string }[];
  metadata: unknown[];
}

interface LiveDocument {
  revision: number;
  blocks: { id: string; text: string; number: string | null }[];
}

async function expectJson<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

function issue(api: Api, user: TestUser, id: string, body?: unknown): Promise<Response> {
  return api.request('POST', `/api/documents/${id}/revisions`, user.token, body);
}

function uploadFile(
  api: Api,
  user: TestUser,
  id: string,
  bytes: Uint8Array,
  name: string,
): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  return fetch(`${api.url}/api/documents/${id}/revisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}` },
    body: form,
  });
}

async function readLive(api: Api, user: TestUser, id: string): Promise<LiveDocument> {
  return expectJson<LiveDocument>(await api.request('GET', `/api/documents/${id}`, user.token), 200);
}

function parse(markdown: string): CouncilDocument {
  const parsed = parseMarkdown(markdown);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/** The words of the non-equal runs, by kind: which side of a word a space falls on is the diff's choice. */
function changedWords(ops: readonly { op: string; text: string }[]) {
  const words = (op: string) =>
    ops
      .filter((o) => o.op === op)
      .flatMap((o) => o.text.split(/\s+/))
      .filter((w) => w !== '');
  return { inserted: words('insert'), deleted: words('delete') };
}

async function agreeAsFrance(api: Api, france: TestUser, id: string, blockId: string) {
  return expectJson<Record<string, unknown>>(
    await api.request('PUT', `/api/documents/${id}/blocks/${blockId}/position`, france.token, {
      position: 'agree',
    }),
    200,
  );
}

async function setup() {
  const server = await startTestServer();
  const presidency = await server.createUser('presidency');
  const france = await server.createUser('delegate', 'FR');
  const created = await expectJson<LiveDocument & { id: string }>(
    await server.request('POST', '/api/documents', presidency.token, { markdown: fixture }),
    201,
  );
  return { server, presidency, france, id: created.id, created };
}

describe('revision labels through the API', () => {
  it('follow the register: 7923/17 → 7923/1/17 REV 1 → 7923/2/17 REV 2, WK INIT → REV 1', async () => {
    const server = await startTestServer();
    const secretariat = await server.createUser('secretariat');
    const draft = await server.createDocument(secretariat.token, { number: '7923/17', title: 'Cyber' });
    const working = await server.createDocument(secretariat.token, {
      number: 'WK 6162/2017 INIT',
      title: 'Additions',
    });
    expect((await expectJson<Revision>(await issue(server, secretariat, draft.id), 201)).label).toBe(
      '7923/1/17 REV 1',
    );
    expect((await expectJson<Revision>(await issue(server, secretariat, draft.id), 201)).label).toBe(
      '7923/2/17 REV 2',
    );
    expect((await expectJson<Revision>(await issue(server, secretariat, working.id), 201)).label).toBe(
      'WK 6162/2017 REV 1',
    );
    const labels = async (id: string) =>
      (
        await expectJson<Revision[]>(
          await server.request('GET', `/api/documents/${id}/revisions`, secretariat.token),
          200,
        )
      ).map((r) => r.label);
    expect(await labels(draft.id)).toEqual(['7923/17', '7923/1/17 REV 1', '7923/2/17 REV 2']);
    expect(await labels(working.id)).toEqual(['WK 6162/2017 INIT', 'WK 6162/2017 REV 1']);
    const list = await expectJson<{ id: string; revision: number }[]>(
      await server.request('GET', '/api/documents', secretariat.token),
      200,
    );
    expect(Object.fromEntries(list.map((d) => [d.id, d.revision]))).toEqual({
      [draft.id]: 2,
      [working.id]: 1,
    });
  });
});

describe('REV 1 → edit through the socket → REV 2', () => {
  const WORDS = 'firmly and unequivocally ';

  async function scenario() {
    const context = await setup();
    const { server, presidency, france, id, created } = context;
    const rev1 = await expectJson<Revision>(
      await issue(server, presidency, id, { note: 'After HWPCI' }),
      201,
    );
    expect(rev1).toMatchObject({ rev: 1, label: '9916/1/17 REV 1', note: 'After HWPCI' });

    // A delegate types into one block, through a real y-websocket client.
    const target = created.blocks.find((b) => b.text.startsWith('The EU recalls its conclusions'));
    if (!target) throw new Error('the fixture changed');
    const client = connectClient(server, id, france.token);
    await waitSynced(client);
    const element = findBlockElement(client.doc, target.id);
    const run = element?.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText);
    if (!run) throw new Error('no text run in the block');
    run.insert('The EU '.length, WORDS);
    await expect
      .poll(async () => (await readLive(server, presidency, id)).blocks.find((b) => b.id === target.id)?.text)
      .toContain(`The EU ${WORDS}recalls`);

    const rev2 = await expectJson<Revision>(await issue(server, presidency, id), 201);
    expect(rev2).toMatchObject({ rev: 2, label: '9916/2/17 REV 2' });
    expect(rev2.sha256).not.toBe(rev1.sha256);
    return { ...context, client, target, rev1, rev2 };
  }

  it('the 1→2 diff shows exactly that edit', async () => {
    const { server, presidency, id, target, created } = await scenario();
    const diff = await expectJson<Diff>(
      await server.request('GET', `/api/documents/${id}/diff?from=1&to=2`, presidency.token),
      200,
    );
    expect(diff).toMatchObject({ from: 1, to: 2, metadata: [] });
    expect(diff.blocks).toHaveLength(created.blocks.length);
    const changed = diff.blocks.filter((b) => b.change !== 'unchanged');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ change: 'modified', old: { id: target.id }, new: { id: target.id } });
    expect(changedWords(changed[0]?.ops ?? [])).toEqual({
      inserted: ['firmly', 'and', 'unequivocally'],
      deleted: [],
    });
    expect(diff.footnotes.every((f) => f.change === 'unchanged')).toBe(true);
  });

  it('the 1→2 redline page has exactly those words in <ins>', async () => {
    const { server, presidency, id } = await scenario();
    const response = await server.request(
      'GET',
      `/api/documents/${id}/diff?from=1&to=2&format=html`,
      presidency.token,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    const inserted = [...html.matchAll(/<ins>([^<]*)<\/ins>/g)]
      .flatMap((m) => (m[1] ?? '').split(/\s+/))
      .filter(Boolean);
    expect(inserted).toEqual(['firmly', 'and', 'unequivocally']);
    expect(html).not.toMatch(/<del>/);
  });

  it('the 1→2 Word redline reads back as the REV 2 text', async () => {
    const { server, presidency, id, target } = await scenario();
    const response = await server.request(
      'GET',
      `/api/documents/${id}/diff?from=1&to=2&format=docx`,
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
    const redline = parsed.value.blocks.map((b) => b.text);
    const rev2 = await expectJson<CouncilDocument>(
      await server.request('GET', `/api/documents/${id}/revisions/2`, presidency.token),
      200,
    );
    for (const block of rev2.blocks) {
      if (block.text !== '') expect(redline).toContain(block.text);
    }
    expect(redline.some((text) => text.includes(target.text))).toBe(false);
    // Its footnotes are Word's own, numbered as REV 2's.
    expect(parsed.value.footnotes.map((f) => [f.number, f.text])).toEqual(
      rev2.footnotes.map((f) => [f.number, f.text]),
    );
  });

  it('compares REV 2 with the live text as it changes', async () => {
    const { server, presidency, id, client, target } = await scenario();
    const before = await expectJson<Diff>(
      await server.request('GET', `/api/documents/${id}/diff?from=2&to=live`, presidency.token),
      200,
    );
    expect(before.blocks.every((b) => b.change === 'unchanged')).toBe(true);
    const run = findBlockElement(client.doc, target.id)?.get(0) as Y.XmlText;
    run.insert('The EU '.length, 'also ');
    await expect
      .poll(async () => {
        const diff = await expectJson<Diff>(
          await server.request('GET', `/api/documents/${id}/diff?from=2&to=live`, presidency.token),
          200,
        );
        return diff.blocks.filter((b) => b.change !== 'unchanged').map((b) => changedWords(b.ops).inserted);
      })
      .toEqual([['also']]);
  });

  it('keeps revisions immutable: the store refuses an UPDATE at the SQL level', async () => {
    const { server, presidency, id, rev1 } = await scenario();
    expect(() =>
      server.store.db
        .prepare("UPDATE revisions SET note = 'forged' WHERE document_id = ? AND rev = 1")
        .run(id),
    ).toThrow(/cannot be changed/);
    expect(() => server.store.db.prepare('DELETE FROM revisions WHERE document_id = ?').run(id)).toThrow(
      /cannot be deleted/,
    );
    const list = await expectJson<Revision[]>(
      await server.request('GET', `/api/documents/${id}/revisions`, presidency.token),
      200,
    );
    expect(list.map((r) => [r.rev, r.note, r.sha256])).toEqual([
      [0, null, expect.any(String)],
      [1, 'After HWPCI', rev1.sha256],
      [2, null, expect.any(String)],
    ]);
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const response = await server.request(method, `/api/documents/${id}/revisions/1`, presidency.token, {});
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
    expect((await server.request('GET', `/api/documents/${id}/revisions/3`, presidency.token)).status).toBe(
      404,
    );
  });

  it('exports the live text and each revision in all three formats', async () => {
    const { server, presidency, id } = await scenario();
    for (const format of ['md', 'html', 'docx'] as const) {
      // The live text, unchanged since REV 2, is exported as REV 2.
      for (const [query, number, edited] of [
        ['', '9916/2/17 REV 2', true],
        ['&rev=1', '9916/1/17 REV 1', false],
        ['&rev=2', '9916/2/17 REV 2', true],
      ] as const) {
        const response = await server.request(
          'GET',
          `/api/documents/${id}/export?format=${format}${query}`,
          presidency.token,
        );
        expect(response.status).toBe(200);
        const bytes = new Uint8Array(await response.arrayBuffer());
        const parsed =
          format === 'docx'
            ? await parseDocx(bytes, { trackedChanges: 'accept' })
            : (format === 'md' ? parseMarkdown : parseHtml)(new TextDecoder().decode(bytes));
        if (!parsed.ok) throw new Error(parsed.error.message);
        expect(parsed.value.metadata.number).toBe(number);
        expect(
          parsed.value.blocks.some((b) => b.text.includes('The EU firmly and unequivocally recalls')),
        ).toBe(edited);
      }
    }
  });
});

describe('uploading a revision', () => {
  /** The fixture with a paragraph moved, one sentence changed and one paragraph deleted. */
  function editFixture(created: LiveDocument) {
    const moved = created.blocks.find((b) => b.text.startsWith('The EU reaffirms its commitment'));
    const changed = created.blocks.find((b) => b.text.startsWith('The EU stresses that clearly'));
    const deleted = created.blocks.find((b) => b.text.startsWith('The EU calls on the Member States'));
    if (!moved || !changed || !deleted) throw new Error('the fixture changed');
    const markdown = fixture
      .replace(`\n${moved.text}\n`, '\n')
      .replace('2. The EU is concerned', `${moved.text}\n\n2. The EU is concerned`)
      .replace('remains a sovereign political decision', 'remains a sovereign decision of each Member State')
      .replace(/\n6\. The EU calls on[^\n]*/, '');
    return { markdown, moved, changed, deleted };
  }

  it('keeps the ids of unchanged and moved blocks, and a connected client sees the upload live', async () => {
    const { server, presidency, france, id, created } = await setup();
    const client = connectClient(server, id, france.token);
    await waitSynced(client);
    const { markdown, moved, changed, deleted } = editFixture(created);

    const issued = await expectJson<Revision>(
      await issue(server, presidency, id, { markdown, note: 'Upload' }),
      201,
    );
    expect(issued).toMatchObject({
      rev: 1,
      label: '9916/1/17 REV 1',
      upload: { matched: created.blocks.length - 1, added: 0, removed: 1 },
    });

    const live = await readLive(server, presidency, id);
    const expected = parse(markdown).blocks.map((b) => b.text);
    expect(live.blocks.map((b) => b.text)).toEqual(expected);
    const ids = new Map(live.blocks.map((b) => [b.text, b.id]));
    for (const block of created.blocks) {
      if (block.id === deleted.id || block.id === changed.id) continue;
      expect(ids.get(block.text)).toBe(block.id);
    }
    expect(live.blocks.find((b) => b.text.includes('sovereign decision of each Member State'))?.id).toBe(
      changed.id,
    );
    expect(live.blocks.map((b) => b.id)).not.toContain(deleted.id);
    expect(live.blocks.findIndex((b) => b.id === moved.id)).toBeLessThan(
      live.blocks.findIndex((b) => b.text.startsWith('The EU is concerned')),
    );

    await expect.poll(() => readDocument(client.doc).blocks.map((b) => b.text)).toEqual(expected);
    const diff = await expectJson<Diff>(
      await server.request('GET', `/api/documents/${id}/diff?from=0&to=1`, presidency.token),
      200,
    );
    const changes = diff.blocks
      .filter((b) => b.change !== 'unchanged')
      .map((b) => [b.change, b.old?.id ?? b.new?.id]);
    expect(changes).toEqual(
      expect.arrayContaining([
        ['moved', moved.id],
        ['modified', changed.id],
        ['deleted', deleted.id],
      ]),
    );
    expect(changes).toHaveLength(3);
    // Where it stood, as the room cites it: the annex restarts the numbering, so the part is named
    // (its paragraph 3, third subparagraph; the cover note has a paragraph 3 too).
    expect(diff.blocks.find((b) => b.change === 'moved')).toMatchObject({
      movedFrom: '3',
      movedFromOrdinal: 2,
      movedFromPart: 2,
    });
    // The upload was journaled against the Presidency user who issued it.
    await server.server.documents.flush();
    const logged = await server.store.updates.list(id);
    expect(logged.map((u) => u.userId)).toContain(presidency.id);
  });

  it('makes positions on the changed block stale and leaves those on unchanged and moved blocks current', async () => {
    const { server, presidency, france, id, created } = await setup();
    const { markdown, moved, changed } = editFixture(created);
    const unchanged = created.blocks.find((b) => b.text.startsWith('The EU recalls its conclusions'));
    if (!unchanged) throw new Error('the fixture changed');
    for (const block of [changed, moved, unchanged]) {
      const given = await agreeAsFrance(server, france, id, block.id);
      expect(given).toMatchObject({ blockId: block.id, delegation: 'FR', stale: false });
    }
    await expectJson(await issue(server, presidency, id, { markdown }), 201);
    const report = await expectJson<{
      blocks: { id: string; positions: Record<string, { stale: boolean }> }[];
    }>(await server.request('GET', `/api/documents/${id}/consensus`, presidency.token), 200);
    const staleOf = (blockId: string) => report.blocks.find((b) => b.id === blockId)?.positions.FR?.stale;
    expect(staleOf(changed.id)).toBe(true);
    expect(staleOf(moved.id)).toBe(false);
    expect(staleOf(unchanged.id)).toBe(false);
  });

  it('accepts a .docx rendered from the edited text', async () => {
    const { server, presidency, id, created } = await setup();
    const { markdown, moved } = editFixture(created);
    const bytes = await renderDocx(parse(markdown));
    const issued = await expectJson<Revision>(
      await uploadFile(server, presidency, id, bytes, 'REV 1.docx'),
      201,
    );
    expect(issued).toMatchObject({ rev: 1, upload: { added: 0, removed: 1 } });
    const live = await readLive(server, presidency, id);
    expect(live.blocks.map((b) => b.text)).toEqual(parse(markdown).blocks.map((b) => b.text));
    expect(live.blocks.find((b) => b.text === moved.text)?.id).toBe(moved.id);
  });

  it('takes an export of REV 1, edited, as REV 2: the number stays the document’s, and REV 2 exports as REV 2', async () => {
    const { server, presidency, id } = await setup();
    await expectJson<Revision>(await issue(server, presidency, id), 201);
    const exported = await server.request(
      'GET',
      `/api/documents/${id}/export?rev=1&format=md`,
      presidency.token,
    );
    const rev1 = await exported.text();
    expect(rev1).toContain('9916/1/17 REV 1');
    const edited = rev1.replace('remains a sovereign political decision', 'remains a sovereign decision');
    const issued = await expectJson<Revision>(
      await uploadFile(server, presidency, id, new TextEncoder().encode(edited), 'REV 1 edited.md'),
      201,
    );
    expect(issued).toMatchObject({ rev: 2, label: '9916/2/17 REV 2' });
    const diff = await expectJson<Diff>(
      await server.request('GET', `/api/documents/${id}/diff?from=1&to=2`, presidency.token),
      200,
    );
    expect(diff.metadata).toEqual([]);
    expect(diff.blocks.filter((b) => b.change !== 'unchanged')).toHaveLength(1);
    const rev2 = await (
      await server.request('GET', `/api/documents/${id}/export?rev=2&format=md`, presidency.token)
    ).text();
    expect(rev2).toContain('9916/2/17 REV 2');
    expect(rev2).not.toContain('9916/1/17 REV 1');
  });

  it('keeps the live header when the file has none (a text typed in Word, body-only Markdown)', async () => {
    const { server, presidency, id, created } = await setup();
    const body = created.blocks.map((b) => b.text).join('\n\n');
    // Dated as created, so that every header field of REV 1 is the live one's.
    const issued = await expectJson<Revision>(
      await issue(server, presidency, id, { markdown: body, date: '7 June 2017' }),
      201,
    );
    expect(issued.label).toBe('9916/1/17 REV 1');
    const diff = await expectJson<Diff>(
      await server.request('GET', `/api/documents/${id}/diff?from=0&to=1`, presidency.token),
      200,
    );
    expect(diff.metadata).toEqual([]);
    const exported = await (
      await server.request('GET', `/api/documents/${id}/export?rev=1&format=md`, presidency.token)
    ).text();
    expect(exported).toContain('9916/1/17 REV 1');
    expect(exported).toContain('CYBER 91');
  });

  it('reports a footnote call moved within its paragraph as moved, with where it stood and stands', async () => {
    const { server, presidency, id } = await setup();
    const moved = fixture
      .replace('EU Cybersecurity strategy<sup>3</sup>, in', 'EU Cybersecurity strategy, in')
      .replace('open, free, stable and secure where', 'open, free, stable and secure<sup>3</sup> where');
    expect(moved).not.toBe(fixture);
    await expectJson<Revision>(await issue(server, presidency, id, { markdown: moved }), 201);
    const diff = await expectJson<
      Omit<Diff, 'footnotes'> & {
        footnotes: {
          change: string;
          movedWithinBlock?: boolean;
          old: { offset: number };
          new: { offset: number };
        }[];
      }
    >(await server.request('GET', `/api/documents/${id}/diff?from=0&to=1`, presidency.token), 200);
    const changed = diff.footnotes.filter((f) => f.change !== 'unchanged');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ change: 'moved', movedWithinBlock: true });
    expect(changed[0]?.new.offset).toBeGreaterThan(changed[0]?.old.offset as number);
  });

  it('refuses a file whose header names another document, and changes nothing', async () => {
    const { server, presidency, id, created } = await setup();
    const other = fixture.replace('**9916/17**', '**7923/17**');
    expect(other).not.toBe(fixture);
    const response = await issue(server, presidency, id, { markdown: other });
    const refused = await expectJson<{ error: { code: string; message: string } }>(response, 400);
    expect(refused.error).toEqual({
      code: 'upload-other-document',
      message: 'file: its header names document 7923/17, not 9916/17',
    });
    expect(await readLive(server, presidency, id)).toMatchObject({ revision: 0, blocks: created.blocks });
  });

  it('refuses a file whose header number is written wrong, saying how to write it, and changes nothing', async () => {
    const { server, presidency, id, created } = await setup();
    // An export of REV 1 whose number lost its inner "/1" in Word.
    const mistyped = fixture.replace('**9916/17**', '**9916/17 REV 1**');
    expect(mistyped).not.toBe(fixture);
    const response = await issue(server, presidency, id, { markdown: mistyped });
    const refused = await expectJson<{ error: { code: string; message: string } }>(response, 400);
    expect(refused.error).toEqual({
      code: 'invalid-number',
      message:
        'file: the number in its header, 9916/17 REV 1, is not one the register reads: a revision repeats its number inside the document number: write 9916/1/17 REV 1',
    });
    expect(await readLive(server, presidency, id)).toMatchObject({ revision: 0, blocks: created.blocks });
  });

  it('refuses malformed uploads with the reason and changes nothing', async () => {
    const { server, presidency, id, created } = await setup();
    const bad = fixture.replace('<sup>2</sup> WK 6162/2017 REV 1', '');
    const response = await issue(server, presidency, id, { markdown: bad });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /^markdown line \d+: footnote 2 is cited but never defined$/,
    );
    const docx = await uploadFile(server, presidency, id, new TextEncoder().encode('1. not a zip'), 'x.docx');
    expect(docx.status).toBe(400);
    const live = await readLive(server, presidency, id);
    expect(live.blocks).toEqual(created.blocks);
    expect(live.revision).toBe(0);
    const list = await expectJson<Revision[]>(
      await server.request('GET', `/api/documents/${id}/revisions`, presidency.token),
      200,
    );
    expect(list.map((r) => r.rev)).toEqual([0]);
  });
});

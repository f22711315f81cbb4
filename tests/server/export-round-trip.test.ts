/**
 * The Presidency exports the draft, edits it offline and issues the next revision from the file. A file
 * exported and brought back unchanged must be the same text: the same blocks, with their ids, kinds and
 * words as typed (a space at a paragraph's end, a double space, an empty paragraph), so that every
 * position given on it stays current.
 */
import { readFileSync } from 'node:fs';
import type { Block } from '@accord/model';
import { createBlockElement, getFragment } from '@accord/ydoc';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Api,
  connectClient,
  FIXTURE_PATH,
  type LiveBlock,
  startTestServer,
  type TestUser,
  teardown,
  waitSynced,
} from './harness';

afterEach(teardown);

interface LiveDocument {
  readonly id: string;
  readonly blocks: (LiveBlock & { kind: string })[];
}

interface ConsensusReport {
  readonly blocks: { id: string; positions: Record<string, { stale: boolean }> }[];
}

async function expectJson<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

const BODY = [
  '1. The Council adopts the conclusions.',
  '2. It recalls its conclusions of 2015.',
  'It stresses the need for a common approach.',
  '**ANNEX**',
  '3. It invites the Commission to report.',
].join('\n\n');

/** What a delegate types into the text: the blocks the importers used to lose or trim. */
const TYPED: readonly Block[] = [
  { id: 'trailing', kind: 'numbered', number: null, text: 'The Council welcomes the report. ' },
  { id: 'double', kind: 'paragraph', number: null, text: 'It notes  the progress made.' },
  { id: 'leading', kind: 'bullet', number: null, text: ' an indent with a space before it' },
  { id: 'empty-paragraph', kind: 'paragraph', number: null, text: '' },
  { id: 'empty-numbered', kind: 'numbered', number: null, text: '' },
  { id: 'empty-heading', kind: 'heading', number: null, text: '' },
];

/** A document of BODY with the TYPED blocks written after its second paragraph by a connected client. */
async function draftWithTypedBlocks(
  server: Api,
  presidency: TestUser,
  france: TestUser,
  typed: readonly Block[],
): Promise<LiveDocument> {
  const created = await expectJson<LiveDocument>(
    await server.request('POST', '/api/documents', presidency.token, { markdown: BODY }),
    201,
  );
  const client = connectClient(server, created.id, france.token);
  await waitSynced(client);
  client.doc.transact(() => {
    getFragment(client.doc).insert(
      2,
      typed.map((block) => createBlockElement(block, [])),
    );
  });
  await expect
    .poll(async () => (await readLive(server, presidency, created.id)).blocks.length)
    .toBe(created.blocks.length + typed.length);
  client.provider.destroy();
  return readLive(server, presidency, created.id);
}

async function readLive(api: Api, user: TestUser, id: string): Promise<LiveDocument> {
  return expectJson<LiveDocument>(await api.request('GET', `/api/documents/${id}`, user.token), 200);
}

function issueFrom(api: Api, user: TestUser, id: string, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  return fetch(`${api.url}/api/documents/${id}/revisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}` },
    body: form,
  });
}

async function exportAs(api: Api, user: TestUser, id: string, format: string): Promise<Uint8Array> {
  const response = await api.request('GET', `/api/documents/${id}/export?format=${format}`, user.token);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

const shape = (blocks: LiveDocument['blocks']) =>
  blocks.map(({ id, kind, number, text }) => ({ id, kind, number, text }));

describe('a text exported and issued again unchanged', () => {
  it.each([
    { format: 'docx', typed: TYPED },
    { format: 'html', typed: TYPED },
    { format: 'md', typed: TYPED },
  ])('keeps every block and position as it was, through $format', async ({ format, typed }) => {
    const server = await startTestServer();
    const presidency = await server.createUser('presidency');
    const france = await server.createUser('delegate', 'FR');
    const before = await draftWithTypedBlocks(server, presidency, france, typed);
    for (const block of before.blocks) {
      await expectJson(
        await server.request('PUT', `/api/documents/${before.id}/blocks/${block.id}/position`, france.token, {
          position: 'agree',
        }),
        200,
      );
    }

    // REV 1 as typed, then REV 2 from its export.
    await expectJson(
      await server.request('POST', `/api/documents/${before.id}/revisions`, presidency.token),
      201,
    );
    const file = await exportAs(server, presidency, before.id, format);
    const issued = await expectJson<{ upload: { matched: number; added: number; removed: number } }>(
      await issueFrom(server, presidency, before.id, file, `draft.${format}`),
      201,
    );

    expect(issued.upload).toMatchObject({ matched: before.blocks.length, added: 0, removed: 0 });
    const after = await readLive(server, presidency, before.id);
    expect(shape(after.blocks)).toEqual(shape(before.blocks));
    const report = await expectJson<ConsensusReport>(
      await server.request('GET', `/api/documents/${before.id}/consensus`, presidency.token),
      200,
    );
    expect(report.blocks.map((b) => [b.id, b.positions.FR?.stale])).toEqual(
      before.blocks.map((b) => [b.id, false]),
    );
    const diff = await expectJson<{ blocks: { change: string }[] }>(
      await server.request('GET', `/api/documents/${before.id}/diff?from=1&to=2`, presidency.token),
      200,
    );
    expect(diff.blocks.filter((b) => b.change !== 'unchanged')).toEqual([]);
  });

  it.each(['docx', 'html', 'md'])('leaves the fixture as it was, through %s', async (format) => {
    const server = await startTestServer();
    const presidency = await server.createUser('presidency');
    const created = await expectJson<LiveDocument>(
      await server.request('POST', '/api/documents', presidency.token, {
        markdown: readFileSync(FIXTURE_PATH, 'utf8'),
      }),
      201,
    );
    const file = await exportAs(server, presidency, created.id, format);
    await expectJson(await issueFrom(server, presidency, created.id, file, `fixture.${format}`), 201);
    const after = await readLive(server, presidency, created.id);
    expect(shape(after.blocks)).toEqual(shape(created.blocks));
    const diff = await expectJson<{ blocks: { change: string }[]; footnotes: { change: string }[] }>(
      await server.request('GET', `/api/documents/${created.id}/diff?from=0&to=1`, presidency.token),
      200,
    );
    expect(diff.blocks.filter((b) => b.change !== 'unchanged')).toEqual([]);
    expect(diff.footnotes.filter((f) => f.change !== 'unchanged')).toEqual([]);
  });
});

// A new document made from an export is the same text too.
describe('a document created from an export', () => {
  it.each(['docx', 'html'])('has the blocks of the text exported as %s', async (format) => {
    const server = await startTestServer();
    const presidency = await server.createUser('presidency');
    const france = await server.createUser('delegate', 'FR');
    const source = await draftWithTypedBlocks(server, presidency, france, TYPED);
    const file = await exportAs(server, presidency, source.id, format);
    const form = new FormData();
    form.append('file', new Blob([file as Uint8Array<ArrayBuffer>]), `copy.${format}`);
    const copy = await expectJson<LiveDocument>(
      await fetch(`${server.url}/api/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${presidency.token}` },
        body: form,
      }),
      201,
    );
    const words = (blocks: LiveDocument['blocks']) => blocks.map(({ kind, text }) => ({ kind, text }));
    expect(words(copy.blocks)).toEqual(words(source.blocks));
  });
});

import { readFileSync } from 'node:fs';
import { findBlockElement } from '@accord/ydoc';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { findDemoFixture } from '../demo/seed-demo';
import { errorOf, type Kit, readSse, startKit, type TestUser } from './consensus-test-kit';

const fixture = readFileSync(findDemoFixture(), 'utf8');

interface Body {
  id: string;
  number: string | null;
  title: string;
  createdAt: string;
  metadata: Record<string, unknown>;
  blocks: { id: string; kind: string; number: string | null; text: string }[];
  footnotes: { id: string; number: number; blockId: string; text: string }[];
}

let kit: Kit;
let presidency: TestUser;
let secretariat: TestUser;
let france: TestUser;
/** The fixture, 9916/17, with REV 1 issued. */
let original: Body;

beforeEach(async () => {
  kit = startKit();
  presidency = await kit.user('presidency');
  secretariat = await kit.user('secretariat');
  france = await kit.user('delegate', 'FR');
  original = (await (
    await kit.request('POST', '/api/documents', presidency.token, { markdown: fixture })
  ).json()) as Body;
  expect(
    (await kit.request('POST', `/api/documents/${original.id}/revisions`, presidency.token, {})).status,
  ).toBe(201);
});

afterEach(() => kit.close());

const create = (body: unknown, token = secretariat.token) =>
  kit.request('POST', '/api/documents', token, body);

async function read<T>(path: string, token = presidency.token): Promise<T> {
  const response = await kit.request('GET', path, token);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** Types at the end of the first paragraph of the live text, as a delegate would. */
async function editLive(documentId: string, blockId: string, text: string) {
  await kit.documents.edit(
    documentId,
    (doc) => {
      const block = findBlockElement(doc, blockId);
      const run = block?.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText);
      if (run === undefined) throw new Error(`no text in block ${blockId}`);
      run.insert(run.length, text);
    },
    { userId: france.id, delegation: 'FR' },
  );
}

describe('a corrigendum started from the text it corrects', () => {
  it('starts 9916/1/17 REV 1 COR 1 from the text of REV 1 as issued, not from what was typed since, under its own number', async () => {
    const issued = await read<Body & { label: string }>(`/api/documents/${original.id}/revisions/1`);
    const first = original.blocks.find((block) => block.text !== '') as Body['blocks'][number];
    await editLive(original.id, first.id, ' TYPED AFTER REV 1');
    const response = await create({ number: '9916/1/17 REV 1 COR 1', from: original.id });
    expect(response.status).toBe(201);
    const cor = (await response.json()) as Body & { label: string; revision: number; upload: unknown };
    expect(cor).toMatchObject({
      number: '9916/1/17 REV 1 COR 1',
      title: original.title,
      revision: 0,
      label: '9916/1/17 REV 1 COR 1',
      upload: null,
    });
    expect(cor.metadata).toEqual({ ...issued.metadata, number: '9916/1/17 REV 1 COR 1' });
    const shape = (doc: Body) => ({
      blocks: doc.blocks.map(({ kind, number, text }) => ({ kind, number, text })),
      footnotes: doc.footnotes.map((note) => ({
        number: note.number,
        text: note.text,
        block: doc.blocks.findIndex((block) => block.id === note.blockId),
      })),
    });
    expect(shape(cor)).toEqual(shape(issued));
    expect(cor.footnotes.length).toBeGreaterThan(0);
    expect(cor.blocks.map((block) => block.text).join('\n')).not.toContain('TYPED AFTER REV 1');
    // Its own paragraphs: nothing said on the original's is said on them.
    const ids = new Set(original.blocks.map((block) => block.id));
    expect(cor.blocks.filter((block) => ids.has(block.id))).toEqual([]);
    // The live text opened is the one created, and so is its revision 0.
    const opened = await read<Body & { corrects: unknown }>(`/api/documents/${cor.id}`, france.token);
    expect(shape(opened)).toEqual(shape(issued));
    expect(opened.corrects).toEqual({ id: original.id, label: '9916/1/17 REV 1' });
    const rev0 = await read<Body>(`/api/documents/${cor.id}/revisions/0`);
    expect(shape(rev0)).toEqual(shape(issued));
  });

  it.each([
    ['9916/17 COR 1', 0, '9916/17'],
    ['9916/1/17 REV 1 COR 1', 1, '9916/1/17 REV 1'],
    ['ST 9916 2017 REV 2 COR 1', 2, '9916/2/17 REV 2'],
  ])(
    'starts %s from the text of the revision its number names, and names that revision as the one it corrects',
    async (number, rev, label) => {
      // REV 2 has words REV 1 and the original have not.
      const first = original.blocks.find((block) => block.text !== '') as Body['blocks'][number];
      await editLive(original.id, first.id, ' AMENDED IN REV 2');
      const issuing = await kit.request(
        'POST',
        `/api/documents/${original.id}/revisions`,
        presidency.token,
        {},
      );
      expect(issuing.status).toBe(201);
      const named = await read<Body>(`/api/documents/${original.id}/revisions/${rev}`);
      const response = await create({ number, from: original.id });
      expect(response.status).toBe(201);
      const cor = (await response.json()) as Body;
      expect(cor.blocks.map((block) => block.text)).toEqual(named.blocks.map((block) => block.text));
      expect(cor.metadata).toEqual({ ...named.metadata, number });
      const opened = await read<{ corrects: unknown }>(`/api/documents/${cor.id}`, france.token);
      expect(opened.corrects).toEqual({ id: original.id, label });
      const corrected = await read<{ correctedBy: unknown }>(`/api/documents/${original.id}`, france.token);
      expect(corrected.correctedBy).toEqual([{ id: cor.id, number, label, at: cor.createdAt }]);
    },
  );

  it('dates its header the day it is made in Brussels, not the day of the text it corrects', async () => {
    // 00:30 on 12 June in Brussels; REV 1 was issued on 7 June.
    kit.clock.set('2017-06-11T22:30:00.000Z');
    const issued = await read<Body>(`/api/documents/${original.id}/revisions/1`);
    expect(issued.metadata.date).toBe('7 June 2017');
    const response = await create({ number: '9916/1/17 REV 1 COR 1', from: original.id });
    expect(response.status).toBe(201);
    const cor = (await response.json()) as Body;
    expect(cor.metadata).toEqual({
      ...issued.metadata,
      number: '9916/1/17 REV 1 COR 1',
      date: '12 June 2017',
    });
    for (const path of [`/api/documents/${cor.id}`, `/api/documents/${cor.id}/revisions/0`]) {
      expect((await read<Body>(path, france.token)).metadata.date, path).toBe('12 June 2017');
    }
  });

  it.each([
    ['9 June 2017', '9 June 2017'],
    ['2017-06-14', '14 June 2017'],
  ])('dates its header with the day the Secretariat gives, %j as %j', async (date, written) => {
    const response = await create({ number: '9916/1/17 REV 1 COR 1', from: original.id, date });
    expect(response.status).toBe(201);
    const cor = (await response.json()) as Body;
    expect(cor.metadata.date).toBe(written);
    for (const path of [`/api/documents/${cor.id}`, `/api/documents/${cor.id}/revisions/0`]) {
      expect((await read<Body>(path, france.token)).metadata.date, path).toBe(written);
    }
  });

  it.each(['31 April 2017', '06/14/2017', 'next Tuesday'])(
    'refuses a corrigendum dated %j (400 invalid-date), and makes none',
    async (date) => {
      const before = await read<unknown[]>('/api/documents');
      const response = await create({ number: '9916/17 COR 1', from: original.id, date });
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid-date');
      expect(error.message).toMatch(/^date: /);
      expect(await read<unknown[]>('/api/documents')).toHaveLength(before.length);
    },
  );

  it('refuses a date for what is not a corrigendum: a blank or imported text has no header to date', async () => {
    const response = await create({ number: '7924/17', title: 'Cyber', date: '9 June 2017' });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error).toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/^date: /) });
  });

  it('carries over no position, comment or silence procedure of the text it corrects', async () => {
    const block = original.blocks.find(
      (b) => b.text !== '' && b.kind === 'numbered',
    ) as Body['blocks'][number];
    const put = await kit.request(
      'PUT',
      `/api/documents/${original.id}/blocks/${block.id}/position`,
      france.token,
      {
        position: 'scrutiny_reservation',
      },
    );
    expect(put.status).toBe(200);
    const comment = await kit.request(
      'POST',
      `/api/documents/${original.id}/blocks/${block.id}/comments`,
      france.token,
      {
        body: 'A typo here.',
        visibility: 'all',
      },
    );
    expect(comment.status).toBe(201);
    const silence = await kit.request('POST', `/api/documents/${original.id}/silence`, presidency.token, {
      until: '2017-06-09T15:00:00.000Z',
    });
    expect(silence.status).toBe(201);
    const cor = (await (await create({ number: '9916/17 COR 1', from: original.id })).json()) as Body;
    expect(await read(`/api/documents/${cor.id}/comments`)).toEqual([]);
    const report = await read<{ blocks: { positions: object }[]; silence: unknown }>(
      `/api/documents/${cor.id}/consensus`,
    );
    expect(report.blocks.flatMap((b) => Object.keys(b.positions))).toEqual([]);
    expect(report.silence).toBeNull();
    const listed = await read<{ id: string; silenceUntil: string | null }[]>('/api/documents');
    expect(listed.find((doc) => doc.id === cor.id)?.silenceUntil).toBeNull();
  });

  it('takes the title given, a COR of an earlier revision, and a register form of the number', async () => {
    for (const [number, title, expected] of [
      ['9916/17 COR 1', 'Corrigendum (FR only)', 'Corrigendum (FR only)'],
      ['ST 9916 2017 REV 1 COR 2', undefined, original.title],
    ] as const) {
      const response = await create({ number, title, from: original.id });
      expect(response.status, number).toBe(201);
      expect(await response.json()).toMatchObject({ number, title: expected });
    }
  });

  it('records in both audit logs where the corrigendum came from, and the document says which text it corrects', async () => {
    const cor = (await (await create({ number: '9916/1/17 REV 1 COR 1', from: original.id })).json()) as Body;
    const own = await read<{ action: string; summary: string; details: object }[]>(
      `/api/documents/${cor.id}/audit?action=corrigendum.created`,
    );
    expect(own).toEqual([
      expect.objectContaining({
        action: 'corrigendum.created',
        summary: 'made as the corrigendum 9916/1/17 REV 1 COR 1, from the text of 9916/1/17 REV 1 as issued',
        details: { correctedId: original.id, label: '9916/1/17 REV 1' },
        actor: expect.objectContaining({ id: secretariat.id }),
      }),
    ]);
    const theirs = await read<{ action: string; summary: string; details: object }[]>(
      `/api/documents/${original.id}/audit?action=document.corrected`,
    );
    expect(theirs).toEqual([
      expect.objectContaining({
        summary: '9916/1/17 REV 1 corrected by 9916/1/17 REV 1 COR 1',
        details: {
          corrigendumId: cor.id,
          corrigendumNumber: '9916/1/17 REV 1 COR 1',
          label: '9916/1/17 REV 1',
        },
      }),
    ]);
    // Either way, to every reader: the corrigendum names the text it corrects, the text its corrigenda.
    const listed = await read<{ id: string; corrects: unknown; correctedBy: unknown }[]>(
      '/api/documents',
      france.token,
    );
    const corrigendum = {
      id: cor.id,
      number: '9916/1/17 REV 1 COR 1',
      label: '9916/1/17 REV 1',
      at: cor.createdAt,
    };
    expect(listed.map((doc) => [doc.id, doc.corrects, doc.correctedBy])).toEqual([
      [original.id, null, [corrigendum]],
      [cor.id, { id: original.id, label: '9916/1/17 REV 1' }, []],
    ]);
    const opened = await read<{ corrects: unknown; correctedBy: unknown }>(
      `/api/documents/${original.id}`,
      france.token,
    );
    expect(opened).toMatchObject({ corrects: null, correctedBy: [corrigendum] });
  });

  it('tells the corrected text’s open screens of the corrigendum on its event stream, as correctedBy names it', async () => {
    const watching = await kit.request('GET', `/api/documents/${original.id}/events`, france.token);
    const stream = readSse(watching);
    try {
      await vi.waitFor(() => expect(stream.events[0]?.event).toBe('ready'));
      const cor = (await (await create({ number: '9916/17 COR 1', from: original.id })).json()) as Body;
      const corrigendum = { id: cor.id, number: '9916/17 COR 1', label: '9916/17', at: cor.createdAt };
      await vi.waitFor(() =>
        expect(stream.events.at(-1)).toMatchObject({ event: 'corrected', data: corrigendum }),
      );
      const opened = await read<{ correctedBy: unknown }>(`/api/documents/${original.id}`, france.token);
      expect(opened.correctedBy).toEqual([corrigendum]);
    } finally {
      await stream.close();
    }
  });

  it.each([
    ['a number of another document', '9917/17 COR 1'],
    ['an addendum', '9916/17 ADD 1'],
    ['the number it corrects', '9916/17'],
    ['a COR of a revision not issued', '9916/2/17 REV 2 COR 1'],
    ['a COR of an addendum', '9916/17 ADD 1 COR 1'],
    ['a bare COR, naming no document', 'COR 1'],
  ])(
    'refuses %s with a 400 invalid-number naming the numbers that would do, and stores nothing',
    async (_, number) => {
      const result = await errorOf(await create({ number, from: original.id }));
      expect(result).toMatchObject({ status: 400, code: 'invalid-number' });
      expect(result.message).toContain(number);
      // The numbers that would do: a COR of each revision the text has had.
      expect(result.message).toContain('"9916/17 COR 1" or "9916/1/17 REV 1 COR 1"');
      expect((await kit.store.documents.list()).map((d) => d.id)).toEqual([original.id]);
    },
  );

  it.each([
    ['an unknown from', { number: '9916/17 COR 1', from: 'nope' }, 404, 'document-not-found', 'nope'],
    ['an empty from', { number: '9916/17 COR 1', from: '' }, 400, 'invalid-request', 'from'],
    ['from with markdown', { markdown: fixture, from: 'x' }, 400, 'invalid-request', 'from'],
    [
      'from with markdown and a number',
      { markdown: fixture, number: '9916/17 COR 1', from: 'x' },
      400,
      'invalid-request',
      'from',
    ],
    ['from without a number', { from: 'x' }, 400, 'invalid-request', 'number'],
    ['a number that is none', { number: 'COR 1', from: 'x' }, 400, 'invalid-number', 'number'],
    ['an empty title', { number: '9916/17 COR 1', title: ' ', from: 'x' }, 400, 'invalid-title', 'title'],
  ])('refuses %s and stores nothing', async (_, body, status, code, mention) => {
    const sent = 'from' in body && body.from === 'x' ? { ...body, from: original.id } : body;
    const result = await errorOf(await create(sent));
    expect(result).toMatchObject({ status, code });
    expect(result.message).toContain(mention);
    expect((await kit.store.documents.list()).map((d) => d.id)).toEqual([original.id]);
  });

  it.each(['9916/17 COR 2', '9916/17 COR 1 COR 1'])(
    'refuses %s from a corrigendum, naming the next COR of the text it corrects, not a number the register cannot read',
    async (number) => {
      const cor = (await (await create({ number: '9916/17 COR 1', from: original.id })).json()) as Body;
      const result = await errorOf(await create({ number, from: cor.id }));
      expect(result).toEqual({
        status: 400,
        code: 'invalid-number',
        message: `from: 9916/17 COR 1 is itself a corrigendum: a further correction is the next COR of the text it corrects, "9916/17 COR 2", started from that text`,
      });
      expect((await kit.store.documents.list()).map((d) => d.id)).toEqual([original.id, cor.id]);
    },
  );

  it('refuses a corrigendum of a text without a register number, saying so', async () => {
    const unnumbered = (await (
      await kit.request('POST', '/api/documents', presidency.token, { markdown: '1. One.\n' })
    ).json()) as Body;
    expect(unnumbered.number).toBeNull();
    const result = await errorOf(await create({ number: '9916/17 COR 1', from: unnumbered.id }));
    expect(result).toMatchObject({ status: 400, code: 'invalid-number' });
    expect(result.message).toContain('has no register number');
    expect(await kit.store.documents.list()).toHaveLength(2);
  });

  it('refuses a number already a document’s with 409 number-taken naming it, and lets no delegate make one', async () => {
    const cor = (await (await create({ number: '9916/17 COR 1', from: original.id })).json()) as Body;
    const again = await create({ number: 'ST 9916 2017 COR 1', from: original.id });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: {
        code: 'number-taken',
        holder: { id: cor.id, number: '9916/17 COR 1', title: original.title },
      },
    });
    expect(
      await errorOf(await create({ number: '9916/17 COR 2', from: original.id }, france.token)),
    ).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect((await kit.store.documents.list()).map((d) => d.id)).toEqual([original.id, cor.id]);
    const audit = await read<unknown[]>(`/api/documents/${original.id}/audit?action=document.corrected`);
    expect(audit).toHaveLength(1);
  });
});

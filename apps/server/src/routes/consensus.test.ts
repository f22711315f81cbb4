import { gunzipSync } from 'node:zlib';
import { MEMBER_STATE_CODES, WHOLE_TEXT_ID } from '@accord/model';
import { createBlockElement, findBlockElement, getFragment } from '@accord/ydoc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { errorOf, type Kit, startKit, type TestUser } from './consensus-test-kit';

let kit: Kit;
let presidency: TestUser;
const delegates = new Map<string, TestUser>();
let doc: { id: string; blocks: { id: string; text: string }[] };
/** Heading, 1 (plain), 2 (with an open bracket), 3 (plain). */
let [heading, plain, bracketed, last] = ['', '', '', ''];

beforeEach(async () => {
  kit = startKit();
  presidency = await kit.user('presidency');
  delegates.clear();
  for (const code of MEMBER_STATE_CODES) delegates.set(code, await kit.user('delegate', code));
  doc = await kit.createDocument(presidency.token);
  [heading, plain, bracketed, last] = doc.blocks.map((b) => b.id) as [string, string, string, string];
});

afterEach(() => kit.close());

async function give(code: string, blockId: string, position: string) {
  const token = delegates.get(code)?.token as string;
  const response = await kit.request('PUT', `/api/documents/${doc.id}/blocks/${blockId}/position`, token, {
    position,
  });
  expect(response.status).toBe(200);
}

interface Report {
  status: string;
  blocks: {
    id: string;
    number: string | null;
    status: string;
    positions: Record<string, { position: string; note: string | null; stale: boolean; at: string }>;
    missing: string[];
    brackets: number;
    coveredBySilence: boolean;
    empty: boolean;
    negotiated: boolean;
    outsideSilence: string | null;
    qmv: { states: number; population: number; passes: boolean; blockingMinority: boolean };
  }[];
  silence: unknown;
  qmvRule: { rule: string; referenceYear: number; statesRequired: number; statesTotal: number };
}

async function report(query = ''): Promise<Report> {
  const response = await kit.request('GET', `/api/documents/${doc.id}/consensus${query}`, presidency.token);
  expect(response.status).toBe(200);
  return (await response.json()) as Report;
}

const statusOf = (r: Report, id: string) => r.blocks.find((b) => b.id === id)?.status;

describe('GET /api/documents/:id/consensus', () => {
  it('answers exactly the documented shape, every block in document order', async () => {
    await give('FR', plain, 'agree');
    const r = await report();
    expect(Object.keys(r)).toEqual(['status', 'blocks', 'silence', 'general', 'commission', 'qmvRule']);
    // DOMAIN.md: a QMV calculation says which population table it used.
    expect(r.qmvRule).toMatchObject({
      rule: 'standard',
      referenceYear: 2024,
      statesRequired: 15,
      statesTotal: 27,
    });
    expect(r.blocks.map((b) => [b.id, b.number])).toEqual([
      [heading, null],
      [plain, '1'],
      [bracketed, '2'],
      [last, '3'],
    ]);
    const block = r.blocks[1];
    expect(Object.keys(block ?? {})).toEqual([
      'id',
      'number',
      'status',
      'positions',
      'missing',
      'brackets',
      'coveredBySilence',
      'empty',
      'negotiated',
      'outsideSilence',
      'qmv',
    ]);
    expect(block?.coveredBySilence).toBe(false);
    // No silence procedure runs: nothing to be outside of.
    expect(block?.outsideSilence).toBeNull();
    expect(block?.empty).toBe(false);
    // A title and its numbered paragraphs, no cover note: every block is negotiated.
    expect(r.blocks.map((b) => b.negotiated)).toEqual([true, true, true, true]);
    expect(block?.missing).toEqual(MEMBER_STATE_CODES.filter((c) => c !== 'FR'));
    expect(block?.qmv).toEqual({ states: 1, population: 68_402_000, passes: false, blockingMinority: true });
    expect(r.blocks[2]?.brackets).toBe(1);
    expect(r.silence).toBeNull();
  });

  it('walks a block through open, reserved, opposed and agreed as positions come in', async () => {
    expect(statusOf(await report(), plain)).toBe('open');
    for (const code of MEMBER_STATE_CODES) await give(code, plain, code === 'DE' ? 'abstain' : 'agree');
    expect(statusOf(await report(), plain)).toBe('agreed');
    await give('NL', plain, 'parliamentary_scrutiny_reservation');
    expect(statusOf(await report(), plain)).toBe('reserved');
    await give('PL', plain, 'oppose');
    const r = await report();
    expect(statusOf(r, plain)).toBe('opposed');
    expect(r.status).toBe('opposed');
    await give('PL', plain, 'agree');
    await give('NL', plain, 'agree');
    expect(statusOf(await report(), plain)).toBe('agreed');
  });

  it('keeps a block with open square brackets open even when all 27 agree', async () => {
    for (const code of MEMBER_STATE_CODES) await give(code, bracketed, 'agree');
    const r = await report();
    expect(statusOf(r, bracketed)).toBe('open');
    expect(r.blocks.find((b) => b.id === bracketed)?.missing).toEqual([]);
  });

  it('calls the document agreed only when every block is', async () => {
    for (const id of [heading, plain, last]) {
      for (const code of MEMBER_STATE_CODES) await give(code, id, 'agree');
    }
    expect((await report()).status).toBe('open');
    await kit.documents.edit(
      doc.id,
      (ydoc) => {
        const element = findBlockElement(ydoc, bracketed) as Y.XmlElement;
        element.delete(0, element.length);
        element.insert(0, [new Y.XmlText('The EU stands ready.')]);
      },
      { userId: null, delegation: null },
    );
    for (const code of MEMBER_STATE_CODES) await give(code, bracketed, 'agree');
    expect((await report()).status).toBe('agreed');
  });

  it('lists an empty paragraph, flagged, but leaves it out of the document’s status: it holds no agreed text back', async () => {
    const editAsDe = (change: (ydoc: Y.Doc) => void) =>
      kit.documents.edit(doc.id, change, { userId: delegates.get('DE')?.id ?? null, delegation: 'DE' });
    await editAsDe((ydoc) => {
      const element = findBlockElement(ydoc, bracketed) as Y.XmlElement;
      element.delete(0, element.length);
      element.insert(0, [new Y.XmlText('The EU stands ready.')]);
    });
    for (const id of [heading, plain, bracketed, last]) {
      for (const code of MEMBER_STATE_CODES) await give(code, id, 'agree');
    }
    expect((await report()).status).toBe('agreed');
    // Enter pressed twice after paragraph 1, and a paragraph of spaces at the end: nothing to agree to.
    await editAsDe((ydoc) => {
      const fragment = getFragment(ydoc);
      fragment.insert(2, [createBlockElement({ id: 'stray', kind: 'numbered', number: null, text: '' }, [])]);
      fragment.push([createBlockElement({ id: 'spaces', kind: 'paragraph', number: null, text: '   ' }, [])]);
    });
    const agreed = await report();
    expect(agreed.status).toBe('agreed');
    // Listed where they stand, with the numbers the room shows (the empty numbered paragraph is 2).
    expect(agreed.blocks.map((b) => [b.id, b.number, b.status, b.empty])).toEqual([
      [heading, null, 'agreed', false],
      [plain, '1', 'agreed', false],
      ['stray', '2', 'open', true],
      [bracketed, '3', 'agreed', false],
      [last, '4', 'agreed', false],
      ['spaces', null, 'open', true],
    ]);
    // Once typed into, it is a paragraph like any other, waiting for everyone.
    await editAsDe((ydoc) => {
      (findBlockElement(ydoc, 'stray') as Y.XmlElement).insert(0, [new Y.XmlText('The EU recalls.')]);
    });
    const typed = await report();
    expect(typed.status).toBe('open');
    expect(typed.blocks.find((b) => b.id === 'stray')).toMatchObject({
      number: '2',
      status: 'open',
      empty: false,
      missing: [...MEMBER_STATE_CODES],
    });
  });

  it('marks a position stale and its delegation missing once the block’s text changes', async () => {
    await give('FR', plain, 'agree');
    await kit.documents.edit(
      doc.id,
      (ydoc) => {
        const run = (findBlockElement(ydoc, plain) as Y.XmlElement).get(0) as Y.XmlText;
        run.insert(run.length, ' It welcomes the progress made.');
      },
      { userId: delegates.get('DE')?.id ?? null, delegation: 'DE' },
    );
    const block = (await report()).blocks.find((b) => b.id === plain);
    expect(block?.positions.FR).toMatchObject({ position: 'agree', stale: true });
    expect(block?.missing).toContain('FR');
    expect(block?.qmv.states).toBe(0);
    // Agreeing again on the new text makes it current.
    await give('FR', plain, 'agree');
    expect((await report()).blocks.find((b) => b.id === plain)?.positions.FR?.stale).toBe(false);
  });

  it('computes the QMV what-if under the reinforced rule on request', async () => {
    // The 15 most populous Member States: 55 % of the states, well over 65 % of the population.
    const biggest = [
      'DE',
      'FR',
      'IT',
      'ES',
      'PL',
      'RO',
      'NL',
      'BE',
      'CZ',
      'PT',
      'SE',
      'EL',
      'HU',
      'AT',
      'BG',
    ];
    for (const code of biggest) await give(code, plain, 'agree');
    const standard = (await report()).blocks.find((b) => b.id === plain)?.qmv;
    expect(standard).toMatchObject({ states: 15, passes: true, blockingMinority: false });
    const reinforced = (await report('?qmv=reinforced')).blocks.find((b) => b.id === plain)?.qmv;
    expect(reinforced).toMatchObject({ states: 15, passes: false });
    expect(
      await errorOf(
        await kit.request('GET', `/api/documents/${doc.id}/consensus?qmv=simple`, presidency.token),
      ),
    ).toMatchObject({ status: 400 });
  });

  it('tags the report, answers 304 while it is unchanged, and gzips it for clients that accept gzip', async () => {
    const path = `/api/documents/${doc.id}/consensus`;
    const get = (headers: Record<string, string> = {}) =>
      kit.app.request(path, { headers: { authorization: `Bearer ${presidency.token}`, ...headers } });
    for (const code of MEMBER_STATE_CODES) await give(code, plain, 'agree');

    const first = await get();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const body = await first.text();
    expect(JSON.parse(body).blocks).toHaveLength(doc.blocks.length);

    const unchanged = await get({ 'if-none-match': etag as string });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');

    const zipped = await get({ 'accept-encoding': 'br;q=1, gzip;q=0.8' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('etag')).toBe(etag);
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(body);

    await give('HU', plain, 'oppose');
    const changed = await get({ 'if-none-match': etag as string });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(statusOf((await changed.json()) as Report, plain)).toBe('opposed');
  });

  it('is readable by every role that may read, and 404 for an unknown document', async () => {
    for (const [role, delegation] of [['archivist'], ['observer', 'EEAS'], ['secretariat']] as const) {
      const user = await kit.user(role, delegation);
      expect((await kit.request('GET', `/api/documents/${doc.id}/consensus`, user.token)).status).toBe(200);
    }
    expect(
      await errorOf(await kit.request('GET', '/api/documents/nope/consensus', presidency.token)),
    ).toMatchObject({
      status: 404,
      code: 'document-not-found',
    });
  });
});

describe('GET /api/documents/:id/consensus/changes', () => {
  const changesPath = (query = '') => `/api/documents/${doc.id}/consensus/changes${query}`;

  it('lists every block without `since`, then only the block a position changed, under the rule asked for', async () => {
    const everything = await kit.request('GET', changesPath('?qmv=reinforced'), presidency.token);
    expect(everything.status).toBe(200);
    const first = (await everything.json()) as Report & { version: string; full: boolean; order: string[] };
    expect(first).toMatchObject({ full: true, order: doc.blocks.map((b) => b.id) });
    expect(first.blocks.map((b) => b.id)).toEqual(doc.blocks.map((b) => b.id));
    expect(first.qmvRule.rule).toBe('reinforced');

    await give('HU', plain, 'oppose');
    const since = `?qmv=reinforced&since=${encodeURIComponent(first.version)}`;
    const changed = await kit.request('GET', changesPath(since), presidency.token);
    expect(changed.headers.get('cache-control')).toBe('private, no-store');
    const changes = (await changed.json()) as Report & { version: string; full: boolean; order: null };
    expect(changes).toMatchObject({ full: false, order: null, status: 'opposed' });
    expect(changes.blocks.map((b) => [b.id, b.status])).toEqual([[plain, 'opposed']]);
    expect(changes.version).not.toBe(first.version);
    // A version of the reinforced rule's report means nothing under the standard rule's.
    const otherRule = await kit.request(
      'GET',
      changesPath(`?since=${encodeURIComponent(first.version)}`),
      presidency.token,
    );
    expect(await otherRule.json()).toMatchObject({ full: true });
  });

  it('tags an answer with every block and answers 304 while it is unchanged', async () => {
    const get = (headers: Record<string, string> = {}) =>
      kit.app.request(changesPath(), {
        headers: { authorization: `Bearer ${presidency.token}`, ...headers },
      });
    const first = await get();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect((await get({ 'if-none-match': etag as string })).status).toBe(304);
    await give('HU', plain, 'agree');
    expect((await get({ 'if-none-match': etag as string })).status).toBe(200);
  });

  it('is readable by every role that may read, 401 without a token, and 404 for an unknown document', async () => {
    const archivist = await kit.user('archivist');
    expect((await kit.request('GET', changesPath(), archivist.token)).status).toBe(200);
    expect((await kit.app.request(changesPath())).status).toBe(401);
    expect(
      await errorOf(await kit.request('GET', '/api/documents/nope/consensus/changes', presidency.token)),
    ).toMatchObject({ status: 404, code: 'document-not-found' });
  });
});

describe('general reservations: PUT and DELETE /api/documents/:id/position', () => {
  const general = (method: 'PUT' | 'DELETE', token: string, body?: unknown) =>
    kit.request(method, `/api/documents/${doc.id}/position`, token, body);
  const tokenOf = (code: string) => delegates.get(code)?.token as string;

  it('keep the document from being agreed until the delegation withdraws them', async () => {
    // Every block but the bracketed one agreed by all: the document is open, for the bracket alone.
    for (const code of MEMBER_STATE_CODES)
      for (const block of [heading, plain, last]) await give(code, block, 'agree');
    expect((await report()).status).toBe('open');

    const response = await general('PUT', tokenOf('DK'), {
      position: 'scrutiny_reservation',
      note: 'The Folketing examines the text.',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      blockId: WHOLE_TEXT_ID,
      delegation: 'DK',
      position: 'scrutiny_reservation',
      note: 'The Folketing examines the text.',
      stale: false,
    });
    const reserved = (await report()) as Report & {
      general: { reserved: string[]; positions: Record<string, unknown> };
    };
    expect(reserved.status).toBe('reserved');
    expect(reserved.general).toEqual({
      reserved: ['DK'],
      positions: {
        DK: {
          position: 'scrutiny_reservation',
          note: 'The Folketing examines the text.',
          stale: false,
          at: expect.any(String),
        },
      },
    });
    // No paragraph carries it.
    expect(reserved.blocks.map((b) => b.id)).toEqual([heading, plain, bracketed, last]);
    expect(reserved.blocks.map((b) => b.status)).toEqual(['agreed', 'agreed', 'open', 'agreed']);

    const withdrawn = await general('DELETE', tokenOf('DK'));
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.json()).toMatchObject({
      blockId: WHOLE_TEXT_ID,
      delegation: 'DK',
      withdrawn: true,
    });
    const after = (await report()) as Report & { general: { reserved: string[] } };
    expect([after.status, after.general.reserved]).toEqual(['open', []]);
    expect(await errorOf(await general('DELETE', tokenOf('DK')))).toMatchObject({
      status: 404,
      code: 'position-not-found',
      message: 'DK has no general reservation to withdraw',
    });
  });

  it('take reservations only, for the caller’s own delegation, from delegates only', async () => {
    for (const position of ['agree', 'abstain', 'oppose']) {
      expect(await errorOf(await general('PUT', tokenOf('DK'), { position }))).toMatchObject({
        status: 400,
        code: 'invalid-position',
        message: expect.stringContaining('position: a position on the whole text is a general reservation'),
      });
    }
    expect(
      await errorOf(await general('PUT', tokenOf('DK'), { position: 'reservation', delegation: 'FR' })),
    ).toMatchObject({ status: 400 });
    const observer = await kit.user('observer', 'COM');
    for (const token of [presidency.token, observer.token]) {
      expect((await general('PUT', token, { position: 'reservation' })).status).toBe(403);
      expect((await general('DELETE', token)).status).toBe(403);
    }
    expect((await report()).status).not.toBe('reserved');
  });

  it('are out of reach of the block routes, and written to the audit log as general', async () => {
    expect((await general('PUT', tokenOf('PL'), { position: 'reservation' })).status).toBe(200);
    const blockRoute = `/api/documents/${doc.id}/blocks/${encodeURIComponent(WHOLE_TEXT_ID)}/position`;
    expect(
      await errorOf(await kit.request('PUT', blockRoute, tokenOf('PL'), { position: 'agree' })),
    ).toMatchObject({
      status: 404,
      code: 'block-not-found',
    });
    expect(await errorOf(await kit.request('DELETE', blockRoute, tokenOf('PL')))).toMatchObject({
      status: 404,
      code: 'position-not-found',
    });
    expect(((await report()) as Report & { general: { reserved: string[] } }).general.reserved).toEqual([
      'PL',
    ]);
    const audit = (await (
      await kit.request('GET', `/api/documents/${doc.id}/audit`, presidency.token)
    ).json()) as {
      summary: string;
    }[];
    expect(audit.map((entry) => entry.summary)).toContain('PL: general reservation (on the whole text)');
  });
});

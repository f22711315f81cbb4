import { recordPosition, WHOLE_TEXT_ID } from '@accord/model';
import { createBlockElement, findBlockElement, getFragment } from '@accord/ydoc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describePositionRecorded } from '../audit/describe-audit';
import { MAX_POSITIONS_AT_ONCE } from './consensus-schemas';
import { errorOf, type Kit, startKit, type TestUser } from './consensus-test-kit';

let kit: Kit;
let presidency: TestUser;
let france: TestUser;
let france2: TestUser;
let germany: TestUser;
let doc: { id: string; blocks: { id: string; text: string }[] };
let blockId: string;

beforeEach(async () => {
  kit = startKit();
  presidency = await kit.user('presidency');
  france = await kit.user('delegate', 'FR');
  france2 = await kit.user('delegate', 'FR');
  germany = await kit.user('delegate', 'DE');
  doc = await kit.createDocument(presidency.token);
  blockId = doc.blocks[1]?.id as string;
});

afterEach(() => kit.close());

const positionPath = (block = blockId, id = doc.id) => `/api/documents/${id}/blocks/${block}/position`;

async function blockReport(block = blockId) {
  const response = await kit.request('GET', `/api/documents/${doc.id}/consensus`, presidency.token);
  expect(response.status).toBe(200);
  const report = (await response.json()) as {
    blocks: { id: string; positions: Record<string, { position: string; note: string | null }> }[];
  };
  return report.blocks.find((b) => b.id === block);
}

async function auditActions() {
  const response = await kit.request('GET', `/api/documents/${doc.id}/audit`, presidency.token);
  return ((await response.json()) as { action: string }[]).map((entry) => entry.action);
}

describe('PUT /api/documents/:id/blocks/:blockId/position', () => {
  it('records the caller’s delegation’s position pinned to the block’s live text and revision', async () => {
    const response = await kit.request('PUT', positionPath(), france.token, {
      position: 'scrutiny_reservation',
      note: 'Awaiting instructions from Paris',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      blockId,
      delegation: 'FR',
      position: 'scrutiny_reservation',
      note: 'Awaiting instructions from Paris',
      textHash: expect.stringMatching(/^[0-9a-f]{32}$/),
      revision: 0,
      stale: false,
      at: '2017-06-07T10:00:00.000Z',
    });
    expect((await blockReport())?.positions).toEqual({
      FR: {
        position: 'scrutiny_reservation',
        note: 'Awaiting instructions from Paris',
        stale: false,
        at: '2017-06-07T10:00:00.000Z',
      },
    });
  });

  it('keeps the latest position of a delegation whichever of its users gave it, and the whole history', async () => {
    await kit.request('PUT', positionPath(), france.token, { position: 'oppose' });
    kit.clock.set('2017-06-07T11:00:00.000Z');
    const response = await kit.request('PUT', positionPath(), france2.token, {
      position: 'agree',
      note: '  ',
    });
    expect(response.status).toBe(200);
    expect((await response.json()) as object).toMatchObject({ note: null, at: '2017-06-07T11:00:00.000Z' });
    expect((await blockReport())?.positions).toEqual({
      FR: { position: 'agree', note: null, stale: false, at: '2017-06-07T11:00:00.000Z' },
    });
    expect(await auditActions()).toEqual(['position.recorded', 'position.recorded']);
  });

  it.each([
    ['delegation', { position: 'agree', delegation: 'DE' }],
    ['author', { position: 'agree', author: { id: 'x', delegation: 'DE' } }],
    ['userId', { position: 'agree', userId: 'someone-from-DE' }],
    ['actor', { position: 'agree', actor: 'DE' }],
    ['as', { position: 'agree', as: 'DE' }],
    ['Delegation', { position: 'agree', Delegation: 'DE' }],
  ])('refuses a body that names the %s, and records nothing for anyone', async (field, body) => {
    const response = await kit.request('PUT', positionPath(), france.token, body);
    expect(await errorOf(response)).toMatchObject({ status: 400, code: 'identity-in-body' });
    expect((await errorOf(await kit.request('PUT', positionPath(), france.token, body))).message).toContain(
      field,
    );
    expect((await blockReport())?.positions).toEqual({});
    expect(await auditActions()).toEqual([]);
  });

  it.each([
    ['observer', 'COM'],
    ['archivist', undefined],
    ['presidency', undefined],
    ['secretariat', undefined],
  ])('refuses a position from a %s with 403, whatever the body', async (role, delegation) => {
    const user = await kit.user(role, delegation);
    for (const body of [
      { position: 'agree' },
      { position: 'nonsense' },
      { position: 'agree', delegation: 'FR' },
    ]) {
      const response = await kit.request('PUT', positionPath(), user.token, body);
      expect(await errorOf(response)).toMatchObject({ status: 403, code: 'forbidden' });
    }
    expect((await blockReport())?.positions).toEqual({});
  });

  it('refuses the admin token and anonymous callers', async () => {
    expect((await kit.request('PUT', positionPath(), null, { position: 'agree' })).status).toBe(401);
    expect(
      (await kit.request('PUT', positionPath(), 'admin-secret-token', { position: 'agree' })).status,
    ).toBe(403);
  });

  it('answers 404 for an unknown document or a block that is not in the live text', async () => {
    expect(
      await errorOf(
        await kit.request('PUT', positionPath(blockId, 'nope'), france.token, { position: 'agree' }),
      ),
    ).toMatchObject({ status: 404, code: 'document-not-found' });
    expect(
      await errorOf(
        await kit.request('PUT', positionPath('no-such-block'), france.token, { position: 'agree' }),
      ),
    ).toMatchObject({ status: 404, code: 'block-not-found' });
  });

  it('takes a position on an empty paragraph (a blank document’s first), stale once the paragraph is typed into', async () => {
    await kit.documents.edit(
      doc.id,
      (ydoc) => {
        const fragment = getFragment(ydoc);
        fragment.insert(2, [
          createBlockElement({ id: 'stray', kind: 'numbered', number: null, text: ' ' }, []),
        ]);
      },
      { userId: germany.id, delegation: 'DE' },
    );
    const onEmpty = await kit.request('PUT', positionPath('stray'), france.token, { position: 'agree' });
    expect(onEmpty.status).toBe(200);
    expect(await onEmpty.json()).toMatchObject({ blockId: 'stray', delegation: 'FR', stale: false });
    expect((await blockReport('stray'))?.positions).toMatchObject({
      FR: { position: 'agree', stale: false },
    });
    await kit.documents.edit(
      doc.id,
      (ydoc) => {
        (findBlockElement(ydoc, 'stray') as Y.XmlElement).insert(0, [new Y.XmlText('The EU recalls.')]);
      },
      { userId: germany.id, delegation: 'DE' },
    );
    expect((await blockReport('stray'))?.positions).toMatchObject({ FR: { position: 'agree', stale: true } });
    const response = await kit.request('PUT', positionPath('stray'), france.token, { position: 'agree' });
    expect(response.status).toBe(200);
    expect((await blockReport('stray'))?.positions).toMatchObject({
      FR: { position: 'agree', stale: false },
    });
  });

  it.each([
    [{ position: 'agreed' }, 'position'],
    [{}, 'position'],
    [{ position: 42 }, 'position'],
    [{ position: 'agree', note: 7 }, 'note'],
    [{ position: 'agree', note: 'lone \ud800 surrogate' }, 'note'],
  ])('refuses %j with 400 naming the field %s', async (body, field) => {
    const error = await errorOf(await kit.request('PUT', positionPath(), france.token, body));
    expect(error.status).toBe(400);
    expect(error.message.startsWith(`${field}:`)).toBe(true);
    expect(await auditActions()).toEqual([]);
  });

  it.each([2_001, 100_000])('refuses a note of %d characters with 413 note-too-long', async (length) => {
    const body = { position: 'agree', note: 'x'.repeat(length) };
    const error = await errorOf(await kit.request('PUT', positionPath(), france.token, body));
    expect(error).toMatchObject({ status: 413, code: 'note-too-long' });
    expect(error.message).toBe('note: a note has at most 2,000 characters');
    expect(await auditActions()).toEqual([]);
  });

  it('refuses malformed JSON with 400', async () => {
    const error = await errorOf(await kit.request('PUT', positionPath(), france.token, '{"position":'));
    expect(error).toMatchObject({ status: 400, code: 'malformed-json' });
  });
});

describe('PUT /api/documents/:id/positions', () => {
  const positionsPath = (id = doc.id) => `/api/documents/${id}/positions`;
  const ids = () => doc.blocks.map((b) => b.id);

  async function reportOf(token = presidency.token) {
    const response = await kit.request('GET', `/api/documents/${doc.id}/consensus`, token);
    return (await response.json()) as {
      blocks: { id: string; positions: Record<string, { position: string; stale: boolean }> }[];
    };
  }

  it('records several of the caller’s delegation’s positions at once, each pinned to its block’s live text', async () => {
    const [first, second] = ids() as [string, string];
    const response = await kit.request('PUT', positionsPath(), france.token, {
      positions: [
        { blockId: second, position: 'agree' },
        { blockId: first, position: 'scrutiny_reservation', note: 'Awaiting instructions' },
      ],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { positions: Record<string, unknown>[] };
    expect(body.positions).toEqual([
      expect.objectContaining({
        blockId: second,
        delegation: 'FR',
        position: 'agree',
        note: null,
        stale: false,
      }),
      expect.objectContaining({
        blockId: first,
        position: 'scrutiny_reservation',
        note: 'Awaiting instructions',
      }),
    ]);
    // The same pin as one position at a time gives.
    const single = await kit.request('PUT', positionPath(second), germany.token, { position: 'agree' });
    expect(((await single.json()) as { textHash: string }).textHash).toBe(body.positions[0]?.textHash);
    const report = await reportOf();
    expect(report.blocks.find((b) => b.id === first)?.positions.FR).toMatchObject({
      position: 'scrutiny_reservation',
      stale: false,
    });
    expect(report.blocks.find((b) => b.id === second)?.positions.FR).toMatchObject({ position: 'agree' });
    expect(await auditActions()).toEqual(['position.recorded', 'position.recorded', 'position.recorded']);
  });

  it.each([
    [
      'an unknown block',
      (blocks: string[]) => [
        ...blocks.map((blockId) => ({ blockId, position: 'agree' })),
        { blockId: 'nope', position: 'agree' },
      ],
      404,
      'block-not-found',
    ],
    ['the whole text’s id', () => [{ blockId: WHOLE_TEXT_ID, position: 'agree' }], 404, 'block-not-found'],
    [
      'a block named twice',
      (blocks: string[]) => [
        { blockId: blocks[0], position: 'agree' },
        { blockId: blocks[0], position: 'oppose' },
      ],
      400,
      'duplicate-block',
    ],
    [
      'an invalid position',
      (blocks: string[]) => [
        { blockId: blocks[0], position: 'agree' },
        { blockId: blocks[1], position: 'maybe' },
      ],
      400,
      'invalid-request',
    ],
    [
      'a note too long',
      (blocks: string[]) => [
        { blockId: blocks[0], position: 'agree' },
        { blockId: blocks[1], position: 'reservation', note: 'x'.repeat(2_001) },
      ],
      413,
      'note-too-long',
    ],
    ['nothing', () => [], 400, 'invalid-request'],
    [
      'another delegation in one of them',
      (blocks: string[]) => [
        { blockId: blocks[0], position: 'agree' },
        { blockId: blocks[1], position: 'oppose', delegation: 'DE' },
      ],
      400,
      'identity-in-body',
    ],
  ])('records none of them when one names %s', async (_what, build, status, code) => {
    const response = await kit.request('PUT', positionsPath(), france.token, { positions: build(ids()) });
    const error = await errorOf(response);
    expect(error).toMatchObject({ status });
    expect(error.code).toBe(code);
    expect((await reportOf()).blocks.every((b) => Object.keys(b.positions).length === 0)).toBe(true);
    expect(await auditActions()).toEqual([]);
  });

  it('refuses more positions at once than the limit with 413 naming it, as any body over its limit', async () => {
    const [first] = ids() as [string];
    const positions = Array.from({ length: MAX_POSITIONS_AT_ONCE + 1 }, () => ({
      blockId: first,
      position: 'agree',
    }));
    expect(await errorOf(await kit.request('PUT', positionsPath(), france.token, { positions }))).toEqual({
      status: 413,
      code: 'too-many-items',
      message: `positions: Too big: expected array to have <=${MAX_POSITIONS_AT_ONCE} items`,
    });
  });

  it('names the field of the position that tries to act for another delegation', async () => {
    const [first, second] = ids() as [string, string];
    const error = await errorOf(
      await kit.request('PUT', positionsPath(), france.token, {
        positions: [
          { blockId: first, position: 'agree' },
          { blockId: second, position: 'agree', Delegation: 'DE' },
        ],
      }),
    );
    expect(error.message.startsWith('positions.1.Delegation:')).toBe(true);
  });

  it('refuses everyone but delegates, and answers 404 for an unknown document', async () => {
    for (const [role, delegation] of [['observer', 'COM'], ['presidency'], ['archivist'], ['secretariat']]) {
      const user = await kit.user(role as string, delegation);
      const response = await kit.request('PUT', positionsPath(), user.token, {
        positions: [{ blockId: ids()[0], position: 'agree' }],
      });
      expect(await errorOf(response)).toMatchObject({ status: 403, code: 'forbidden' });
    }
    const unknown = await kit.request('PUT', positionsPath('nope'), france.token, {
      positions: [{ blockId: ids()[0], position: 'agree' }],
    });
    expect(await errorOf(unknown)).toMatchObject({ status: 404, code: 'document-not-found' });
    expect(await auditActions()).toEqual([]);
  });
});

describe('GET /api/documents/:id/blocks/:blockId/position/changes', () => {
  const changesPath = (block = blockId, id = doc.id) => `${positionPath(block, id)}/changes`;
  interface Changes {
    from: string;
    fromLabel: string;
    blocks: { change: string; ops: { op: string; text: string }[]; new: { id: string } | null }[];
    footnotes: { change: string; old: { text: string } | null; new: { text: string } | null }[];
  }
  const changesOf = async (token: string, block = blockId) => {
    const response = await kit.request('GET', changesPath(block), token);
    expect(response.status).toBe(200);
    return (await response.json()) as Changes;
  };
  const editBlock = (block: string, edit: (element: Y.XmlElement) => void) =>
    kit.documents.edit(doc.id, (ydoc) => edit(findBlockElement(ydoc, block) as Y.XmlElement), {
      userId: germany.id,
      delegation: 'DE',
    });

  it('shows only what changed since the delegation’s position, not what it had already read', async () => {
    // Germany's edit before France's position is part of what France agreed to.
    await editBlock(blockId, (element) => (element.get(0) as Y.XmlText).insert(0, 'Firmly, '));
    await kit.request('PUT', positionPath(), france.token, { position: 'agree' });
    expect((await changesOf(france.token)).blocks).toEqual([
      expect.objectContaining({ change: 'unchanged' }),
    ]);

    await editBlock(blockId, (element) => {
      const run = element.get(0) as Y.XmlText;
      run.insert(run.length, ' It condemns them.');
    });
    const changes = await changesOf(france2.token);
    expect(changes).toMatchObject({ from: 'position', fromLabel: 'the text FR gave its position on' });
    expect(changes.blocks).toHaveLength(1);
    expect(changes.blocks[0]?.change).toBe('modified');
    const inserted = changes.blocks[0]?.ops.filter((op) => op.op !== 'equal');
    expect(inserted?.map((op) => [op.op, op.text.trim()])).toEqual([['insert', 'It condemns them.']]);

    // Given again on the text as it now reads: nothing has changed since.
    await kit.request('PUT', positionPath(), france.token, { position: 'agree' });
    expect((await changesOf(france.token)).blocks[0]?.change).toBe('unchanged');
  });

  it('shows a footnote of the paragraph that now cites another document', async () => {
    doc = await kit.createDocument(
      presidency.token,
      '1. The Council recalls its conclusions<sup>1</sup>.\n\n---\n\n<sup>1</sup> Doc. 9916/17.\n',
    );
    const cited = doc.blocks[0]?.id as string;
    await kit.request('PUT', positionPath(cited), france.token, { position: 'reservation' });
    await editBlock(cited, (element) => {
      const footnote = element.toArray().find((node) => node instanceof Y.XmlElement) as Y.XmlElement;
      footnote.setAttribute('text', 'Doc. 9916/1/17 REV 1.');
    });
    const changes = await changesOf(france.token, cited);
    expect(changes.footnotes.map((f) => [f.change, f.old?.text, f.new?.text])).toEqual([
      ['modified', 'Doc. 9916/17.', 'Doc. 9916/1/17 REV 1.'],
    ]);
  });

  it('answers 404 without a position, 403 to anyone but delegates', async () => {
    expect(await errorOf(await kit.request('GET', changesPath(), france.token))).toMatchObject({
      status: 404,
      code: 'position-not-found',
    });
    // Germany's position is Germany's: France has none to compare.
    await kit.request('PUT', positionPath(), germany.token, { position: 'agree' });
    expect((await errorOf(await kit.request('GET', changesPath(), france.token))).code).toBe(
      'position-not-found',
    );
    expect((await errorOf(await kit.request('GET', changesPath('nope'), germany.token))).code).toBe(
      'block-not-found',
    );
    expect((await errorOf(await kit.request('GET', changesPath(), presidency.token))).status).toBe(403);
  });

  it('says so for a position whose text was not kept, given before Accord kept them', async () => {
    const fresh = await kit.createDocument(presidency.token);
    const block = fresh.blocks[1]?.id as string;
    const recorded = recordPosition({
      blockId: block,
      delegation: 'FR',
      position: 'agree',
      text: fresh.blocks[1]?.text as string,
      revision: 0,
      at: '2017-06-07T10:00:00.000Z',
      userId: france.id,
    });
    if (!recorded.ok) throw new Error(recorded.error.message);
    // As a database from before migration 018 holds it: the event, no text.
    await kit.store.positions.append([
      {
        documentId: fresh.id,
        event: { type: 'recorded', record: recorded.value },
        audit: describePositionRecorded(
          {
            documentId: fresh.id,
            actor: { id: france.id, name: 'FR delegate', role: 'delegate', delegation: 'FR' },
            at: Date.parse(recorded.value.at),
          },
          recorded.value,
        ),
      },
    ]);
    const error = await errorOf(await kit.request('GET', changesPath(block, fresh.id), france.token));
    expect(error).toMatchObject({ status: 404, code: 'position-text-unknown' });
  });
});

describe('DELETE /api/documents/:id/blocks/:blockId/position', () => {
  it('withdraws the delegation’s position, given by any of its users', async () => {
    await kit.request('PUT', positionPath(), france.token, { position: 'reservation' });
    kit.clock.set('2017-06-07T12:00:00.000Z');
    const response = await kit.request('DELETE', positionPath(), france2.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      blockId,
      delegation: 'FR',
      withdrawn: true,
      at: '2017-06-07T12:00:00.000Z',
    });
    expect((await blockReport())?.positions).toEqual({});
    expect(await auditActions()).toEqual(['position.recorded', 'position.withdrawn']);
  });

  it('answers 404 when there is nothing to withdraw, and never touches another delegation’s position', async () => {
    await kit.request('PUT', positionPath(), france.token, { position: 'agree' });
    expect(await errorOf(await kit.request('DELETE', positionPath(), germany.token))).toMatchObject({
      status: 404,
      code: 'position-not-found',
    });
    expect(Object.keys((await blockReport())?.positions ?? {})).toEqual(['FR']);
    expect((await kit.request('DELETE', positionPath(), france.token)).status).toBe(200);
    expect((await kit.request('DELETE', positionPath(), france.token)).status).toBe(404);
    expect(await auditActions()).toEqual(['position.recorded', 'position.withdrawn']);
  });

  it('refuses observers and the Presidency', async () => {
    const observer = await kit.user('observer', 'COM');
    expect((await kit.request('DELETE', positionPath(), observer.token)).status).toBe(403);
    expect((await kit.request('DELETE', positionPath(), presidency.token)).status).toBe(403);
  });

  it('gives one answer to each of two simultaneous withdrawals: one 200, one 404', async () => {
    await kit.request('PUT', positionPath(), france.token, { position: 'agree' });
    const statuses = await Promise.all([
      kit.request('DELETE', positionPath(), france.token).then((r) => r.status),
      kit.request('DELETE', positionPath(), france2.token).then((r) => r.status),
    ]);
    expect(statuses.sort()).toEqual([200, 404]);
  });
});

describe('the position history', () => {
  it('survives a restart of the app: positions are folded from the stored history', async () => {
    await kit.request('PUT', positionPath(), france.token, { position: 'oppose' });
    await kit.request('PUT', positionPath(), germany.token, { position: 'agree' });
    await kit.request('DELETE', positionPath(), germany.token);
    await kit.request('PUT', positionPath(), france2.token, { position: 'abstain' });
    const events = await kit.store.positions.list(doc.id);
    expect(events.map((e) => e.type)).toEqual(['recorded', 'recorded', 'withdrawn', 'recorded']);
    const { createApp } = await import('../app');
    const fresh = createApp({ store: kit.store, documents: kit.documents, now: () => kit.clock.now });
    const response = await fresh.request(`/api/documents/${doc.id}/consensus`, {
      headers: { authorization: `Bearer ${presidency.token}` },
    });
    const report = (await response.json()) as { blocks: { id: string; positions: object }[] };
    expect(report.blocks.find((b) => b.id === blockId)?.positions).toEqual({
      FR: { position: 'abstain', note: null, stale: false, at: '2017-06-07T10:00:00.000Z' },
    });
  });
});

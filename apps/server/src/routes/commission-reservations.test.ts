import { MEMBER_STATE_CODES } from '@accord/model';
import { findBlockElement } from '@accord/ydoc';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { errorOf, type Kit, readSse, startKit, type TestUser } from './consensus-test-kit';

let kit: Kit;
let presidency: TestUser;
let commission: TestUser;
let doc: { id: string; blocks: { id: string; text: string }[] };
let blockId: string;

beforeEach(async () => {
  kit = startKit();
  presidency = await kit.user('presidency');
  commission = await kit.user('observer', 'COM');
  doc = await kit.createDocument(
    presidency.token,
    '# Draft Council conclusions\n\n1. The Council recalls its conclusions on cyber diplomacy.\n',
  );
  blockId = doc.blocks[1]?.id as string;
});

afterEach(() => kit.close());

const path = (block = blockId, id = doc.id) => `/api/documents/${id}/blocks/${block}/commission-reservation`;

interface Report {
  status: string;
  blocks: { id: string; status: string; missing: string[] }[];
  commission: { blockId: string; position: string; note: string | null; stale: boolean; at: string }[];
}

async function report(): Promise<Report> {
  const response = await kit.request('GET', `/api/documents/${doc.id}/consensus`, presidency.token);
  expect(response.status).toBe(200);
  return (await response.json()) as Report;
}

async function everyoneAgrees(block: string) {
  for (const code of MEMBER_STATE_CODES) {
    const delegate = await kit.user('delegate', code);
    const response = await kit.request(
      'PUT',
      `/api/documents/${doc.id}/blocks/${block}/position`,
      delegate.token,
      {
        position: 'agree',
      },
    );
    expect(response.status).toBe(200);
  }
}

describe('PUT /api/documents/:id/blocks/:blockId/commission-reservation', () => {
  it('records the Commission’s reservation, shown on the board and never counted', async () => {
    for (const id of doc.blocks.map((b) => b.id)) await everyoneAgrees(id);
    expect((await report()).status).toBe('agreed');

    const response = await kit.request('PUT', path(), commission.token, {
      position: 'scrutiny_reservation',
      note: 'Awaiting the College',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      blockId,
      delegation: 'COM',
      position: 'scrutiny_reservation',
      note: 'Awaiting the College',
      textHash: expect.stringMatching(/^[0-9a-f]{32}$/),
      revision: 0,
      stale: false,
      at: '2017-06-07T10:00:00.000Z',
    });
    const after = await report();
    expect(after.commission).toEqual([
      {
        blockId,
        position: 'scrutiny_reservation',
        note: 'Awaiting the College',
        stale: false,
        at: '2017-06-07T10:00:00.000Z',
      },
    ]);
    // Recorded, not blocking: the paragraph and the text stay agreed, nobody is missing.
    expect(after.status).toBe('agreed');
    expect(after.blocks.find((b) => b.id === blockId)).toMatchObject({ status: 'agreed', missing: [] });
  });

  it('keeps one per block, the latest, and turns stale when the text changes', async () => {
    await kit.request('PUT', path(), commission.token, { position: 'scrutiny_reservation' });
    kit.clock.set('2017-06-07T11:00:00.000Z');
    await kit.request('PUT', path(), commission.token, { position: 'reservation' });
    expect((await report()).commission).toEqual([
      { blockId, position: 'reservation', note: null, stale: false, at: '2017-06-07T11:00:00.000Z' },
    ]);
    await kit.documents.edit(
      doc.id,
      (ydoc) => {
        const run = (findBlockElement(ydoc, blockId) as Y.XmlElement).get(0) as Y.XmlText;
        run.insert(run.length, ' It welcomes the progress made.');
      },
      { userId: null, delegation: null },
    );
    expect((await report()).commission[0]).toMatchObject({ position: 'reservation', stale: true });
  });

  it('lets only the Commission’s users enter one (403), and writes nothing when refused', async () => {
    const eeas = await kit.user('observer', 'EEAS');
    const france = await kit.user('delegate', 'FR');
    const archivist = await kit.user('archivist');
    for (const user of [eeas, france, presidency, archivist]) {
      const refused = await errorOf(
        await kit.request('PUT', path(), user.token, { position: 'reservation' }),
      );
      // Said to the EEAS too, who asked to record no Member State's position.
      expect(refused).toMatchObject({
        status: 403,
        code: 'forbidden',
        message: 'only the European Commission’s users enter its reservations',
      });
    }
    expect((await kit.request('PUT', path(), null, { position: 'reservation' })).status).toBe(401);
    expect((await report()).commission).toEqual([]);
    expect(await kit.store.commissionReservations.list(doc.id)).toEqual([]);
  });

  it.each([
    [{ position: 'agree' }, 400, 'position'],
    [{ position: 'oppose' }, 400, 'position'],
    [{}, 400, 'position'],
    [{ position: 'reservation', delegation: 'FR' }, 400, 'delegation'],
    [{ position: 'reservation', note: 'x'.repeat(2_001) }, 413, 'note'],
  ])('refuses %j with %i naming %s', async (body, status, field) => {
    const refused = await errorOf(await kit.request('PUT', path(), commission.token, body));
    expect(refused.status).toBe(status);
    expect(refused.message).toContain(field);
    expect(await kit.store.commissionReservations.list(doc.id)).toEqual([]);
  });

  it('answers 404 for an unknown document or block', async () => {
    expect(
      await errorOf(await kit.request('PUT', path('nope'), commission.token, { position: 'reservation' })),
    ).toMatchObject({ status: 404, code: 'block-not-found' });
    expect(
      await errorOf(
        await kit.request('PUT', path(blockId, 'nope'), commission.token, { position: 'reservation' }),
      ),
    ).toMatchObject({ status: 404, code: 'document-not-found' });
  });

  it('is audited and streamed to open screens', async () => {
    const watching = readSse(await kit.request('GET', `/api/documents/${doc.id}/events`, presidency.token));
    await vi.waitFor(() => expect(watching.events[0]?.event).toBe('ready'));
    await kit.request('PUT', path(), commission.token, { position: 'reservation' });
    await kit.request('DELETE', path(), commission.token);
    await vi.waitFor(() =>
      expect(watching.events.slice(1).map((e) => [e.event, (e.data as { action: string }).action])).toEqual([
        ['commission-reservation', 'recorded'],
        ['commission-reservation', 'withdrawn'],
      ]),
    );
    await watching.close();
    const log = (await (
      await kit.request(
        'GET',
        `/api/documents/${doc.id}/audit?action=commission-reservation.recorded,commission-reservation.withdrawn`,
        presidency.token,
      )
    ).json()) as { action: string; summary: string; actor: { delegation: string } }[];
    expect(log.map((e) => [e.action, e.summary, e.actor.delegation])).toEqual([
      ['commission-reservation.recorded', 'COM: reservation (not blocking)', 'COM'],
      ['commission-reservation.withdrawn', 'COM withdrew its reservation', 'COM'],
    ]);
  });
});

describe('DELETE /api/documents/:id/blocks/:blockId/commission-reservation', () => {
  it('withdraws it; a second withdrawal is a 404', async () => {
    await kit.request('PUT', path(), commission.token, { position: 'reservation' });
    const response = await kit.request('DELETE', path(), commission.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      blockId,
      delegation: 'COM',
      withdrawn: true,
      at: '2017-06-07T10:00:00.000Z',
    });
    expect((await report()).commission).toEqual([]);
    expect(await errorOf(await kit.request('DELETE', path(), commission.token))).toMatchObject({
      status: 404,
      code: 'reservation-not-found',
    });
    const france = await kit.user('delegate', 'FR');
    expect((await kit.request('DELETE', path(), france.token)).status).toBe(403);
  });
});

describe('the Commission’s general reservation, on the whole text', () => {
  const generalPath = (id = doc.id) => `/api/documents/${id}/commission-reservation`;

  it('is recorded and listed first, never counted and never stale', async () => {
    for (const id of doc.blocks.map((b) => b.id)) await everyoneAgrees(id);
    const response = await kit.request('PUT', generalPath(), commission.token, {
      position: 'scrutiny_reservation',
      note: 'Pending the College',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      blockId: '#whole-text',
      delegation: 'COM',
      position: 'scrutiny_reservation',
      note: 'Pending the College',
      textHash: 'whole text',
      revision: 0,
      stale: false,
      at: '2017-06-07T10:00:00.000Z',
    });
    // Every Member State agrees: the Commission's general reservation does not stand in the way.
    expect((await report()).status).toBe('agreed');
    await kit.request('PUT', path(), commission.token, { position: 'reservation' });
    await kit.documents.edit(
      doc.id,
      (ydoc) => {
        const run = (findBlockElement(ydoc, blockId) as Y.XmlElement).get(0) as Y.XmlText;
        run.insert(run.length, ' It welcomes the progress made.');
      },
      { userId: null, delegation: null },
    );
    const after = await report();
    expect(after.commission.map((r) => [r.blockId, r.position, r.stale])).toEqual([
      ['#whole-text', 'scrutiny_reservation', false],
      [blockId, 'reservation', true],
    ]);
  });

  it('lets only the Commission’s users enter or withdraw it, and writes nothing when refused', async () => {
    const france = await kit.user('delegate', 'FR');
    const eeas = await kit.user('observer', 'EEAS');
    for (const user of [france, eeas, presidency]) {
      expect(
        await errorOf(await kit.request('PUT', generalPath(), user.token, { position: 'reservation' })),
      ).toMatchObject({
        status: 403,
        code: 'forbidden',
        message: 'only the European Commission’s users enter its reservations',
      });
      expect((await kit.request('DELETE', generalPath(), user.token)).status).toBe(403);
    }
    const refused = await errorOf(
      await kit.request('PUT', generalPath(), commission.token, { position: 'agree' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.message).toContain('position');
    expect(
      (await kit.request('PUT', generalPath('nope'), commission.token, { position: 'reservation' })).status,
    ).toBe(404);
    expect(await kit.store.commissionReservations.list(doc.id)).toEqual([]);
  });

  it('is withdrawn by its own route only, audited as general', async () => {
    await kit.request('PUT', generalPath(), commission.token, { position: 'reservation' });
    // The whole text is no block: the block routes neither enter nor withdraw the general one.
    expect(
      (await kit.request('PUT', path('#whole-text'), commission.token, { position: 'reservation' })).status,
    ).toBe(404);
    expect(await errorOf(await kit.request('DELETE', path('%23whole-text'), commission.token))).toMatchObject(
      { status: 404, code: 'reservation-not-found' },
    );
    const withdrawn = await kit.request('DELETE', generalPath(), commission.token);
    expect(await withdrawn.json()).toEqual({
      blockId: '#whole-text',
      delegation: 'COM',
      withdrawn: true,
      at: '2017-06-07T10:00:00.000Z',
    });
    expect((await report()).commission).toEqual([]);
    expect(await errorOf(await kit.request('DELETE', generalPath(), commission.token))).toMatchObject({
      status: 404,
      code: 'reservation-not-found',
      message: 'the Commission has no general reservation',
    });
    const log = (await (
      await kit.request(
        'GET',
        `/api/documents/${doc.id}/audit?action=commission-reservation.recorded,commission-reservation.withdrawn`,
        presidency.token,
      )
    ).json()) as { summary: string }[];
    expect(log.map((e) => e.summary)).toEqual([
      'COM: general reservation (on the whole text, not blocking)',
      'COM withdrew its general reservation',
    ]);
  });
});

describe('GET /api/documents/:id/blocks/:blockId/commission-reservation/changes', () => {
  const changesPath = (block = blockId) => `${path(block)}/changes`;
  const amend = (words: string) =>
    kit.documents.edit(
      doc.id,
      (ydoc) => {
        const run = (findBlockElement(ydoc, blockId) as Y.XmlElement).get(0) as Y.XmlText;
        run.insert(run.length, words);
      },
      { userId: null, delegation: null },
    );

  it('shows the Commission what changed in the paragraph since it entered its reservation there', async () => {
    // An edit before the reservation is part of the text it was entered on.
    await amend(' It welcomes the progress made.');
    await kit.request('PUT', path(), commission.token, { position: 'reservation' });
    await amend(' It condemns them.');
    const response = await kit.request('GET', changesPath(), commission.token);
    expect(response.status).toBe(200);
    const changes = (await response.json()) as {
      from: string;
      fromLabel: string;
      blocks: { change: string; ops: { op: string; text: string }[] }[];
    };
    expect(changes).toMatchObject({ from: 'position', fromLabel: 'the text COM entered its reservation on' });
    expect(changes.blocks.map((b) => b.change)).toEqual(['modified']);
    expect(
      changes.blocks[0]?.ops.filter((op) => op.op !== 'equal').map((op) => [op.op, op.text.trim()]),
    ).toEqual([['insert', 'It condemns them.']]);

    // Entered again on the text as it now reads: nothing has changed since.
    await kit.request('PUT', path(), commission.token, { position: 'reservation' });
    const again = (await (await kit.request('GET', changesPath(), commission.token)).json()) as {
      blocks: { change: string }[];
    };
    expect(again.blocks.map((b) => b.change)).toEqual(['unchanged']);
  });

  it('answers 404 without a reservation there, 403 to anyone but the Commission’s users', async () => {
    expect(await errorOf(await kit.request('GET', changesPath(), commission.token))).toMatchObject({
      status: 404,
      code: 'reservation-not-found',
    });
    expect(await errorOf(await kit.request('GET', changesPath('nope'), commission.token))).toMatchObject({
      status: 404,
      code: 'block-not-found',
    });
    await kit.request('PUT', path(), commission.token, { position: 'reservation' });
    const eeas = await kit.user('observer', 'EEAS');
    const france = await kit.user('delegate', 'FR');
    for (const user of [eeas, france, presidency]) {
      expect((await errorOf(await kit.request('GET', changesPath(), user.token))).status).toBe(403);
    }
  });
});

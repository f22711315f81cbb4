import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, type Kit, startKit, type TestUser } from './consensus-test-kit';

let kit: Kit;
let presidency: TestUser;
let france: TestUser;
let doc: { id: string; blocks: { id: string; text: string }[] };
let blockId: string;

beforeEach(async () => {
  kit = startKit();
  presidency = await kit.user('presidency');
  france = await kit.user('delegate', 'FR');
  doc = await kit.createDocument(presidency.token);
  blockId = doc.blocks[1]?.id as string;
});

afterEach(() => kit.close());

const audit = (token: string, query = '') =>
  kit.request('GET', `/api/documents/${doc.id}/audit${query}`, token);

describe('GET /api/documents/:id/audit', () => {
  it('lists who did what and when, oldest first', async () => {
    await kit.request('PUT', `/api/documents/${doc.id}/blocks/${blockId}/position`, france.token, {
      position: 'linguistic_reservation',
      note: 'awaiting the French text',
    });
    kit.clock.set('2017-06-07T10:05:00.000Z');
    const commented = await kit.request(
      'POST',
      `/api/documents/${doc.id}/blocks/${blockId}/comments`,
      france.token,
      {
        body: 'See our note',
        visibility: 'all',
      },
    );
    const { id: commentId } = (await commented.json()) as { id: string };
    kit.clock.set('2017-06-07T10:10:00.000Z');
    await kit.request('DELETE', `/api/documents/${doc.id}/blocks/${blockId}/position`, france.token);

    const response = await audit(presidency.token);
    expect(response.status).toBe(200);
    const actor = { id: france.id, name: 'FR delegate', role: 'delegate', delegation: 'FR' };
    expect(await response.json()).toEqual([
      {
        seq: expect.any(Number),
        at: '2017-06-07T10:00:00.000Z',
        actor,
        action: 'position.recorded',
        blockId,
        summary: 'FR: linguistic reservation',
        details: {
          delegation: 'FR',
          position: 'linguistic_reservation',
          note: 'awaiting the French text',
          textHash: expect.any(String),
          revision: 0,
        },
      },
      {
        seq: expect.any(Number),
        at: '2017-06-07T10:05:00.000Z',
        actor,
        action: 'comment.created',
        blockId,
        summary: 'a comment was added',
        details: { commentId, replyTo: null, body: 'See our note', quote: doc.blocks[1]?.text },
      },
      {
        seq: expect.any(Number),
        at: '2017-06-07T10:10:00.000Z',
        actor,
        action: 'position.withdrawn',
        blockId,
        summary: 'FR withdrew its position',
        details: { delegation: 'FR' },
      },
    ]);
  });

  it('pages with after and limit', async () => {
    for (const position of ['agree', 'oppose', 'abstain']) {
      await kit.request('PUT', `/api/documents/${doc.id}/blocks/${blockId}/position`, france.token, {
        position,
      });
    }
    const all = (await (await audit(presidency.token)).json()) as { seq: number }[];
    const page = (await (await audit(presidency.token, `?after=${all[0]?.seq}&limit=1`)).json()) as {
      seq: number;
    }[];
    expect(page).toEqual([all[1]]);
    expect((await audit(presidency.token, '?limit=0')).status).toBe(400);
  });

  it('links each full page to the next (Link rel="next") until the last, which has none', async () => {
    for (const position of ['agree', 'oppose', 'abstain']) {
      await kit.request('PUT', `/api/documents/${doc.id}/blocks/${blockId}/position`, france.token, {
        position,
      });
    }
    const all = (await (await audit(presidency.token, '?action=position.recorded')).json()) as unknown[];
    expect(all).toHaveLength(3);
    const seen: unknown[] = [];
    const links: string[] = [];
    let next: string | null = `/api/documents/${doc.id}/audit?action=position.recorded&limit=2`;
    while (next !== null) {
      const response = await kit.request('GET', next, presidency.token);
      expect(response.status).toBe(200);
      seen.push(...((await response.json()) as unknown[]));
      const link = response.headers.get('link');
      next = link === null ? null : (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? 'unreadable');
      if (next !== null) links.push(next);
    }
    expect(seen).toEqual(all);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/[?&]action=position\.recorded(&|$)/);
    // A page that ends exactly at the last entry says there is no more.
    const exact = await audit(presidency.token, '?action=position.recorded&limit=3');
    expect(exact.headers.get('link')).toBeNull();
  });

  it('narrows to the actions asked for, and pages within them', async () => {
    for (const position of ['agree', 'oppose']) {
      await kit.request('PUT', `/api/documents/${doc.id}/blocks/${blockId}/position`, france.token, {
        position,
      });
    }
    await kit.request('POST', `/api/documents/${doc.id}/revisions`, presidency.token, {});
    await kit.request('PUT', `/api/documents/${doc.id}/blocks/${blockId}/position`, france.token, {
      position: 'abstain',
    });
    const actions = async (query: string) =>
      ((await (await audit(presidency.token, query)).json()) as { action: string }[]).map((e) => e.action);
    expect(await actions('?action=revision.issued,document.forwarded')).toEqual(['revision.issued']);
    expect(await actions('?action=position.recorded')).toEqual([
      'position.recorded',
      'position.recorded',
      'position.recorded',
    ]);
    const first = (await (await audit(presidency.token, '?action=position.recorded&limit=1')).json()) as {
      seq: number;
    }[];
    const next = (await (
      await audit(presidency.token, `?action=position.recorded&after=${first[0]?.seq}&limit=1`)
    ).json()) as { seq: number; action: string }[];
    expect(next).toHaveLength(1);
    expect(next[0]?.seq).toBeGreaterThan(first[0]?.seq ?? 0);
    expect(next[0]?.action).toBe('position.recorded');
  });

  it('refuses an action the log does not know (400), naming the parameter', async () => {
    const error = await errorOf(await audit(presidency.token, '?action=position.recorded,nope'));
    expect(error.status).toBe(400);
    expect(error.message).toContain('action');
    expect(error.message).toContain('"nope" is no audit action');
  });

  it('is open to the Presidency, the Secretariat and archivists, and 403 for everyone else', async () => {
    for (const role of ['presidency', 'secretariat', 'archivist']) {
      expect((await audit((await kit.user(role)).token)).status).toBe(200);
    }
    for (const [role, delegation] of [
      ['delegate', 'DE'],
      ['observer', 'COM'],
    ] as const) {
      expect(await errorOf(await audit((await kit.user(role, delegation)).token))).toMatchObject({
        status: 403,
      });
    }
    expect((await audit('admin-secret-token')).status).toBe(403);
    expect((await audit(presidency.token.slice(1))).status).toBe(401);
  });

  it('has no route that changes or removes an entry', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const response = await kit.request(method, `/api/documents/${doc.id}/audit`, presidency.token, {});
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
  });

  it('answers 404 for an unknown document', async () => {
    expect((await kit.request('GET', '/api/documents/nope/audit', presidency.token)).status).toBe(404);
  });

  it('names every action in the OpenAPI document, the lapse of silence included', async () => {
    const openapi = (await (await kit.request('GET', '/api/openapi.json', null)).json()) as {
      components: { schemas: { AuditEntry: { properties: { action: { enum: string[] } } } } };
    };
    expect(openapi.components.schemas.AuditEntry.properties.action.enum).toEqual([
      'position.recorded',
      'position.withdrawn',
      'commission-reservation.recorded',
      'commission-reservation.withdrawn',
      'comment.created',
      'comment.resolved',
      'comment.reopened',
      'silence.started',
      'silence.broken',
      'silence.lapsed',
      'silence.cancelled',
      'revision.issued',
      'document.forwarded',
      'item-note.created',
      'document.corrected',
      'corrigendum.created',
    ]);
  });
});

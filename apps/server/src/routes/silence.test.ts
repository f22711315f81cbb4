import { MEMBER_STATE_CODES } from '@accord/model';
import { findBlockElement } from '@accord/ydoc';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { errorOf, type Kit, readSse, startKit, type TestUser } from './consensus-test-kit';

let kit: Kit;
let presidency: TestUser;
let france: TestUser;
let germany: TestUser;
let doc: { id: string; blocks: { id: string; text: string }[] };
let [plain, bracketed, last] = ['', '', ''];

beforeEach(async () => {
  kit = startKit();
  presidency = await kit.user('presidency');
  france = await kit.user('delegate', 'FR');
  germany = await kit.user('delegate', 'DE');
  doc = await kit.createDocument(presidency.token);
  [, plain, bracketed, last] = doc.blocks.map((b) => b.id) as [string, string, string, string];
});

afterEach(() => kit.close());

const UNTIL = '2017-06-09T17:00:00+02:00';
const UNTIL_UTC = '2017-06-09T15:00:00.000Z';

const start = (token: string, body: unknown = { until: UNTIL }) =>
  kit.request('POST', `/api/documents/${doc.id}/silence`, token, body);
const breakIt = (token: string, body: unknown) =>
  kit.request('POST', `/api/documents/${doc.id}/silence/break`, token, body);
const cancel = (token: string, body?: unknown) =>
  kit.request('POST', `/api/documents/${doc.id}/silence/cancel`, token, body);

async function report() {
  const response = await kit.request('GET', `/api/documents/${doc.id}/consensus`, france.token);
  return (await response.json()) as {
    status: string;
    blocks: { id: string; status: string; missing: string[]; coveredBySilence: boolean }[];
    silence: {
      until: string;
      brokenBy: unknown[];
      outcome: string;
      cancelled: { at: string; reason: string | null } | null;
    } | null;
  };
}

async function auditActions() {
  const response = await kit.request('GET', `/api/documents/${doc.id}/audit`, presidency.token);
  const entries = (await response.json()) as { action: string; actor: { id: string | null } }[];
  return entries.map((e) => [e.action, e.actor.id]);
}

describe('POST /api/documents/:id/silence', () => {
  it('lets the Presidency put the live text under silence until a deadline', async () => {
    const response = await start(presidency.token);
    expect(response.status).toBe(201);
    const running = { until: UNTIL_UTC, brokenBy: [], outcome: 'running', cancelled: null };
    expect(await response.json()).toEqual(running);
    expect((await report()).silence).toEqual(running);
  });

  it('refuses a second procedure while one is running (409), and allows one once it has ended', async () => {
    await start(presidency.token);
    expect(await errorOf(await start(presidency.token))).toMatchObject({
      status: 409,
      code: 'silence-running',
    });
    kit.clock.set('2017-06-09T15:00:00.000Z');
    expect((await start(presidency.token, { until: '2017-06-12T12:00:00Z' })).status).toBe(201);
  });

  it.each([
    [{ until: '2017-06-07T09:00:00Z' }, 'deadline-passed'],
    [{ until: '2017-06-07T10:00:00Z' }, 'deadline-passed'],
    [{ until: 'next Friday' }, 'invalid-timestamp'],
    [{ until: '2017-02-30T10:00:00Z' }, 'invalid-timestamp'],
  ])('refuses %j with 400 %s', async (body, code) => {
    expect(await errorOf(await start(presidency.token, body))).toMatchObject({ status: 400, code });
    expect((await report()).silence).toBeNull();
  });

  it('refuses a deadline more than 30 days ahead with 400 deadline-too-far naming until and the latest it takes', async () => {
    // The clock reads 2017-06-07T10:00:00Z.
    expect(await errorOf(await start(presidency.token, { until: '9999-12-31T23:59:59Z' }))).toEqual({
      status: 400,
      code: 'deadline-too-far',
      message:
        'until: the deadline 9999-12-31T23:59:59.000Z is more than 30 days away: a silence procedure runs a few days, a few weeks at most; set one by 2017-07-07T10:00:00.000Z',
    });
    expect((await report()).silence).toBeNull();
    expect((await start(presidency.token, { until: '2017-07-07T10:00:00Z' })).status).toBe(201);
  });

  it('refuses an overlong deadline with 400 without repeating it', async () => {
    const error = await errorOf(
      await start(presidency.token, { until: `2017-06-09T17:00:00Z${'9'.repeat(100_000)}` }),
    );
    expect(error).toMatchObject({ status: 400, code: 'invalid-request' });
    expect(error.message.startsWith('until: ')).toBe(true);
    expect(error.message.length).toBeLessThan(200);
  });

  it('refuses anyone but the Presidency (403)', async () => {
    for (const user of [france, await kit.user('secretariat'), await kit.user('archivist')]) {
      expect((await start(user.token)).status).toBe(403);
    }
  });
});

describe('a silence procedure', () => {
  it('shows on the document list, with its deadline, only while it runs: not once broken, cancelled or lapsed', async () => {
    const listed = async () => {
      const response = await kit.request('GET', '/api/documents', france.token);
      const documents = (await response.json()) as { id: string; silenceUntil: string | null }[];
      return documents.find((d) => d.id === doc.id)?.silenceUntil;
    };
    expect(await listed()).toBeNull();
    await start(presidency.token);
    expect(await listed()).toBe(UNTIL_UTC);
    expect((await breakIt(germany.token, { reason: 'Berlin needs more time.' })).status).toBe(200);
    expect(await listed()).toBeNull();

    await start(presidency.token);
    expect(await listed()).toBe(UNTIL_UTC);
    expect((await cancel(presidency.token)).status).toBe(200);
    expect(await listed()).toBeNull();

    await start(presidency.token);
    kit.clock.set('2017-06-09T14:59:59.999Z');
    expect(await listed()).toBe(UNTIL_UTC);
    kit.clock.set(UNTIL_UTC);
    expect(await listed()).toBeNull();
  });

  it('lapses at the deadline: the silent count as agreeing on unchanged blocks without brackets', async () => {
    await kit.request('PUT', `/api/documents/${doc.id}/blocks/${last}/position`, france.token, {
      position: 'scrutiny_reservation',
    });
    await start(presidency.token);
    kit.clock.set('2017-06-09T14:59:59.999Z');
    expect((await report()).blocks.find((b) => b.id === plain)?.status).toBe('open');
    kit.clock.set(UNTIL_UTC);
    const r = await report();
    expect(r.silence?.outcome).toBe('lapsed');
    expect(r.blocks.find((b) => b.id === plain)?.status).toBe('agreed');
    // The report says why: the silent are still listed, and covered by the procedure.
    expect(r.blocks.find((b) => b.id === plain)).toMatchObject({ coveredBySilence: true });
    expect(r.blocks.find((b) => b.id === plain)?.missing).toHaveLength(MEMBER_STATE_CODES.length);
    expect(r.blocks.find((b) => b.id === bracketed)?.status).toBe('open');
    // A delegation that spoke keeps what it said.
    expect(r.blocks.find((b) => b.id === last)?.status).toBe('reserved');
  });

  it('does not cover a block whose text changed during the procedure, even once changed back', async () => {
    await start(presidency.token);
    const editRun = (change: (run: Y.XmlText) => void) =>
      kit.documents.edit(
        doc.id,
        (ydoc) => change((findBlockElement(ydoc, plain) as Y.XmlElement).get(0) as Y.XmlText),
        { userId: null, delegation: null },
      );
    await editRun((run) => run.insert(0, 'Furthermore, '));
    // Back to the text the procedure started on before its deadline: 26 delegations never saw it
    // unchanged throughout, so their silence does not agree to it.
    await editRun((run) => run.delete(0, 'Furthermore, '.length));
    kit.clock.set('2017-06-10T00:00:00.000Z');
    const r = await report();
    expect(r.blocks.find((b) => b.id === plain)?.status).toBe('open');
    expect(r.blocks.find((b) => b.id === plain)?.missing).toHaveLength(MEMBER_STATE_CODES.length);
    expect(r.blocks.find((b) => b.id === plain)).toMatchObject({ coveredBySilence: false });
  });

  it('is broken by a delegation with a reason, for its own delegation only', async () => {
    await start(presidency.token);
    kit.clock.set('2017-06-08T09:30:00.000Z');
    const response = await breakIt(germany.token, { reason: 'Paragraph 2 needs more work' });
    expect(response.status).toBe(200);
    const broken = {
      until: UNTIL_UTC,
      brokenBy: [{ delegation: 'DE', reason: 'Paragraph 2 needs more work', at: '2017-06-08T09:30:00.000Z' }],
      outcome: 'broken',
      cancelled: null,
    };
    expect(await response.json()).toEqual(broken);
    kit.clock.set('2017-06-10T00:00:00.000Z');
    const r = await report();
    expect(r.silence).toEqual(broken);
    expect(r.blocks.find((b) => b.id === plain)?.status).toBe('open');
  });

  it('cannot be broken in another delegation’s name', async () => {
    await start(presidency.token);
    for (const forged of [{ delegation: 'DE' }, { author: 'DE' }, { userId: germany.id }]) {
      const response = await breakIt(france.token, { reason: 'No', ...forged });
      expect(await errorOf(response)).toMatchObject({ status: 400, code: 'identity-in-body' });
    }
    expect((await report()).silence?.brokenBy).toEqual([]);
  });

  it('says a reason left out is required, in words rather than the validator’s types', async () => {
    await start(presidency.token);
    expect(await errorOf(await breakIt(france.token, {}))).toMatchObject({
      status: 400,
      code: 'invalid-request',
      message: 'reason: required',
    });
  });

  it.each([
    ['without a reason', { reason: '   ' }, 400, 'reason-required'],
    ['with a reason over 2,000 characters', { reason: 'x'.repeat(2_001) }, 413, 'reason-too-long'],
    ['with a reason of 100,000 characters', { reason: 'x'.repeat(100_000) }, 413, 'reason-too-long'],
    ['with a lone surrogate in its reason', { reason: 'lone \ud800 surrogate' }, 400, 'ill-formed-text'],
  ])('refuses a break %s', async (_, body, status, code) => {
    await start(presidency.token);
    expect(await errorOf(await breakIt(france.token, body))).toMatchObject({ status, code });
  });

  it('answers 409 to a break when there is no procedure, a second break, or one after the deadline', async () => {
    expect(await errorOf(await breakIt(france.token, { reason: 'x' }))).toMatchObject({
      status: 409,
      code: 'no-silence-procedure',
    });
    await start(presidency.token);
    await breakIt(france.token, { reason: 'first' });
    expect(await errorOf(await breakIt(france.token, { reason: 'again' }))).toMatchObject({
      status: 409,
      code: 'already-broken',
    });
    kit.clock.set(UNTIL_UTC);
    expect(await errorOf(await breakIt(germany.token, { reason: 'late' }))).toMatchObject({
      status: 409,
      code: 'silence-over',
    });
  });

  it('cannot be broken by the Presidency or an observer', async () => {
    await start(presidency.token);
    expect((await breakIt(presidency.token, { reason: 'x' })).status).toBe(403);
    const observer = await kit.user('observer', 'COM');
    expect((await breakIt(observer.token, { reason: 'x' })).status).toBe(403);
  });

  it('is recorded in the audit log when started and when broken', async () => {
    await start(presidency.token);
    await breakIt(germany.token, { reason: 'Scrutiny' });
    const response = await kit.request('GET', `/api/documents/${doc.id}/audit`, presidency.token);
    const entries = (await response.json()) as { action: string; actor: { delegation: string | null } }[];
    expect(entries.map((e) => [e.action, e.actor.delegation])).toEqual([
      ['silence.started', null],
      ['silence.broken', 'DE'],
    ]);
  });

  it('is recorded in the audit log once when it lapses, by the system, at the deadline', async () => {
    await start(presidency.token);
    const audit = async () => {
      const response = await kit.request('GET', `/api/documents/${doc.id}/audit`, presidency.token);
      return (await response.json()) as { action: string; at: string; actor: { id: string | null } }[];
    };
    kit.clock.set('2017-06-09T14:59:59.999Z');
    expect((await audit()).map((e) => e.action)).toEqual(['silence.started']);
    kit.clock.set('2017-06-10T08:00:00.000Z');
    expect((await report()).silence?.outcome).toBe('lapsed');
    const lapsed = { action: 'silence.lapsed', at: UNTIL_UTC, actor: { id: null } };
    expect(await audit()).toMatchObject([{ action: 'silence.started' }, lapsed]);
    expect(await audit()).toMatchObject([{ action: 'silence.started' }, lapsed]);
  });

  it('tells open screens the previous procedure lapsed when the next starts before its deadline was announced', async () => {
    const watching = readSse(await kit.request('GET', `/api/documents/${doc.id}/events`, france.token));
    await vi.waitFor(() => expect(watching.events[0]?.event).toBe('ready'));
    expect((await start(presidency.token)).status).toBe(201);
    // The deadline passes on the server's clock; the next procedure starts before its timer ran.
    kit.clock.set('2017-06-09T15:00:01.000Z');
    expect((await start(presidency.token, { until: '2017-06-12T17:00:00+02:00' })).status).toBe(201);
    await vi.waitFor(() =>
      expect(
        watching.events
          .slice(1)
          .map((e) => [
            (e.data as { action: string }).action,
            (e.data as { silence: { until: string } }).silence.until,
          ]),
      ).toEqual([
        ['started', UNTIL_UTC],
        ['lapsed', UNTIL_UTC],
        ['started', '2017-06-12T15:00:00.000Z'],
      ]),
    );
    await watching.close();
  });

  it('gives one procedure to two simultaneous starts', async () => {
    const statuses = await Promise.all([start(presidency.token), start(presidency.token)]);
    expect(statuses.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await kit.store.silence.list(doc.id)).toHaveLength(1);
  });
});

describe('POST /api/documents/:id/silence/cancel', () => {
  const CANCELLED_AT = '2017-06-08T09:30:00.000Z';

  it('lets the Presidency withdraw a running procedure: it never lapses, and covers no block', async () => {
    await start(presidency.token);
    kit.clock.set(CANCELLED_AT);
    const response = await cancel(presidency.token, { reason: 'Wrong deadline' });
    expect(response.status).toBe(200);
    const cancelled = {
      until: UNTIL_UTC,
      brokenBy: [],
      outcome: 'cancelled',
      cancelled: { at: CANCELLED_AT, reason: 'Wrong deadline' },
    };
    expect(await response.json()).toEqual(cancelled);
    expect((await report()).silence).toEqual(cancelled);
    // Past the deadline it is still cancelled, not lapsed: the silent are not deemed agreeing.
    kit.clock.set('2017-06-10T00:00:00.000Z');
    const r = await report();
    expect(r.silence).toEqual(cancelled);
    expect(r.blocks.find((b) => b.id === plain)).toMatchObject({ status: 'open', coveredBySilence: false });
    expect(await auditActions()).toEqual([
      ['silence.started', presidency.id],
      ['silence.cancelled', presidency.id],
    ]);
  });

  it('takes no body at all, or an empty one, as no reason', async () => {
    await start(presidency.token);
    const bare = await kit.app.request(`/api/documents/${doc.id}/silence/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${presidency.token}` },
    });
    expect(bare.status).toBe(200);
    expect(((await bare.json()) as { cancelled: unknown }).cancelled).toEqual({
      at: '2017-06-07T10:00:00.000Z',
      reason: null,
    });
    await start(presidency.token, { until: '2017-06-12T12:00:00Z' });
    expect(await (await cancel(presidency.token, {})).json()).toMatchObject({ cancelled: { reason: null } });
  });

  it('lets the Presidency start a new procedure at once', async () => {
    await start(presidency.token);
    await cancel(presidency.token);
    const again = await start(presidency.token, { until: '2017-06-12T17:00:00+02:00' });
    expect(again.status).toBe(201);
    expect((await report()).silence).toMatchObject({ until: '2017-06-12T15:00:00.000Z', outcome: 'running' });
    expect(await kit.store.silence.list(doc.id)).toHaveLength(2);
  });

  it('ends the procedure for the delegations too: silence can no longer be broken (409)', async () => {
    await start(presidency.token);
    await cancel(presidency.token);
    expect(await errorOf(await breakIt(france.token, { reason: 'late' }))).toMatchObject({
      status: 409,
      code: 'silence-over',
    });
  });

  it('answers 409 when no procedure is running: none, lapsed, broken or already cancelled', async () => {
    expect(await errorOf(await cancel(presidency.token))).toMatchObject({
      status: 409,
      code: 'no-silence-procedure',
    });
    await start(presidency.token);
    await cancel(presidency.token);
    expect(await errorOf(await cancel(presidency.token))).toMatchObject({
      status: 409,
      code: 'silence-not-running',
      // The procedure's state, said as such: no field of the request is named.
      message: 'the silence procedure is cancelled; only a running procedure can be cancelled',
    });
    await start(presidency.token);
    await breakIt(germany.token, { reason: 'Scrutiny' });
    expect(await errorOf(await cancel(presidency.token))).toMatchObject({
      status: 409,
      code: 'silence-not-running',
    });
    await start(presidency.token, { until: '2017-06-08T12:00:00Z' });
    kit.clock.set('2017-06-08T12:00:00.000Z');
    expect(await errorOf(await cancel(presidency.token))).toMatchObject({
      status: 409,
      code: 'silence-not-running',
    });
    expect((await report()).silence?.outcome).toBe('lapsed');
  });

  it('refuses anyone but the Presidency (403), and leaves the procedure running', async () => {
    await start(presidency.token);
    const others = [
      france,
      await kit.user('secretariat'),
      await kit.user('archivist'),
      await kit.user('observer', 'COM'),
    ];
    for (const user of others) expect((await cancel(user.token, { reason: 'x' })).status).toBe(403);
    expect((await kit.request('POST', `/api/documents/${doc.id}/silence/cancel`, null)).status).toBe(401);
    expect((await report()).silence?.outcome).toBe('running');
  });

  it('refuses a body that names who acts, and a reason over the limit or ill-formed', async () => {
    await start(presidency.token);
    for (const forged of [{ userId: germany.id }, { delegation: 'DE' }, { author: 'FR' }]) {
      expect(await errorOf(await cancel(presidency.token, { reason: 'x', ...forged }))).toMatchObject({
        status: 400,
        code: 'identity-in-body',
      });
    }
    expect(await errorOf(await cancel(presidency.token, { reason: 'x'.repeat(2_001) }))).toMatchObject({
      status: 413,
      code: 'reason-too-long',
    });
    expect(await errorOf(await cancel(presidency.token, { reason: 'lone \ud800' }))).toMatchObject({
      status: 400,
      code: 'ill-formed-text',
    });
    expect(await errorOf(await cancel(presidency.token, { reason: 7 }))).toMatchObject({ status: 400 });
    expect((await report()).silence?.outcome).toBe('running');
  });

  it('tells open screens, and no lapse follows at the deadline', async () => {
    const watching = readSse(await kit.request('GET', `/api/documents/${doc.id}/events`, france.token));
    await vi.waitFor(() => expect(watching.events[0]?.event).toBe('ready'));
    await start(presidency.token);
    await cancel(presidency.token, { reason: 'Wrong text' });
    await vi.waitFor(() =>
      expect(
        watching.events.slice(1).map((e) => {
          const data = e.data as { action: string; silence: { outcome: string } };
          return [e.event, data.action, data.silence.outcome];
        }),
      ).toEqual([
        ['silence', 'started', 'running'],
        ['silence', 'cancelled', 'cancelled'],
      ]),
    );
    await watching.close();
    kit.clock.set('2017-06-10T00:00:00.000Z');
    await report();
    expect((await auditActions()).map(([action]) => action)).toEqual([
      'silence.started',
      'silence.cancelled',
    ]);
  });

  it('is kept across a restart of the app: still cancelled, and a new procedure may start', async () => {
    await start(presidency.token);
    await cancel(presidency.token, { reason: 'Wrong deadline' });
    const { createApp } = await import('../app');
    const fresh = createApp({ store: kit.store, documents: kit.documents, now: () => kit.clock.now });
    const ask = (method: string, path: string, body?: unknown) =>
      fresh.request(path, {
        method,
        headers: { authorization: `Bearer ${presidency.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    kit.clock.set('2017-06-10T00:00:00.000Z');
    const r = (await (await ask('GET', `/api/documents/${doc.id}/consensus`)).json()) as Awaited<
      ReturnType<typeof report>
    >;
    expect(r.silence).toMatchObject({ outcome: 'cancelled', cancelled: { reason: 'Wrong deadline' } });
    expect(r.blocks.find((b) => b.id === plain)?.status).toBe('open');
    expect((await ask('POST', `/api/documents/${doc.id}/silence/cancel`, {})).status).toBe(409);
    expect(
      (await ask('POST', `/api/documents/${doc.id}/silence`, { until: '2017-06-12T12:00:00Z' })).status,
    ).toBe(201);
  });
});

import { join } from 'node:path';
import { openSqliteStore, SQLITE_FILE_NAME, type SqliteStore, startServer } from '@accord/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api, makeTempDir, onTeardown, SMALL_TEXT, type TestUser, teardown } from './harness';
import { readEventStream, type SseEvent } from './sse';

afterEach(teardown);

const UNTIL = '2017-06-09T15:00:00.000Z';

/** A real server on port 0 whose clock the test moves (a silence deadline is judged against it). */
async function startOn(store: SqliteStore, clock: { now: number }) {
  const server = await startServer({
    store,
    port: 0,
    adminToken: 'test-admin-token',
    now: () => clock.now,
    logError: () => {},
  });
  onTeardown(() => server.close());
  return { api: new Api(server.url), server };
}

async function setup() {
  const clock = { now: Date.parse('2017-06-07T10:00:00.000Z') };
  const store = openSqliteStore(join(makeTempDir(), SQLITE_FILE_NAME));
  onTeardown(() => store.close());
  const { api, server } = await startOn(store, clock);
  const presidency = await api.createUser('presidency');
  const secretariat = await api.createUser('secretariat');
  const france = await api.createUser('delegate', 'FR');
  const germany = await api.createUser('delegate', 'DE');
  const { id } = await api.createDocument(presidency.token, { markdown: SMALL_TEXT });
  return { api, server, store, clock, presidency, secretariat, france, germany, id };
}

/** Opens the document list's stream as `user` and waits until it is subscribed (`ready`). */
async function openList(api: Api, user: TestUser) {
  const stream = await readEventStream(`${api.url}/api/events`, { authorization: `Bearer ${user.token}` });
  onTeardown(() => stream.close());
  await vi.waitFor(() => expect(stream.events[0]?.event).toBe('ready'));
  return stream;
}

/** What the list was told after `ready`, event and data. */
const told = (events: readonly SseEvent[]) => events.slice(1).map(({ event, data }) => ({ event, data }));

async function expectAnswer(response: Promise<Response>, status: number) {
  const answered = await response;
  expect(answered.status, await answered.clone().text()).toBe(status);
  return answered;
}

async function startSilence(api: Api, id: string, presidency: TestUser) {
  await expectAnswer(
    api.request('POST', `/api/documents/${id}/silence`, presidency.token, { until: UNTIL }),
    201,
  );
}

/** The list as `user` reads it: what an open list does on `changed`. */
async function readList(api: Api, user: TestUser) {
  const response = await expectAnswer(api.request('GET', '/api/documents', user.token), 200);
  return (await response.json()) as { id: string; label: string; silenceUntil: string | null }[];
}

describe('GET /api/events: what the list shows of a document changed', () => {
  it('tells every open list of a revision issued, and the list then shows its label', async () => {
    const { api, presidency, france, germany, id } = await setup();
    const lists = [await openList(api, france), await openList(api, germany)];
    await expectAnswer(
      api.request('POST', `/api/documents/${id}/revisions`, presidency.token, { note: 'Compromise' }),
      201,
    );
    for (const list of lists) {
      await vi.waitFor(() =>
        expect(told(list.events)).toEqual([
          { event: 'changed', data: { id, fields: ['revision', 'label'] } },
        ]),
      );
    }
    expect((await readList(api, france)).find((d) => d.id === id)?.label).toBe('9999/1/17 REV 1');
  });

  it('tells open lists of a silence procedure started, broken, started again and cancelled', async () => {
    const { api, presidency, france, germany, id } = await setup();
    const list = await openList(api, france);
    const silence = `/api/documents/${id}/silence`;
    await expectAnswer(api.request('POST', silence, presidency.token, { until: UNTIL }), 201);
    await expectAnswer(api.request('POST', `${silence}/break`, germany.token, { reason: 'Para 1' }), 200);
    await expectAnswer(api.request('POST', silence, presidency.token, { until: UNTIL }), 201);
    await expectAnswer(api.request('POST', `${silence}/cancel`, presidency.token, {}), 200);
    const changed = { event: 'changed', data: { id, fields: ['silenceUntil'] } };
    await vi.waitFor(() => expect(told(list.events)).toEqual([changed, changed, changed, changed]));
  });

  it('tells open lists when a silence procedure they list lapses at its deadline, with no request', async () => {
    const { api, clock, presidency, france, id } = await setup();
    const list = await openList(api, france);
    await startSilence(api, id, presidency);
    const changed = { event: 'changed', data: { id, fields: ['silenceUntil'] } };
    await vi.waitFor(() => expect(told(list.events)).toEqual([changed]));
    // The list reads the deadline a moment before it; then the server's clock passes it.
    clock.now = Date.parse(UNTIL) - 50;
    expect((await readList(api, france)).find((d) => d.id === id)?.silenceUntil).toBe(UNTIL);
    clock.now = Date.parse(UNTIL);
    await vi.waitFor(() => expect(told(list.events)).toEqual([changed, changed]));
    expect((await readList(api, france)).find((d) => d.id === id)?.silenceUntil).toBeNull();
  });

  it('tells open lists of a lapse after a restart, though nobody opened the document since', async () => {
    const { store, server, clock, presidency, france, id, api } = await setup();
    await startSilence(api, id, presidency);
    await server.close();
    const restarted = (await startOn(store, clock)).api;
    const list = await openList(restarted, france);
    // An open list reads itself on the restarted server's `ready` (it cannot resume there).
    clock.now = Date.parse(UNTIL) - 50;
    expect((await readList(restarted, france)).find((d) => d.id === id)?.silenceUntil).toBe(UNTIL);
    clock.now = Date.parse(UNTIL);
    await vi.waitFor(() =>
      expect(told(list.events)).toEqual([{ event: 'changed', data: { id, fields: ['silenceUntil'] } }]),
    );
  });

  it('tells open lists that a text went forward as an I/A item note, and that a corrigendum corrects it', async () => {
    const { api, clock, presidency, secretariat, france, id } = await setup();
    await startSilence(api, id, presidency);
    clock.now = Date.parse(UNTIL);
    const list = await openList(api, france);
    const note = (await (
      await expectAnswer(
        api.request('POST', `/api/documents/${id}/item-note`, secretariat.token, { number: '10002/17' }),
        201,
      )
    ).json()) as { id: string };
    const corrigendum = (await (
      await expectAnswer(
        api.request('POST', '/api/documents', secretariat.token, { number: '9999/17 COR 1', from: id }),
        201,
      )
    ).json()) as { id: string; title: string };
    await vi.waitFor(() =>
      expect(told(list.events)).toEqual([
        { event: 'created', data: { id: note.id, number: '10002/17', title: expect.any(String) } },
        { event: 'changed', data: { id, fields: ['forwardedAs'] } },
        { event: 'created', data: { id: corrigendum.id, number: '9999/17 COR 1', title: corrigendum.title } },
        { event: 'changed', data: { id, fields: ['correctedBy'] } },
      ]),
    );
  });

  it('tells nothing of what the list does not show: positions, comments, a delegation’s note', async () => {
    const { api, presidency, france, germany, id } = await setup();
    const list = await openList(api, germany);
    const { blocks } = await api.readDocument(presidency.token, id);
    const blockId = blocks.at(-1)?.id as string;
    await expectAnswer(
      api.request('PUT', `/api/documents/${id}/blocks/${blockId}/position`, france.token, {
        position: 'reservation',
        note: 'Paris red line',
      }),
      200,
    );
    const comments = `/api/documents/${id}/blocks/${blockId}/comments`;
    await expectAnswer(
      api.request('POST', comments, france.token, { body: 'Our secret line', visibility: 'delegation' }),
      201,
    );
    await expectAnswer(
      api.request('POST', comments, france.token, { body: 'Public', visibility: 'all' }),
      201,
    );
    // A revision after them: once the list has it, anything before it would have come first.
    await expectAnswer(api.request('POST', `/api/documents/${id}/revisions`, presidency.token, {}), 201);
    await vi.waitFor(() =>
      expect(told(list.events)).toEqual([{ event: 'changed', data: { id, fields: ['revision', 'label'] } }]),
    );
    expect(JSON.stringify(list.events)).not.toMatch(/red line|secret|Public/);
  });
});

describe('GET /api/documents/:id/events after a restart', () => {
  it('tells a document’s open stream that its silence procedure lapsed, though nobody read its report', async () => {
    const { store, server, clock, presidency, france, id, api } = await setup();
    await startSilence(api, id, presidency);
    await server.close();
    const restarted = (await startOn(store, clock)).api;
    clock.now = Date.parse(UNTIL) - 50;
    const stream = await readEventStream(`${restarted.url}/api/documents/${id}/events`, {
      authorization: `Bearer ${france.token}`,
    });
    onTeardown(() => stream.close());
    await vi.waitFor(() => expect(stream.events[0]?.event).toBe('ready'));
    clock.now = Date.parse(UNTIL);
    await vi.waitFor(() =>
      expect(told(stream.events)).toEqual([
        { event: 'silence', data: expect.objectContaining({ action: 'lapsed' }) },
      ]),
    );
  });
});

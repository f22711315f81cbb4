import { COUNCIL_9916_17_MD } from '@accord/format/testing';
import { findBlockElement } from '@accord/ydoc';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { type Kit, readSse, type SseEvent, startKit, type TestUser } from './consensus-test-kit';

let kit: Kit;
let presidency: TestUser;
let france: TestUser;
let france2: TestUser;
let germany: TestUser;
let doc: { id: string; blocks: { id: string; text: string }[] };
let blockId: string;
const streams: { close(): Promise<void> }[] = [];

beforeEach(async () => {
  kit = startKit();
  presidency = await kit.user('presidency');
  france = await kit.user('delegate', 'FR');
  france2 = await kit.user('delegate', 'FR');
  germany = await kit.user('delegate', 'DE');
  doc = await kit.createDocument(presidency.token);
  blockId = doc.blocks[1]?.id as string;
});

afterEach(async () => {
  for (const stream of streams.splice(0)) await stream.close();
  await kit.close();
});

/** Opens the event stream as `user` (with `Last-Event-ID` when given) and waits for `ready`. */
async function subscribe(user: TestUser | string, lastEventId?: string): Promise<SseEvent[]> {
  return (await open(user, lastEventId)).events;
}

async function open(user: TestUser | string, lastEventId?: string) {
  const token = typeof user === 'string' ? user : user.token;
  const headers: Record<string, string> = lastEventId === undefined ? {} : { 'last-event-id': lastEventId };
  const response = await kit.request('GET', `/api/documents/${doc.id}/events`, token, undefined, headers);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const stream = readSse(response);
  streams.push(stream);
  await vi.waitFor(() =>
    expect(stream.events[0]).toMatchObject({ event: 'ready', data: { documentId: doc.id } }),
  );
  return stream;
}

const typesOf = (events: SseEvent[]) => events.map((e) => e.event);
/** An event id's count: how many events the viewer has been sent, this one included. */
const countOf = (event: SseEvent | undefined) => Number(event?.id?.split('.').pop());

describe('GET /api/documents/:id/events', () => {
  it('pushes a recorded and a withdrawn position to every open stream', async () => {
    const [seenByGermany, seenByPresidency] = [await subscribe(germany), await subscribe(presidency)];
    await kit.request('PUT', `/api/documents/${doc.id}/blocks/${blockId}/position`, france.token, {
      position: 'reservation',
      note: 'Substance',
    });
    await kit.request('DELETE', `/api/documents/${doc.id}/blocks/${blockId}/position`, france.token);
    for (const events of [seenByGermany, seenByPresidency]) {
      await vi.waitFor(() => expect(typesOf(events)).toEqual(['ready', 'position', 'position']));
      expect(events[1]?.data).toEqual({
        action: 'recorded',
        blockId,
        delegation: 'FR',
        position: 'reservation',
        note: 'Substance',
        textHash: expect.any(String),
        revision: 0,
        stale: false,
        at: '2017-06-07T10:00:00.000Z',
      });
      expect(events[2]?.data).toEqual({
        action: 'withdrawn',
        blockId,
        delegation: 'FR',
        at: '2017-06-07T10:00:00.000Z',
      });
      expect(countOf(events[2])).toBe(countOf(events[1]) + 1);
    }
  });

  it('sends a delegation note only to that delegation’s streams', async () => {
    const streamsByUser = {
      france2: await subscribe(france2),
      germany: await subscribe(germany),
      presidency: await subscribe(presidency),
      archivist: await subscribe(await kit.user('archivist')),
      admin: await subscribe('admin-secret-token'),
    };
    const commentPath = `/api/documents/${doc.id}/blocks/${blockId}/comments`;
    await kit.request('POST', commentPath, france.token, { body: 'Our red line', visibility: 'delegation' });
    // A public comment after it: once a stream has it, the note would have come before it.
    await kit.request('POST', commentPath, france.token, { body: 'Public remark', visibility: 'all' });
    for (const events of Object.values(streamsByUser)) {
      await vi.waitFor(() =>
        expect(
          events.some((e) => (e.data as { comment?: { body: string } }).comment?.body === 'Public remark'),
        ).toBe(true),
      );
    }
    expect(typesOf(streamsByUser.france2)).toEqual(['ready', 'comment', 'comment']);
    expect(streamsByUser.france2[1]?.data).toMatchObject({
      action: 'created',
      comment: { body: 'Our red line', visibility: 'delegation', author: { delegation: 'FR' } },
    });
    for (const outsider of [
      streamsByUser.germany,
      streamsByUser.presidency,
      streamsByUser.archivist,
      streamsByUser.admin,
    ]) {
      expect(typesOf(outsider)).toEqual(['ready', 'comment']);
      expect(JSON.stringify(outsider)).not.toContain('Our red line');
      // Counted per viewer: no gap tells that something was withheld.
      expect(countOf(outsider[1])).toBe(1);
    }
    expect(streamsByUser.france2.slice(1).map(countOf)).toEqual([1, 2]);
  });

  it('pushes a resolved comment and the silence procedure as it starts and is broken', async () => {
    const events = await subscribe(france);
    const created = await kit.request(
      'POST',
      `/api/documents/${doc.id}/blocks/${blockId}/comments`,
      germany.token,
      {
        body: 'x',
        visibility: 'all',
      },
    );
    const { id } = (await created.json()) as { id: string };
    await kit.request('POST', `/api/documents/${doc.id}/comments/${id}/resolve`, presidency.token);
    await kit.request('POST', `/api/documents/${doc.id}/silence`, presidency.token, {
      until: '2017-06-09T17:00:00Z',
    });
    await kit.request('POST', `/api/documents/${doc.id}/silence/break`, germany.token, { reason: 'Para 1' });
    await vi.waitFor(() =>
      expect(typesOf(events)).toEqual(['ready', 'comment', 'comment', 'silence', 'silence']),
    );
    expect(events[2]?.data).toMatchObject({ action: 'resolved', comment: { id, resolved: true } });
    expect(events[3]?.data).toEqual({
      action: 'started',
      silence: { until: '2017-06-09T17:00:00.000Z', brokenBy: [], outcome: 'running', cancelled: null },
    });
    expect(events[4]?.data).toEqual({
      action: 'broken',
      silence: {
        until: '2017-06-09T17:00:00.000Z',
        brokenBy: [{ delegation: 'DE', reason: 'Para 1', at: '2017-06-07T10:00:00.000Z' }],
        outcome: 'broken',
        cancelled: null,
      },
    });
  });

  it('pushes a reopened comment to every stream, and a reopened delegation note to its delegation alone', async () => {
    const [seenByFrance2, seenByGermany] = [await subscribe(france2), await subscribe(germany)];
    const commentPath = `/api/documents/${doc.id}/blocks/${blockId}/comments`;
    const commentIdOf = async (response: Response) => ((await response.json()) as { id: string }).id;
    const note = await commentIdOf(
      await kit.request('POST', commentPath, france.token, {
        body: 'Our red line',
        visibility: 'delegation',
      }),
    );
    const remark = await commentIdOf(
      await kit.request('POST', commentPath, france.token, { body: 'Public remark', visibility: 'all' }),
    );
    for (const id of [note, remark]) {
      await kit.request('POST', `/api/documents/${doc.id}/comments/${id}/resolve`, france.token);
      await kit.request('POST', `/api/documents/${doc.id}/comments/${id}/reopen`, france.token);
    }
    // Open already: answered as it is, and nothing is pushed.
    await kit.request('POST', `/api/documents/${doc.id}/comments/${remark}/reopen`, presidency.token);
    // A comment after it all: once a stream has it, anything before it would have come first.
    await kit.request('POST', commentPath, germany.token, { body: 'Last', visibility: 'all' });
    const actionsOf = (events: SseEvent[]) =>
      events.slice(1).map((e) => {
        const data = e.data as { action: string; comment: { id: string } };
        return `${data.action} ${data.comment.id === note ? 'note' : data.comment.id === remark ? 'remark' : 'last'}`;
      });
    await vi.waitFor(() => expect(actionsOf(seenByGermany).at(-1)).toBe('created last'));
    expect(actionsOf(seenByGermany)).toEqual([
      'created remark',
      'resolved remark',
      'reopened remark',
      'created last',
    ]);
    await vi.waitFor(() => expect(actionsOf(seenByFrance2).at(-1)).toBe('created last'));
    expect(actionsOf(seenByFrance2)).toEqual([
      'created note',
      'created remark',
      'resolved note',
      'reopened note',
      'resolved remark',
      'reopened remark',
      'created last',
    ]);
    expect(seenByFrance2[4]?.data).toMatchObject({
      action: 'reopened',
      comment: { id: note, visibility: 'delegation', resolved: false },
    });
    expect(JSON.stringify(seenByGermany)).not.toContain('Our red line');
  });

  it('hints once that the consensus changed after a burst of edits to the live text', async () => {
    const events = await subscribe(france);
    // Three edits in the same turn of the event loop: one hint for all of them.
    await Promise.all(
      [' One', ' two', ' three'].map((word) =>
        kit.documents.edit(
          doc.id,
          (ydoc) => {
            const run = (findBlockElement(ydoc, blockId) as Y.XmlElement).get(0) as Y.XmlText;
            run.insert(run.length, word);
          },
          { userId: null, delegation: null },
        ),
      ),
    );
    await vi.waitFor(() => expect(typesOf(events)).toEqual(['ready', 'consensus-changed']));
    expect(events[1]?.data).toEqual({ cause: 'text', at: '2017-06-07T10:00:00.000Z' });
  });

  it('resumes a stream that reconnects with Last-Event-ID: the events it missed follow ready, with the ids a live stream gave', async () => {
    const commentPath = `/api/documents/${doc.id}/blocks/${blockId}/comments`;
    const live = await subscribe(france2);
    const first = await open(france);
    await kit.request('POST', commentPath, germany.token, { body: 'Seen live', visibility: 'all' });
    await vi.waitFor(() => expect(typesOf(first.events)).toEqual(['ready', 'comment']));
    expect(first.events[0]?.data).toEqual({ documentId: doc.id, resumed: false });
    await first.close();
    await vi.waitFor(() => expect(kit.events.subscriberCount(doc.id)).toBe(1));
    // Missed while away: a public comment, France's private note, Germany's private note, a position.
    await kit.request('POST', commentPath, germany.token, { body: 'Missed remark', visibility: 'all' });
    await kit.request('POST', commentPath, france2.token, { body: 'Our line', visibility: 'delegation' });
    await kit.request('POST', commentPath, germany.token, { body: 'German line', visibility: 'delegation' });
    await kit.request('PUT', `/api/documents/${doc.id}/blocks/${blockId}/position`, germany.token, {
      position: 'agree',
    });
    await vi.waitFor(() => expect(live).toHaveLength(5));
    const resumed = await subscribe(france, first.events[1]?.id as string);
    await vi.waitFor(() => expect(resumed).toHaveLength(4));
    expect(resumed[0]?.data).toEqual({ documentId: doc.id, resumed: true });
    expect(resumed.slice(1)).toEqual(live.slice(2));
    expect(JSON.stringify(resumed)).not.toContain('German line');
    // And it goes on live.
    await kit.request('DELETE', `/api/documents/${doc.id}/blocks/${blockId}/position`, germany.token);
    await vi.waitFor(() => expect(resumed).toHaveLength(5));
    expect(resumed[4]).toEqual(live[5]);
  });

  it('says resumed: false when it cannot follow Last-Event-ID, so that the client reads afresh', async () => {
    await subscribe(france);
    for (const lastEventId of ['', '12', 'old-process.3', `${'9'.repeat(40)}`]) {
      const events = await subscribe(germany, lastEventId);
      expect(events[0]?.data).toEqual({ documentId: doc.id, resumed: false });
    }
  });

  it('replays a text hint made while the stream was away', async () => {
    const first = await open(france);
    await kit.request('PUT', `/api/documents/${doc.id}/blocks/${blockId}/position`, france.token, {
      position: 'agree',
    });
    await vi.waitFor(() => expect(typesOf(first.events)).toEqual(['ready', 'position']));
    await first.close();
    await vi.waitFor(() => expect(kit.events.subscriberCount(doc.id)).toBe(0));
    await kit.documents.edit(
      doc.id,
      (ydoc) => {
        const run = (findBlockElement(ydoc, blockId) as Y.XmlElement).get(0) as Y.XmlText;
        run.insert(run.length, ' Edited');
      },
      { userId: null, delegation: null },
    );
    // The hint goes out a moment after the edit, to nobody: the returning stream is given it.
    await vi.waitFor(() =>
      expect(kit.events.eventsSince(doc.id, france, first.events[1]?.id as string)).toHaveLength(1),
    );
    const resumed = await subscribe(france, first.events[1]?.id as string);
    await vi.waitFor(() => expect(typesOf(resumed)).toEqual(['ready', 'consensus-changed']));
  });

  it('forgets a subscriber whose stream is closed', async () => {
    await subscribe(france);
    expect(kit.events.subscriberCount(doc.id)).toBe(1);
    for (const stream of streams.splice(0)) await stream.close();
    await vi.waitFor(() => expect(kit.events.subscriberCount(doc.id)).toBe(0));
  });

  it('answers a HEAD with the stream’s headers and opens no stream, which nobody would ever read', async () => {
    const response = await kit.request('HEAD', `/api/documents/${doc.id}/events`, france.token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.body).toBeNull();
    expect(kit.events.subscriberCount(doc.id)).toBe(0);
    expect((await kit.request('HEAD', '/api/documents/nope/events', france.token)).status).toBe(404);
    expect((await kit.request('HEAD', `/api/documents/${doc.id}/events`, null)).status).toBe(401);
  });

  it('is described in the OpenAPI document with the other consensus routes', async () => {
    const response = await kit.app.request('/api/openapi.json');
    const { paths } = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/documents/{id}/events',
        '/api/documents/{id}/blocks/{blockId}/position',
        '/api/documents/{id}/position',
        '/api/documents/{id}/consensus',
        '/api/documents/{id}/silence',
        '/api/documents/{id}/silence/break',
        '/api/documents/{id}/silence/cancel',
        '/api/documents/{id}/blocks/{blockId}/comments',
        '/api/documents/{id}/comments',
        '/api/documents/{id}/comments/{commentId}/resolve',
        '/api/documents/{id}/comments/{commentId}/reopen',
        '/api/documents/{id}/audit',
      ]),
    );
  });

  it('needs credentials and an existing document', async () => {
    expect((await kit.request('GET', `/api/documents/${doc.id}/events`, null)).status).toBe(401);
    expect((await kit.request('GET', '/api/documents/nope/events', france.token)).status).toBe(404);
  });
});

describe('GET /api/events', () => {
  /** Opens the document list's stream as `user` (with `Last-Event-ID` when given) and waits for `ready`. */
  async function openList(user: TestUser, lastEventId?: string) {
    const headers: Record<string, string> = lastEventId === undefined ? {} : { 'last-event-id': lastEventId };
    const response = await kit.request('GET', '/api/events', user.token, undefined, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const stream = readSse(response);
    streams.push(stream);
    await vi.waitFor(() => expect(stream.events[0]).toMatchObject({ event: 'ready' }));
    return stream;
  }

  const create = async (body: unknown) => {
    const response = await kit.request('POST', '/api/documents', presidency.token, body);
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; number: string | null; title: string };
  };

  it('tells every open list of each document made: imported, blank, a corrigendum', async () => {
    const lists = [await openList(france), await openList(germany)];
    const imported = await create({ markdown: COUNCIL_9916_17_MD });
    const blank = await create({ number: '7924/17', title: 'Cyber' });
    const corrigendum = await create({ number: '9916/17 COR 1', from: imported.id });
    const made = [imported, blank, corrigendum].map(({ id, number, title }) => ({
      event: 'created',
      data: { id, number, title },
    }));
    // The corrected text's entry now names its corrigendum.
    const corrected = { event: 'changed', data: { id: imported.id, fields: ['correctedBy'] } };
    for (const list of lists) {
      await vi.waitFor(() => expect(list.events.slice(1)).toMatchObject([...made, corrected]));
      expect(list.events[0]?.data).toEqual({ resumed: false });
    }
  });

  it('resumes a list that reconnects with Last-Event-ID: the documents made while it was away follow ready', async () => {
    const first = await openList(france);
    await kit.createDocument(presidency.token);
    await vi.waitFor(() => expect(typesOf(first.events)).toEqual(['ready', 'created']));
    await first.close();
    await vi.waitFor(() => expect(kit.events.list.subscriberCount('documents')).toBe(0));
    const missed = await create({ number: '7924/17', title: 'Made while away' });
    const resumed = await openList(france, first.events[1]?.id as string);
    await vi.waitFor(() => expect(typesOf(resumed.events)).toEqual(['ready', 'created']));
    expect(resumed.events[0]?.data).toEqual({ resumed: true });
    expect(resumed.events[1]?.data).toEqual({ id: missed.id, number: '7924/17', title: 'Made while away' });
    const fresh = await openList(germany, 'old-process.3');
    expect(fresh.events[0]?.data).toEqual({ resumed: false });
  });

  it('needs credentials, answers a HEAD with no stream, and is described in the OpenAPI document', async () => {
    expect((await kit.request('GET', '/api/events', null)).status).toBe(401);
    const head = await kit.request('HEAD', '/api/events', france.token);
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect(kit.events.list.subscriberCount('documents')).toBe(0);
    const { paths, components } = (await (await kit.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(paths)).toContain('/api/events');
    expect(Object.keys(components.schemas)).toContain('DocumentListEvent');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { DOCUMENT_LIST_CHANNEL } from './document-list-events';
import { DocumentEventBus } from './event-bus';
import { ListedDeadlines } from './listed-deadlines';

const UNTIL = '2017-06-09T15:00:00.000Z';

/** Deadlines watched against a clock the test moves, the list's stream followed, and the store's answers. */
function watchList(unsettled: Record<string, string | null | Error>) {
  const clock = { now: Date.parse(UNTIL) - 5, reads: 0 };
  const events = new DocumentEventBus();
  const told: unknown[] = [];
  events.list.subscribe(DOCUMENT_LIST_CHANNEL, { delegation: 'FR' }, (event) => told.push(event.data));
  const asked: string[] = [];
  const deadlines = new ListedDeadlines({
    events,
    findUnsettledDeadline: (id) => {
      asked.push(id);
      const answer = unsettled[id] ?? null;
      // A store closed with the server throws as it is called.
      if (answer instanceof Error) throw answer;
      return Promise.resolve(answer);
    },
    now: () => {
      clock.reads++;
      return clock.now;
    },
  });
  return { clock, told, asked, deadlines };
}

describe('ListedDeadlines', () => {
  it('tells the list once when a deadline it listed passes, however often it was listed', async () => {
    const { clock, told, deadlines } = watchList({ d1: UNTIL });
    deadlines.watch('d1', UNTIL);
    deadlines.watch('d1', UNTIL);
    clock.now = Date.parse(UNTIL);
    await vi.waitFor(() => expect(told).toEqual([{ id: 'd1', fields: ['silenceUntil'] }]));
  });

  it('waits again when its timer fires before the deadline by the server’s clock', async () => {
    const { clock, told, asked, deadlines } = watchList({ d1: UNTIL });
    deadlines.watch('d1', UNTIL);
    // Arming reads the clock; an early firing reads it, then arms again: three reads, one early firing.
    await vi.waitFor(() => expect(clock.reads).toBeGreaterThanOrEqual(3));
    expect(asked).toEqual([]);
    expect(told).toEqual([]);
    clock.now = Date.parse(UNTIL);
    await vi.waitFor(() => expect(told).toEqual([{ id: 'd1', fields: ['silenceUntil'] }]));
  });

  it('tells nothing of a procedure broken or cancelled before its deadline, or replaced by another', async () => {
    const { clock, told, asked, deadlines } = watchList({
      broken: null,
      replaced: '2017-06-12T15:00:00.000Z',
      lapsed: UNTIL,
    });
    clock.now = Date.parse(UNTIL);
    // Armed in this order, with one delay: the last is told after the others were judged.
    for (const id of ['broken', 'replaced', 'lapsed']) deadlines.watch(id, UNTIL);
    await vi.waitFor(() => expect(told).toEqual([{ id: 'lapsed', fields: ['silenceUntil'] }]));
    expect(asked).toEqual(['broken', 'replaced', 'lapsed']);
  });

  it('follows the deadline last listed for a document', async () => {
    const later = '2017-06-12T15:00:00.000Z';
    const { clock, told, asked, deadlines } = watchList({ d1: later });
    deadlines.watch('d1', UNTIL);
    clock.now = Date.parse(later) - 5;
    deadlines.watch('d1', later);
    clock.now = Date.parse(later);
    await vi.waitFor(() => expect(told).toEqual([{ id: 'd1', fields: ['silenceUntil'] }]));
    expect(asked).toEqual(['d1']);
  });

  it('tells nothing, and fails nowhere, when the store closed with the server', async () => {
    const { clock, told, asked, deadlines } = watchList({
      closed: new Error('The database connection is not open'),
      lapsed: UNTIL,
    });
    clock.now = Date.parse(UNTIL);
    for (const id of ['closed', 'lapsed']) deadlines.watch(id, UNTIL);
    await vi.waitFor(() => expect(told).toEqual([{ id: 'lapsed', fields: ['silenceUntil'] }]));
    expect(asked).toEqual(['closed', 'lapsed']);
  });
});

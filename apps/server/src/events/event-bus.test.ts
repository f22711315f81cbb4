import { describe, expect, it } from 'vitest';
import {
  type Audience,
  canReceive,
  type DeliveredEvent,
  DocumentEventBus,
  MAX_REPLAY_CHARS,
  MAX_REPLAY_EVENTS,
  REPLAY_WINDOW_MS,
  type Viewer,
} from './event-bus';

const hint = { type: 'consensus-changed', data: { cause: 'text', at: '2017-06-07T10:00:00.000Z' } } as const;

describe('canReceive', () => {
  it.each<[string | null, Audience, boolean]>([
    ['FR', { type: 'all' }, true],
    [null, { type: 'all' }, true],
    ['FR', { type: 'delegation', delegation: 'FR' }, true],
    ['DE', { type: 'delegation', delegation: 'FR' }, false],
    [null, { type: 'delegation', delegation: 'FR' }, false],
  ])('gives a viewer of %s an event for %j: %s', (delegation, audience, expected) => {
    expect(canReceive({ delegation }, audience)).toBe(expected);
  });
});

describe('DocumentEventBus', () => {
  it('delivers an event to the subscribers of its document only, with increasing ids', () => {
    const bus = new DocumentEventBus();
    const a: DeliveredEvent[] = [];
    const b: DeliveredEvent[] = [];
    const ids: string[] = [];
    bus.subscribe('d1', { delegation: 'FR' }, (e, id) => {
      a.push(e);
      ids.push(id);
    });
    bus.subscribe('d2', { delegation: 'FR' }, (e) => b.push(e));
    bus.publish('d1', hint);
    bus.publish('d1', hint);
    expect(a.map((e) => [e.documentId, e.type])).toEqual([
      ['d1', 'consensus-changed'],
      ['d1', 'consensus-changed'],
    ]);
    expect(Number(ids[1]?.split('.').pop()) > Number(ids[0]?.split('.').pop())).toBe(true);
    expect(b).toEqual([]);
  });

  it('filters a delegation’s event per subscriber', () => {
    const bus = new DocumentEventBus();
    const seen: string[] = [];
    for (const delegation of ['FR', 'DE', null]) {
      bus.subscribe('d1', { delegation }, () => seen.push(String(delegation)));
    }
    bus.publish('d1', hint, { type: 'delegation', delegation: 'FR' });
    expect(seen).toEqual(['FR']);
  });

  it('keeps delivering when a listener throws, and forgets unsubscribed listeners', () => {
    const errors: unknown[] = [];
    const bus = new DocumentEventBus((_, error) => errors.push(error));
    const seen: string[] = [];
    bus.subscribe('d1', { delegation: null }, () => {
      throw new Error('boom');
    });
    const stop = bus.subscribe('d1', { delegation: null }, (_, id) => seen.push(id));
    bus.publish('d1', hint);
    expect(seen).toHaveLength(1);
    expect(errors).toHaveLength(1);
    stop();
    expect(bus.subscriberCount('d1')).toBe(1);
    bus.publish('d1', hint);
    expect(seen).toHaveLength(1);
  });

  describe('replay for a stream that reconnects', () => {
    const toFrance: Audience = { type: 'delegation', delegation: 'FR' };
    const toGermany: Audience = { type: 'delegation', delegation: 'DE' };
    const france: Viewer = { delegation: 'FR' };
    const presidency: Viewer = { delegation: null };

    function watch(bus: DocumentEventBus, viewer: Viewer) {
      const ids: string[] = [];
      const stop = bus.subscribe('d1', viewer, (_, id) => ids.push(id));
      return { ids, stop };
    }
    const countOf = (id: string | undefined) => Number(id?.split('.').pop());

    it('numbers the events a viewer sees one by one: another delegation’s private notes leave no gap', () => {
      const bus = new DocumentEventBus();
      const [fr, pres] = [watch(bus, france), watch(bus, presidency)];
      bus.publish('d1', hint);
      bus.publish('d1', hint, toGermany);
      bus.publish('d1', hint, toFrance);
      bus.publish('d1', hint, toGermany);
      bus.publish('d1', hint);
      expect(fr.ids.map(countOf)).toEqual([1, 2, 3]);
      expect(pres.ids.map(countOf)).toEqual([1, 2]);
      // Two viewers who see the same events give the same ids.
      expect(pres.ids[0]).toBe(fr.ids[0]);
    });

    it('gives a viewer the events it may see after its last id, with the ids a live stream had', () => {
      const bus = new DocumentEventBus();
      const fr = watch(bus, france);
      const live = watch(bus, france);
      bus.publish('d1', hint);
      fr.stop();
      const comment = { type: 'comment', data: { action: 'created' } } as unknown as typeof hint;
      bus.publish('d1', comment, toFrance);
      bus.publish('d1', hint, toGermany);
      bus.publish('d1', hint);
      const missed = bus.eventsSince('d1', france, fr.ids[0] as string);
      expect(missed?.map(({ event, id }) => [event.type, id])).toEqual([
        ['comment', live.ids[1]],
        ['consensus-changed', live.ids[2]],
      ]);
      expect(bus.eventsSince('d1', france, live.ids[2] as string)).toEqual([]);
      expect(bus.eventsSince('d1', presidency, fr.ids[0] as string)?.map(({ event }) => event.type)).toEqual([
        'consensus-changed',
      ]);
    });

    it.each([
      ['an id of another process or log', (id: string) => `x${id}`],
      ['an id not given yet', (id: string) => id.replace(/\.\d+$/, '.99')],
      ['a negative count', (id: string) => id.replace(/\.\d+$/, '.-1')],
      ['no count', (id: string) => id.replace(/\.\d+$/, '.')],
      ['no generation', () => '1'],
      ['an empty id', () => ''],
    ])('knows nothing after %s', (_, forge) => {
      const bus = new DocumentEventBus();
      const fr = watch(bus, france);
      bus.publish('d1', hint);
      expect(bus.eventsSince('d1', france, forge(fr.ids[0] as string))).toBeNull();
    });

    it(`keeps the last ${MAX_REPLAY_EVENTS} events: a viewer that missed more reads afresh`, () => {
      const bus = new DocumentEventBus();
      const fr = watch(bus, france);
      bus.publish('d1', hint);
      const first = fr.ids[0] as string;
      for (let i = 0; i < MAX_REPLAY_EVENTS; i++) bus.publish('d1', hint);
      expect(bus.eventsSince('d1', france, fr.ids[1] as string)).toHaveLength(MAX_REPLAY_EVENTS - 1);
      expect(bus.eventsSince('d1', france, first)).toHaveLength(MAX_REPLAY_EVENTS);
      bus.publish('d1', hint);
      expect(bus.eventsSince('d1', france, first)).toBeNull();
    });

    it(`keeps no more than ${MAX_REPLAY_CHARS} characters of events: long comments push the oldest out sooner`, () => {
      const bus = new DocumentEventBus();
      const fr = watch(bus, france);
      const long = {
        type: 'comment',
        data: { body: 'x'.repeat(MAX_REPLAY_CHARS / 4) },
      } as unknown as typeof hint;
      bus.publish('d1', hint);
      for (let i = 0; i < 3; i++) bus.publish('d1', long);
      expect(bus.eventsSince('d1', france, fr.ids[0] as string)).toHaveLength(3);
      bus.publish('d1', long);
      expect(bus.eventsSince('d1', france, fr.ids[0] as string)).toBeNull();
      expect(bus.eventsSince('d1', france, fr.ids[1] as string)).toHaveLength(3);
    });

    it('keeps a document’s events for a while after its last stream closed, then forgets them', () => {
      let now = 0;
      const bus = new DocumentEventBus(undefined, () => now);
      expect(bus.isWatched('d1')).toBe(false);
      const fr = watch(bus, france);
      bus.publish('d1', hint);
      fr.stop();
      now += REPLAY_WINDOW_MS;
      expect(bus.isWatched('d1')).toBe(true);
      bus.publish('d1', hint);
      expect(bus.eventsSince('d1', france, fr.ids[0] as string)).toHaveLength(1);
      now += 1;
      expect(bus.isWatched('d1')).toBe(false);
      expect(bus.eventsSince('d1', france, fr.ids[0] as string)).toBeNull();
      // Watched again: a new log, whose ids are not the old one's.
      const again = watch(bus, france);
      bus.publish('d1', hint);
      expect(again.ids[0]?.split('.')[0]).not.toBe(fr.ids[0]?.split('.')[0]);
    });

    it('forgets the logs of documents nobody came back to when another is watched', () => {
      let now = 0;
      const bus = new DocumentEventBus(undefined, () => now);
      watch(bus, france).stop();
      now += REPLAY_WINDOW_MS + 1;
      bus.subscribe('d2', france, () => {});
      expect(bus.isWatched('d2')).toBe(true);
      expect((bus as unknown as { logs: Map<string, unknown> }).logs.has('d1')).toBe(false);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { type Audience, canReceive, type DeliveredEvent, DocumentEventBus } from './event-bus';

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
    bus.subscribe('d1', { delegation: 'FR' }, (e) => a.push(e));
    bus.subscribe('d2', { delegation: 'FR' }, (e) => b.push(e));
    bus.publish('d1', hint);
    bus.publish('d1', hint);
    expect(a.map((e) => [e.documentId, e.type])).toEqual([
      ['d1', 'consensus-changed'],
      ['d1', 'consensus-changed'],
    ]);
    expect((a[1]?.id ?? 0) > (a[0]?.id ?? 0)).toBe(true);
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
    const seen: number[] = [];
    bus.subscribe('d1', { delegation: null }, () => {
      throw new Error('boom');
    });
    const stop = bus.subscribe('d1', { delegation: null }, (e) => seen.push(e.id));
    bus.publish('d1', hint);
    expect(seen).toHaveLength(1);
    expect(errors).toHaveLength(1);
    stop();
    expect(bus.subscriberCount('d1')).toBe(1);
    bus.publish('d1', hint);
    expect(seen).toHaveLength(1);
  });
});

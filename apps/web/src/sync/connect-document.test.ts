import { describe, expect, it } from 'vitest';
import { dropSocketWhenOffline } from './connect-document';

/** The part of a provider the network watch uses, recording what it was asked to do. */
function fakeProvider(connected: boolean) {
  const calls: string[] = [];
  const provider = {
    wsconnected: connected,
    shouldConnect: true,
    disconnect() {
      calls.push('disconnect');
      provider.wsconnected = false;
      provider.shouldConnect = false;
    },
    connect() {
      calls.push('connect');
      provider.shouldConnect = true;
    },
  };
  return { provider, calls };
}

describe('the socket when the browser goes offline', () => {
  it('is closed at once and tried again, as after any drop, rather than kept open with nothing going through', () => {
    const { provider, calls } = fakeProvider(true);
    const window = new EventTarget();
    dropSocketWhenOffline(provider, window);
    window.dispatchEvent(new Event('offline'));
    expect(calls).toEqual(['disconnect', 'connect']);
    expect(provider.shouldConnect).toBe(true);
  });

  it('is left alone when not connected, or no longer watched', () => {
    const offline = fakeProvider(false);
    const window = new EventTarget();
    dropSocketWhenOffline(offline.provider, window);
    window.dispatchEvent(new Event('offline'));
    expect(offline.calls).toEqual([]);

    const stopped = fakeProvider(true);
    const other = new EventTarget();
    dropSocketWhenOffline(stopped.provider, other)();
    other.dispatchEvent(new Event('offline'));
    expect(stopped.calls).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_RECENT_ENDS, SessionEnds } from './session-ends';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('SessionEnds', () => {
  let sessionEnds: SessionEnds;
  let start: number;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    start = Date.now();
    sessionEnds = new SessionEnds();
  });
  afterEach(() => vi.useRealTimers());

  /** Watches the session `count` times (its sockets and streams), counting the ends each hears. */
  const watchMany = (sessionHash: string, count: number, expiresAt: number | null) => {
    const ended = { count: 0 };
    const stops = Array.from({ length: count }, () =>
      sessionEnds.watch(sessionHash, () => ended.count++, expiresAt),
    );
    return { ended, stops };
  };

  it('closes every connection of a session at its expiry, on one timer shared by all sessions', async () => {
    const first = watchMany('a', 50, start + 1_000);
    const second = watchMany('b', 50, start + 2_000);
    const unexpiring = watchMany('c', 5, null);
    expect(vi.getTimerCount()).toBe(1);

    await vi.advanceTimersByTimeAsync(999);
    expect([first.ended.count, second.ended.count]).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(1);
    expect([first.ended.count, second.ended.count]).toEqual([50, 0]);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect([first.ended.count, second.ended.count, unexpiring.ended.count]).toEqual([50, 50, 0]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('closes a session that expires sooner first, whenever it started to be watched', async () => {
    const later = watchMany('later', 3, start + 5_000);
    await vi.advanceTimersByTimeAsync(1_000);
    const sooner = watchMany('sooner', 3, start + 2_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect([sooner.ended.count, later.ended.count]).toEqual([3, 0]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(later.ended.count).toBe(3);
  });

  it('closes a session expiring beyond the longest timer Node keeps at its expiry, not before', async () => {
    const session = watchMany('long', 2, start + 30 * DAY_MS);
    await vi.advanceTimersByTimeAsync(30 * DAY_MS - 1);
    expect(session.ended.count).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.ended.count).toBe(2);
  });

  it('ends a signed-out session’s connections at once, and never again at its expiry', async () => {
    const session = watchMany('a', 3, start + 1_000);
    const other = watchMany('b', 1, start + 1_000);
    session.stops[0]?.();
    sessionEnds.end('a');
    expect(session.ended.count).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect([session.ended.count, other.ended.count]).toEqual([2, 1]);
  });

  it('calls nothing for a connection that closed before its session expired', async () => {
    const session = watchMany('a', 2, start + 1_000);
    for (const stop of session.stops) stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(session.ended.count).toBe(0);
  });

  it("ends a connection once, by its session's end or its user's revoked access, and stops both watches", () => {
    const user = { id: 'u1', name: 'FR', role: 'delegate' as const, delegation: 'FR' as const };
    const ends: string[] = [];
    sessionEnds.watchConnection({ user, sessionHash: 's1', sessionExpiresAt: null }, () =>
      ends.push('browser'),
    );
    sessionEnds.watchConnection({ user, sessionHash: null, sessionExpiresAt: null }, () =>
      ends.push('script'),
    );
    const other = { ...user, id: 'u2' };
    sessionEnds.watchConnection({ user: other, sessionHash: null, sessionExpiresAt: null }, () =>
      ends.push('other'),
    );
    sessionEnds.endUser('u1');
    expect(ends).toEqual(['browser', 'script']);
    // The session's own end comes after: the connection it held has gone already.
    sessionEnds.end('s1');
    expect(ends).toEqual(['browser', 'script']);

    const stopped = sessionEnds.watchConnection({ user, sessionHash: 's2', sessionExpiresAt: null }, () =>
      ends.push('stopped'),
    );
    stopped();
    sessionEnds.end('s2');
    sessionEnds.endUser('u1');
    expect(ends).toEqual(['browser', 'script']);
  });
  it('ends a connection whose session or user ended after its credentials were checked and before it was watched', async () => {
    const user = { id: 'u1', name: 'FR', role: 'delegate' as const, delegation: 'FR' as const };
    const other = { ...user, id: 'u2' };
    const ends: string[] = [];
    const checkedAt = sessionEnds.countEnds();
    sessionEnds.endUser('u1');
    sessionEnds.end('s2');
    const watch = (name: string, watched: typeof user, sessionHash: string | null, at = checkedAt) =>
      sessionEnds.watchConnection({ user: watched, sessionHash, sessionExpiresAt: null, checkedAt: at }, () =>
        ends.push(name),
      );
    watch('revoked user', user, null);
    watch('ended session', other, 's2');
    watch('other user', other, 's3');
    watch('checked after', user, null, sessionEnds.countEnds());
    await Promise.resolve();
    expect(ends).toEqual(['revoked user', 'ended session']);

    // Checked before more ends than are remembered: closed, to be opened again.
    for (let index = 0; index < MAX_RECENT_ENDS; index++) sessionEnds.end(`gone-${index}`);
    watch('unknown', other, 's3');
    await Promise.resolve();
    expect(ends).toEqual(['revoked user', 'ended session', 'unknown']);
  });
});

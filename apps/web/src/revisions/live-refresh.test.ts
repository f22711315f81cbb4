import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type PageVisibility, scheduleLiveRefresh } from './live-refresh';

/** A page whose visibility the test sets, as a browser tab going to the background and back. */
function fakePage() {
  const target = new EventTarget();
  let state: DocumentVisibilityState = 'visible';
  const page: PageVisibility & { show(state: DocumentVisibilityState): void } = {
    get visibilityState() {
      return state;
    },
    addEventListener: (type, listener) => target.addEventListener(type, listener),
    removeEventListener: (type, listener) => target.removeEventListener(type, listener),
    show(next) {
      state = next;
      target.dispatchEvent(new Event('visibilitychange'));
    },
  };
  return page;
}

describe('refreshing a live comparison', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fetches at once after a quiet spell, and at most once an interval while the text keeps changing', () => {
    const page = fakePage();
    const run = vi.fn();
    const live = scheduleLiveRefresh(run, { page, minIntervalMs: 1_000 });
    live.request();
    expect(run).toHaveBeenCalledTimes(1);
    // Hints every 250 ms while someone types: folded into one fetch when the interval is over.
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(250);
      live.request();
    }
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(250);
    expect(run).toHaveBeenCalledTimes(2);
    // Nothing changes: nothing is fetched.
    vi.advanceTimersByTime(10_000);
    expect(run).toHaveBeenCalledTimes(2);
    live.request();
    expect(run).toHaveBeenCalledTimes(3);
    live.dispose();
  });

  it('fetches nothing while the page is hidden, and once when it is seen again after a change', () => {
    const page = fakePage();
    const run = vi.fn();
    const live = scheduleLiveRefresh(run, { page, minIntervalMs: 1_000 });
    page.show('hidden');
    live.request();
    live.request();
    vi.advanceTimersByTime(5_000);
    expect(run).not.toHaveBeenCalled();
    page.show('visible');
    expect(run).toHaveBeenCalledTimes(1);
    // Hidden and shown again with no change meanwhile: nothing to fetch.
    page.show('hidden');
    page.show('visible');
    expect(run).toHaveBeenCalledTimes(1);
    live.dispose();
  });

  it('drops a fetch still waiting for its interval once disposed, and no longer listens to the page', () => {
    const page = fakePage();
    const run = vi.fn();
    const live = scheduleLiveRefresh(run, { page, minIntervalMs: 1_000 });
    live.request();
    live.request();
    // Owed while hidden, then disposed: neither the waiting fetch nor the page being shown runs one.
    page.show('hidden');
    vi.advanceTimersByTime(5_000);
    live.request();
    live.dispose();
    page.show('visible');
    vi.advanceTimersByTime(5_000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});

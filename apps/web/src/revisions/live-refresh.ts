/**
 * When a comparison with the live text fetches its diff again. The server hints at edits on the
 * document's event stream (`consensus-changed`, at most every 250 ms while someone types); each ask
 * makes it diff the whole text afresh, so asks are spaced at least `LIVE_DIFF_MIN_INTERVAL_MS` apart
 * (one that comes sooner runs when the interval is over, folded with any others meanwhile), and a
 * page nobody sees (a tab in the background) asks nothing until it is seen again, then once.
 * Nothing is asked while nothing changes.
 */

/** The least time between two fetches of a live comparison while the text keeps changing. */
export const LIVE_DIFF_MIN_INTERVAL_MS = 1_000;

/** What is read of the page: whether it is seen, and when that changes (`document` in the browser). */
export interface PageVisibility {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

export interface LiveRefreshOptions {
  readonly page: PageVisibility;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default LIVE_DIFF_MIN_INTERVAL_MS */
  readonly minIntervalMs?: number;
}

export interface LiveRefresh {
  /** The live text changed: fetch again, now or as soon as allowed. */
  request(): void;
  /** Forgets what was asked and stops listening to the page. */
  dispose(): void;
}

export function scheduleLiveRefresh(
  run: () => void,
  { page, now = Date.now, minIntervalMs = LIVE_DIFF_MIN_INTERVAL_MS }: LiveRefreshOptions,
): LiveRefresh {
  let lastRun = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let owedWhileHidden = false;

  const runNow = () => {
    timer = undefined;
    if (page.visibilityState === 'hidden') {
      owedWhileHidden = true;
      return;
    }
    lastRun = now();
    run();
  };
  const request = () => {
    if (timer !== undefined) return;
    if (page.visibilityState === 'hidden') {
      owedWhileHidden = true;
      return;
    }
    const wait = lastRun + minIntervalMs - now();
    if (wait <= 0) runNow();
    else timer = setTimeout(runNow, wait);
  };
  const onVisibilityChange = () => {
    if (page.visibilityState === 'hidden' || !owedWhileHidden) return;
    owedWhileHidden = false;
    request();
  };
  page.addEventListener('visibilitychange', onVisibilityChange);

  return {
    request,
    dispose: () => {
      clearTimeout(timer);
      timer = undefined;
      page.removeEventListener('visibilitychange', onVisibilityChange);
    },
  };
}

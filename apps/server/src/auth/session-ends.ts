/**
 * The longest wait a Node timer takes (2³¹−1 ms, about 24.8 days); a longer one fires at once. Sessions
 * last 14 days (SESSION_TTL_MS): a session ending later than this is watched for its sign-out alone.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * What a browser session keeps open beyond one request (its event streams, its sync sockets) hears
 * here that the session ended — signed out, replaced by a sign-in as someone else, or expired — and
 * closes at once: a delegation's private notes must not keep flowing to a browser whose session is
 * over, nor its edits be taken from one.
 */
export class SessionEnds {
  private readonly watchers = new Map<string, Set<() => void>>();

  /**
   * Calls `onEnd` once the session (by the hash of its id) ends, or `expiresInMs` from now when it
   * expires then; returns the way to stop watching.
   */
  watch(sessionHash: string, onEnd: () => void, expiresInMs: number | null = null): () => void {
    let watchers = this.watchers.get(sessionHash);
    if (watchers === undefined) {
      watchers = new Set();
      this.watchers.set(sessionHash, watchers);
    }
    let expiry: NodeJS.Timeout | null = null;
    const stop = () => {
      if (expiry !== null) clearTimeout(expiry);
      watchers.delete(ended);
      if (watchers.size === 0 && this.watchers.get(sessionHash) === watchers)
        this.watchers.delete(sessionHash);
    };
    const ended = () => {
      stop();
      onEnd();
    };
    watchers.add(ended);
    if (expiresInMs !== null && expiresInMs <= MAX_TIMER_MS) {
      expiry = setTimeout(ended, Math.max(0, expiresInMs));
      expiry.unref();
    }
    return stop;
  }

  end(sessionHash: string): void {
    const watchers = this.watchers.get(sessionHash);
    this.watchers.delete(sessionHash);
    for (const onEnd of watchers ?? []) onEnd();
  }
}

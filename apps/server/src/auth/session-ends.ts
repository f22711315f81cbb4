/**
 * What a browser session keeps open beyond one request (its event streams) hears here that the
 * session ended — signed out, or replaced by a sign-in as someone else — and closes at once: a
 * delegation's private notes must not keep flowing to a browser that signed out.
 */
export class SessionEnds {
  private readonly watchers = new Map<string, Set<() => void>>();

  /** Calls `onEnd` once the session (by the hash of its id) ends; returns the way to stop watching. */
  watch(sessionHash: string, onEnd: () => void): () => void {
    let watchers = this.watchers.get(sessionHash);
    if (watchers === undefined) {
      watchers = new Set();
      this.watchers.set(sessionHash, watchers);
    }
    watchers.add(onEnd);
    return () => {
      watchers.delete(onEnd);
      if (watchers.size === 0 && this.watchers.get(sessionHash) === watchers)
        this.watchers.delete(sessionHash);
    };
  }

  end(sessionHash: string): void {
    const watchers = this.watchers.get(sessionHash);
    this.watchers.delete(sessionHash);
    for (const onEnd of watchers ?? []) onEnd();
  }
}

import type { Authenticated } from './authenticate';

/**
 * The longest wait a Node timer takes (2³¹−1 ms, about 24.8 days); a longer one would fire at once, so
 * an expiry further off is waited for in steps of this.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends remembered for the connections authenticated before them and watched after (see
 * `watchConnection`); a connection checked before all of them is closed, to be opened again.
 */
export const MAX_RECENT_ENDS = 1_000;

/** A session something is watching: what to call when it ends, and when it expires. */
interface WatchedSession {
  readonly onEnds: Set<() => void>;
  /** Ms since the epoch; null for one that ends by a sign-out alone. */
  expiresAt: number | null;
}

/**
 * What a browser session keeps open beyond one request (its event streams, its sync sockets) hears
 * here that the session ended — signed out, replaced by a sign-in as someone else, or expired — and
 * closes at once: a delegation's private notes must not keep flowing to a browser whose session is
 * over, nor its edits be taken from one.
 *
 * Expiry: one timer for the whole server, armed for the earliest expiry among the watched sessions
 * and armed again for the next once it fires, however many sockets and streams each session holds.
 * Firing ends every session due by then, in one pass over the watched sessions (as many as the
 * browsers open, not their connections); a session nobody watches any more leaves the timer armed,
 * and it finds nothing due.
 */
export class SessionEnds {
  private readonly sessions = new Map<string, WatchedSession>();
  /** By user id: what to call when the user's access is revoked, whatever the connection's credentials. */
  private readonly users = new Map<string, Set<() => void>>();
  private timer: NodeJS.Timeout | null = null;
  /** The expiry the timer is armed for (ms since the epoch); infinity when none is armed. */
  private timerDueAt = Number.POSITIVE_INFINITY;
  /** Ends told so far, sessions' and users': a check of credentials notes the count it began at. */
  private endsTold = 0;
  /** The latest `MAX_RECENT_ENDS` ends, oldest first, each with its count: `user:ID` or `session:HASH`. */
  private readonly recentEnds: { readonly told: number; readonly key: string }[] = [];

  /** @param now ms since the epoch, the clock expiries are judged by. @default Date.now */
  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Calls `onEnd` once the session (by the hash of its id) ends, at the latest at `expiresAt` (ms since
   * the epoch) when given; returns the way to stop watching.
   */
  watch(sessionHash: string, onEnd: () => void, expiresAt: number | null = null): () => void {
    let session = this.sessions.get(sessionHash);
    if (session === undefined) {
      session = { onEnds: new Set(), expiresAt };
      this.sessions.set(sessionHash, session);
    } else if (expiresAt !== null && (session.expiresAt === null || expiresAt < session.expiresAt)) {
      session.expiresAt = expiresAt;
    }
    const watched = session;
    const stop = () => {
      watched.onEnds.delete(ended);
      if (watched.onEnds.size === 0 && this.sessions.get(sessionHash) === watched)
        this.sessions.delete(sessionHash);
    };
    const ended = () => {
      stop();
      onEnd();
    };
    watched.onEnds.add(ended);
    if (watched.expiresAt !== null && watched.expiresAt < this.timerDueAt) this.armExpiry(watched.expiresAt);
    return stop;
  }

  /**
   * Watches one connection of `auth` (a sync socket, an event stream): `onEnd` is called once, when its
   * browser session ends or when its user's access is revoked (`endUser`), bearer tokens' too.
   */
  watchConnection(
    auth: Pick<Authenticated, 'user' | 'sessionHash' | 'sessionExpiresAt' | 'checkedAt'>,
    onEnd: () => void,
  ): () => void {
    let ended = false;
    const endOnce = () => {
      if (ended) return;
      ended = true;
      stop();
      onEnd();
    };
    const stopSession =
      auth.sessionHash === null ? () => {} : this.watch(auth.sessionHash, endOnce, auth.sessionExpiresAt);
    const stopUser = this.watchUser(auth.user.id, endOnce);
    const stop = () => {
      stopSession();
      stopUser();
    };
    // Ended between the check of its credentials and now (the upgrade's or the stream's own awaits),
    // when nothing watched it yet. After the caller has set the connection up, as any end is told.
    if (this.endedSince(auth)) queueMicrotask(endOnce);
    return stop;
  }

  /** The count of ends told so far, for `Authenticated.checkedAt`: read before credentials are checked. */
  countEnds(): number {
    return this.endsTold;
  }

  /** Whether the session or the user of `auth` ended after its credentials were checked. */
  private endedSince(auth: Pick<Authenticated, 'user' | 'sessionHash' | 'checkedAt'>): boolean {
    const { checkedAt } = auth;
    if (checkedAt === undefined || checkedAt === this.endsTold) return false;
    // Ends older than those kept are not known: taken as this one's.
    if ((this.recentEnds[0]?.told ?? Number.POSITIVE_INFINITY) > checkedAt + 1) return true;
    const keys = new Set([`user:${auth.user.id}`, `session:${auth.sessionHash}`]);
    return this.recentEnds.some(({ told, key }) => told > checkedAt && keys.has(key));
  }

  private tellEnd(key: string): void {
    this.endsTold += 1;
    this.recentEnds.push({ told: this.endsTold, key });
    if (this.recentEnds.length > MAX_RECENT_ENDS) this.recentEnds.shift();
  }

  /** Ends every connection of the user, whose access was revoked (a new token, its sessions gone). */
  endUser(userId: string): void {
    this.tellEnd(`user:${userId}`);
    const onEnds = this.users.get(userId);
    this.users.delete(userId);
    for (const onEnd of onEnds ?? []) onEnd();
  }

  private watchUser(userId: string, onEnd: () => void): () => void {
    let onEnds = this.users.get(userId);
    if (onEnds === undefined) {
      onEnds = new Set();
      this.users.set(userId, onEnds);
    }
    const watched = onEnds;
    watched.add(onEnd);
    return () => {
      watched.delete(onEnd);
      if (watched.size === 0 && this.users.get(userId) === watched) this.users.delete(userId);
    };
  }

  end(sessionHash: string): void {
    this.tellEnd(`session:${sessionHash}`);
    const session = this.sessions.get(sessionHash);
    this.sessions.delete(sessionHash);
    for (const onEnd of session?.onEnds ?? []) onEnd();
  }

  private armExpiry(dueAt: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    // Unref'd: a session's expiry never keeps the process alive.
    this.timer = setTimeout(() => this.endExpired(), Math.min(Math.max(0, dueAt - this.now()), MAX_TIMER_MS));
    this.timer.unref();
  }

  /** Ends the sessions expired by now, having armed the timer for the next first. */
  private endExpired(): void {
    this.timer = null;
    this.timerDueAt = Number.POSITIVE_INFINITY;
    const now = this.now();
    const expired: string[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [sessionHash, session] of this.sessions) {
      if (session.expiresAt === null) continue;
      if (session.expiresAt <= now) expired.push(sessionHash);
      else next = Math.min(next, session.expiresAt);
    }
    // Armed before anything is closed: a close that throws stops no later session's expiry.
    if (next !== Number.POSITIVE_INFINITY) this.armExpiry(next);
    for (const sessionHash of expired) this.end(sessionHash);
  }
}

import type { Store, User } from '../store/store';
import type { SessionEnds } from './session-ends';
import { hashToken, isHashOf } from './tokens';

export const SESSION_COOKIE = 'accord_session';

/** A browser session lasts this long after the login link was opened. */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** Who `ACCORD_ADMIN_TOKEN` speaks for: no row in the store, only the right to manage users. */
export const ADMIN_USER: User = { id: 'admin', name: 'Administrator', role: 'admin', delegation: null };

export type Credentials =
  | { readonly type: 'bearer'; readonly token: string }
  | { readonly type: 'session'; readonly sessionId: string }
  | { readonly type: 'none' };

export interface Authenticated {
  readonly user: User;
  /** A session cookie rides along on cross-site requests; bearer tokens do not. */
  readonly via: 'bearer' | 'session';
  /** The hash of the session's id (`via: 'session'`), by which its end is announced; else null. */
  readonly sessionHash: string | null;
  /** When the session expires (`via: 'session'`), ms since the epoch; else null. */
  readonly sessionExpiresAt: number | null;
  /**
   * `SessionEnds.countEnds()` before the credentials were checked: a connection watched later is closed
   * if its session or user ended meanwhile. @default nothing ended unseen
   */
  readonly checkedAt?: number;
}

export interface AuthDeps {
  readonly store: Store;
  readonly adminToken: string | null;
  readonly now: () => number;
  readonly sessionEnds: SessionEnds;
  /** The origin users open through a reverse proxy (`ACCORD_PUBLIC_URL`), also this site's own. */
  readonly publicOrigin?: string | null;
}

/** Reads a request's credentials: an `Authorization: Bearer` header wins over the session cookie. */
export function readCredentials(
  authorization: string | undefined,
  sessionId: string | undefined,
): Credentials {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? { type: 'bearer', token: match[1] as string } : { type: 'bearer', token: '' };
  }
  if (sessionId !== undefined && sessionId !== '') return { type: 'session', sessionId };
  return { type: 'none' };
}

/** The user behind a token (or the admin token), or null. */
export async function findUserByToken(deps: AuthDeps, token: string): Promise<User | null> {
  if (token === '') return null;
  const tokenHash = hashToken(token);
  if (deps.adminToken !== null && deps.adminToken !== '' && isHashOf(tokenHash, deps.adminToken))
    return ADMIN_USER;
  return deps.store.users.findByTokenHash(tokenHash);
}

export async function authenticate(deps: AuthDeps, credentials: Credentials): Promise<Authenticated | null> {
  const checkedAt = deps.sessionEnds.countEnds();
  switch (credentials.type) {
    case 'bearer': {
      const user = await findUserByToken(deps, credentials.token);
      return user ? { user, via: 'bearer', sessionHash: null, sessionExpiresAt: null, checkedAt } : null;
    }
    case 'session': {
      const sessionHash = hashToken(credentials.sessionId);
      const session = await deps.store.sessions.findSession(sessionHash, deps.now());
      return session
        ? { user: session.user, via: 'session', sessionHash, sessionExpiresAt: session.expiresAt, checkedAt }
        : null;
    }
    case 'none':
      return null;
  }
}

/**
 * Whether a cookie-authenticated request comes from our own pages: its Origin names the host it was
 * sent to. Without this check a hostile page could ride the cookie (CSRF, cross-site WebSocket hijacking).
 * An Origin is a scheme and a host alone, as browsers send it: one with a user name or a path
 * (`http://evil@host`) is no page's. Behind a reverse proxy the Host is the proxy's upstream, so the
 * public origin (`ACCORD_PUBLIC_URL`), when set, is ours too.
 */
export function isSameOrigin(
  origin: string | undefined,
  host: string | undefined,
  publicOrigin: string | null = null,
): boolean {
  if (origin === undefined) return false;
  if (publicOrigin !== null && origin === publicOrigin) return true;
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    return url.host === host && origin === `${url.protocol}//${url.host}`;
  } catch {
    return false;
  }
}

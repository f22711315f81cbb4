/**
 * Who is signed in. The server turns a login link (`/login?token=…`) into a session cookie; the app only
 * asks `GET /api/me` and never sees a token.
 */
import { type Action, can, type Result } from '@accord/model';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { type ApiFailure, api, type Me, sessionRefusals } from '../api/client';
import { clearAllPendingEdits } from '../sync/pending-edits';
import { announceSessionChange, listenForSessionChange, noteSignedInUser } from './session-channel';

export type SessionState =
  | { readonly type: 'loading' }
  | { readonly type: 'signed-in'; readonly me: Me }
  /** `ended`: this page was signed in, and its session ended (expired, signed out elsewhere). */
  | { readonly type: 'signed-out'; readonly ended: boolean }
  | { readonly type: 'failed'; readonly error: ApiFailure };

const SessionContext = createContext<SessionState>({ type: 'loading' });

/**
 * What asking `/api/me` again found: `same` user still signed in, `changed` (signed out, or in as
 * someone else: the screens follow the new state), or `unknown` (the server could not be asked).
 */
export type SessionCheck = 'same' | 'changed' | 'unknown';
const SessionCheckContext = createContext<() => Promise<SessionCheck>>(() => Promise.resolve('unknown'));

/**
 * The session `/api/me` answered, given the one shown: the same object while the same user is signed
 * in; a check that failed otherwise (offline) leaves a session shown as it is.
 */
function readSession(result: Result<Me, ApiFailure>, shown: SessionState): SessionState {
  if (result.ok) {
    return shown.type === 'signed-in' && shown.me.id === result.value.id
      ? shown
      : { type: 'signed-in', me: result.value };
  }
  if (result.error.status === 401) {
    if (shown.type === 'signed-out') return shown;
    return { type: 'signed-out', ended: shown.type === 'signed-in' };
  }
  return shown.type === 'loading' ? { type: 'failed', error: result.error } : shown;
}

/** What one ask of `/api/me` found: compared with the session shown when it came, and whether nobody is signed in. */
interface SessionAnswer {
  readonly check: SessionCheck;
  readonly signedOut: boolean;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ type: 'loading' });
  const shownUser = useRef<string | null>(null);
  shownUser.current = state.type === 'signed-in' ? state.me.id : null;
  const asking = useRef<Promise<SessionAnswer> | null>(null);
  // The one path that asks who is signed in: when the page loads, when another tab announces a change,
  // and when a socket or event stream the server closed may have outlived its session (signed out in
  // another browser, expired, or replaced by a sign-in as someone else in this one). Once for all who
  // ask at the same time; `fresh` for an announcement, which an answer asked for before it may predate.
  // A user other than the one this browser knew (a login link followed) is announced to the other tabs,
  // except by an ask that answers an announcement: where the browser cannot keep who it knew (storage
  // refused or full), every sign-in looks new, and tabs answering each other would never stop.
  const askSession = useCallback((fresh = false): Promise<SessionAnswer> => {
    if (asking.current !== null && !fresh) return asking.current;
    const mayAnnounce = !fresh;
    const asked = api.getMe().then((result): SessionAnswer => {
      if (asking.current === asked) asking.current = null;
      const before = shownUser.current;
      setState((shown) => readSession(result, shown));
      const signedOut = !result.ok && result.error.status === 401;
      const known = result.ok || signedOut;
      if (known && noteSignedInUser(result.ok ? result.value.id : null) && mayAnnounce)
        announceSessionChange();
      if (result.ok) return { check: result.value.id === before ? 'same' : 'changed', signedOut };
      return { check: signedOut ? 'changed' : 'unknown', signedOut };
    });
    asking.current = asked;
    return asked;
  }, []);
  // A session that ended elsewhere keeps the edits this browser holds, to be sent once the same user
  // signs in again.
  const checkSession = useCallback(() => askSession().then((answer) => answer.check), [askSession]);
  useEffect(() => {
    void askSession();
    // Another tab signed out, or in as someone else: this one follows, edits it still held included.
    return listenForSessionChange(() => {
      void askSession(true).then(({ signedOut }) => {
        if (signedOut) clearAllPendingEdits(window.localStorage);
      });
    });
  }, [askSession]);
  // A request refused for want of a session (its cookie expired or cleared) while the page shows one:
  // the page says the session ended and offers to sign in, rather than showing the refusal where the
  // request was made, with no way on.
  useEffect(() => {
    const refused = () => {
      if (shownUser.current !== null) void askSession();
    };
    sessionRefusals.addEventListener('refused', refused);
    return () => sessionRefusals.removeEventListener('refused', refused);
  }, [askSession]);
  return (
    <SessionCheckContext.Provider value={checkSession}>
      <SessionContext.Provider value={state}>{children}</SessionContext.Provider>
    </SessionCheckContext.Provider>
  );
}

/** Asks the server again who is signed in (see `SessionCheck`); the session state follows the answer. */
export function useCheckSession(): () => Promise<SessionCheck> {
  return useContext(SessionCheckContext);
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** The signed-in user; only for screens rendered behind the sign-in gate. */
export function useMe(): Me {
  const state = useSession();
  if (state.type !== 'signed-in') throw new Error('useMe outside a signed-in screen');
  return state.me;
}

export function useCan(action: Action): boolean {
  const state = useSession();
  return state.type === 'signed-in' && can(state.me.role, action);
}

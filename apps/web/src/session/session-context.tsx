/**
 * Who is signed in. The server turns a login link (`/login?token=…`) into a session cookie; the app only
 * asks `GET /api/me` and never sees a token.
 */
import { type Action, can, type Result } from '@accord/model';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { type ApiFailure, api, type Me } from '../api/client';
import { clearAllPendingEdits } from '../sync/pending-edits';
import { announceSessionChange, listenForSessionChange } from './session-channel';

export type SessionState =
  | { readonly type: 'loading' }
  | { readonly type: 'signed-in'; readonly me: Me }
  | { readonly type: 'signed-out' }
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
  if (result.error.status === 401) return { type: 'signed-out' };
  return shown.type === 'loading' ? { type: 'failed', error: result.error } : shown;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ type: 'loading' });
  const shownUser = useRef<string | null>(null);
  shownUser.current = state.type === 'signed-in' ? state.me.id : null;
  const checking = useRef<Promise<SessionCheck> | null>(null);
  // A socket or event stream the server closed may have outlived its session (signed out in another
  // browser, expired, or replaced by a sign-in as someone else in this one): ask who is signed in, once
  // for all who ask at the same time. A session that ended this way keeps the edits this browser holds,
  // to be sent once the same user signs in again.
  const checkSession = useCallback((): Promise<SessionCheck> => {
    checking.current ??= api.getMe().then((result) => {
      checking.current = null;
      const before = shownUser.current;
      setState((shown) => readSession(result, shown));
      if (result.ok) return result.value.id === before ? 'same' : 'changed';
      return result.error.status === 401 ? 'changed' : 'unknown';
    });
    return checking.current;
  }, []);
  useEffect(() => {
    let live = true;
    const check = (then: (result: Result<Me, ApiFailure>) => void) =>
      void api.getMe().then((result) => {
        if (!live) return;
        setState((shown) => readSession(result, shown));
        then(result);
      });
    check((result) => {
      // A login link followed in this tab may have signed the browser in as someone else.
      if (result.ok) announceSessionChange();
    });
    // Another tab signed out, or in as someone else: this one follows, edits it still held included.
    const stopListening = listenForSessionChange(() =>
      check((result) => {
        if (!result.ok && result.error.status === 401) clearAllPendingEdits(window.localStorage);
      }),
    );
    return () => {
      live = false;
      stopListening();
    };
  }, []);
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

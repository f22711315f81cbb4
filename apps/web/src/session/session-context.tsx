/**
 * Who is signed in. The server turns a login link (`/login?token=…`) into a session cookie; the app only
 * asks `GET /api/me` and never sees a token.
 */
import { type Action, can, type Result } from '@accord/model';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
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
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
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

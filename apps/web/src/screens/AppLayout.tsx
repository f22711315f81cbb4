import { nameDelegation } from '@accord/model';
import { useEffect, useRef } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api, type Me } from '../api/client';
import { useFocusScreenHeading } from '../navigation/focus-screen-heading';
import { PasteLoginLink } from '../session/PasteLoginLink';
import { arrivedByRedirect, rememberReturnPath, takeReturnPath } from '../session/return-after-sign-in';
import { announceSessionChange } from '../session/session-channel';
import { type SessionState, useSession } from '../session/session-context';
import { clearAllPendingEdits } from '../sync/pending-edits';

const ROLE_LABELS = {
  delegate: 'Delegate',
  presidency: 'Presidency',
  secretariat: 'General Secretariat',
  observer: 'Observer',
  archivist: 'Archivist',
  admin: 'Administrator',
} as const;

/** The role and delegation beside a user's name, the role left out when the name is just that ("Presidency"). */
function RoleOf({ me }: { readonly me: Me }) {
  const role = ROLE_LABELS[me.role];
  const delegation = me.delegation ? `${nameDelegation(me.delegation)} (${me.delegation})` : null;
  const parts = [me.name.trim().toLowerCase() === role.toLowerCase() ? null : role, delegation];
  const shown = parts.filter((part) => part !== null).join(' · ');
  return shown === '' ? null : <span className="whoami-role">{shown}</span>;
}

/**
 * A tab whose session ended remembers where it was; signed in again through a login link opened in it
 * (which lands on the list), it goes back there. A tab that stayed where it was (the user signed in
 * in another tab, which this one heard of) is there already.
 */
function useReturnAfterSignIn(session: SessionState) {
  const location = useLocation();
  const navigate = useNavigate();
  const here = `${location.pathname}${location.search}${location.hash}`;
  const firstSignIn = useRef(true);
  const ended = session.type === 'signed-out' && session.ended;
  const signedIn = session.type === 'signed-in';
  useEffect(() => {
    if (ended) rememberReturnPath(here);
  }, [ended, here]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per sign-in, not again on every move within the app
  useEffect(() => {
    if (!signedIn) return;
    const onLoad = firstSignIn.current;
    firstSignIn.current = false;
    const path = takeReturnPath(onLoad && here === '/' && arrivedByRedirect());
    if (path !== null && path !== here) navigate(path, { replace: true });
  }, [signedIn]);
}

/** The sign-in gate: a first visit's, or a page whose session ended (and which comes back once signed in). */
function SignInNotice({ ended }: { readonly ended: boolean }) {
  return (
    <section className="notice">
      <h1>Sign in</h1>
      {ended && (
        <p role="alert">
          <strong>Your session has ended.</strong> Sign in again to go on: this page comes back as you left
          it.
        </p>
      )}
      <p>Open the login link you were given (it looks like …/login?token=…) in this browser.</p>
      <PasteLoginLink followLink={!ended} />
    </section>
  );
}

/**
 * The frame of every screen: who you are, and the sign-in gate in front of everything else. A link
 * that opens another screen moves focus to that screen's heading.
 */
export function AppLayout() {
  const session = useSession();
  const main = useRef<HTMLElement>(null);
  useFocusScreenHeading(main);
  useReturnAfterSignIn(session);
  return (
    <div className="app">
      <header className="app-bar">
        <Link to="/" className="app-name">
          Accord
        </Link>
        {session.type === 'signed-in' && (
          <p className="whoami">
            <span className="visually-hidden">Signed in as </span>
            <span className="whoami-name">{session.me.name}</span>
            <RoleOf me={session.me} />
            <button
              type="button"
              className="link-button"
              onClick={() => {
                // Edits this browser still holds for the server are not left behind on a shared machine.
                clearAllPendingEdits(window.localStorage);
                void api.logout().then(() => {
                  announceSessionChange();
                  window.location.assign('/');
                });
              }}
            >
              Sign out
            </button>
          </p>
        )}
      </header>
      <main className="app-main" ref={main} tabIndex={-1}>
        {session.type === 'loading' && <p className="quiet">Loading…</p>}
        {session.type === 'signed-out' && <SignInNotice ended={session.ended} />}
        {session.type === 'failed' && (
          <section className="notice" role="alert">
            <h1>Accord cannot be reached</h1>
            <p>{session.error.message}</p>
          </section>
        )}
        {session.type === 'signed-in' && <Outlet />}
      </main>
    </div>
  );
}

import { nameDelegation } from '@accord/model';
import { useRef } from 'react';
import { Link, Outlet } from 'react-router';
import { api, type Me } from '../api/client';
import { useFocusScreenHeading } from '../navigation/focus-screen-heading';
import { announceSessionChange } from '../session/session-channel';
import { useSession } from '../session/session-context';
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
 * The frame of every screen: who you are, and the sign-in gate in front of everything else. A link
 * that opens another screen moves focus to that screen's heading.
 */
export function AppLayout() {
  const session = useSession();
  const main = useRef<HTMLElement>(null);
  useFocusScreenHeading(main);
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
        {session.type === 'signed-out' && (
          <section className="notice">
            <h1>Sign in</h1>
            <p>Open the login link you were given (it looks like …/login?token=…) in this browser.</p>
          </section>
        )}
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

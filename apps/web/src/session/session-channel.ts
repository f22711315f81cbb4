/**
 * Tells this browser's other tabs that the user signed out (or in as someone else), so a tab still
 * open on a document stops editing as a user whose session is gone: it would keep typing "offline",
 * writing edits no one will send, its socket refused again and again.
 *
 * Only a change is announced: a page that loads as the user this browser already knew says nothing,
 * so opening a tab does not make every other tab ask the server again. Who that is, is kept in
 * `localStorage`, the one memory the tabs share (the session cookie is HttpOnly).
 */
const CHANNEL = 'accord-session';
const KNOWN_USER_KEY = 'accord.session.user';

type SessionMessage = { readonly type: 'changed' };

/** Says so to the other tabs; a browser without BroadcastChannel has only this tab to care about. */
export function announceSessionChange(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ type: 'changed' } satisfies SessionMessage);
  channel.close();
}

/** Calls `onChange` when another tab announces a change; returns the function that stops listening. */
export function listenForSessionChange(onChange: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<SessionMessage>) => {
    if (event.data?.type === 'changed') onChange();
  };
  return () => channel.close();
}

/**
 * Keeps who the server says is signed in (`null`: nobody) as the user this browser knows; true when
 * someone is signed in who is not the one it knew (a login link followed, in this tab or in a page that
 * never loaded the app): a change to announce. A sign-out is announced by the tab that signs out.
 */
export function noteSignedInUser(
  userId: string | null,
  storage: () => Storage = () => window.localStorage,
): boolean {
  let known: string | null = null;
  try {
    // Read inside: a browser that forbids storage throws on `window.localStorage` itself.
    const kept = storage();
    known = kept.getItem(KNOWN_USER_KEY);
    if (userId === null) kept.removeItem(KNOWN_USER_KEY);
    else kept.setItem(KNOWN_USER_KEY, userId);
  } catch {
    // Storage refused (private mode, quota): every sign-in looks new (an answer to another tab's
    // announcement announces nothing, so the tabs do not answer each other for ever).
  }
  return userId !== null && userId !== known;
}

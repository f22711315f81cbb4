/**
 * Tells this browser's other tabs that the user signed out (or in as someone else), so a tab still
 * open on a document stops editing as a user whose session is gone: it would keep typing "offline",
 * writing edits no one will send, its socket refused again and again.
 */
const CHANNEL = 'accord-session';

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

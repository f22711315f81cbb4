import type { SyncState } from '../sync/connect-document';

/** Describes the sync state in words: whether this browser's edits are safely on the server's disk. */
export function describeSaveStatus(
  state: SyncState,
  editable: boolean,
): { text: string; tone: 'ok' | 'busy' | 'warn' } {
  if (state.status !== 'connected') {
    if (editable && !state.saved)
      return { text: 'Offline: your changes are kept here until the connection returns', tone: 'warn' };
    return { text: state.status === 'connecting' ? 'Connecting…' : 'Offline: reconnecting…', tone: 'warn' };
  }
  if (!editable) return { text: 'Read only', tone: 'ok' };
  return state.saved ? { text: 'Saved', tone: 'ok' } : { text: 'Saving…', tone: 'busy' };
}

export function SaveStatus({ state, editable }: { readonly state: SyncState; readonly editable: boolean }) {
  const { text, tone } = describeSaveStatus(state, editable);
  return (
    <p
      className={`save-status save-status-${tone}`}
      role="status"
      data-saved={state.saved && state.status === 'connected'}
    >
      {text}
    </p>
  );
}

import type { SyncState } from '../sync/connect-document';

/**
 * Describes the sync state in words: whether this browser's edits are safely on the server's disk, or,
 * for a role that may not edit, what it may do instead (typing in the text does nothing).
 */
export function describeSaveStatus(
  state: SyncState,
  editable: boolean,
  mayComment = false,
): { text: string; tone: 'ok' | 'busy' | 'warn' } {
  if (state.status !== 'connected') {
    if (editable && !state.saved)
      return { text: 'Offline: your changes are kept here until the connection returns', tone: 'warn' };
    return { text: state.status === 'connecting' ? 'Connecting…' : 'Offline: reconnecting…', tone: 'warn' };
  }
  if (!editable)
    return { text: mayComment ? 'Read only: comment in a paragraph’s margin' : 'Read only', tone: 'ok' };
  return state.saved ? { text: 'Saved', tone: 'ok' } : { text: 'Saving…', tone: 'busy' };
}

export function SaveStatus({
  state,
  editable,
  mayComment,
}: {
  readonly state: SyncState;
  readonly editable: boolean;
  readonly mayComment: boolean;
}) {
  const { text, tone } = describeSaveStatus(state, editable, mayComment);
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

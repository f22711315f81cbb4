import { useEffect, useState, useSyncExternalStore } from 'react';
import { useCheckSession } from '../session/session-context';
import { connectDocument, type DocumentConnection, type SyncState } from './connect-document';
import { createPendingEdits, pendingEditsScope } from './pending-edits';

/**
 * Opens the live document while the component is mounted; null until the connection exists. For a
 * user who may edit (`pendingFor`: their id), unconfirmed edits are kept in this browser until acked.
 */
export function useDocumentConnection(
  documentId: string | null,
  pendingFor: string | null,
): DocumentConnection | null {
  const [connection, setConnection] = useState<DocumentConnection | null>(null);
  const checkSession = useCheckSession();
  useEffect(() => {
    if (documentId === null) return;
    const scope = pendingFor === null ? null : pendingEditsScope(pendingFor, documentId);
    const next = connectDocument(documentId, {
      pending: scope === null ? null : (copyId) => createPendingEdits(window.localStorage, scope, copyId),
      checkSession,
    });
    setConnection(next);
    return () => {
      setConnection(null);
      next.destroy();
    };
  }, [documentId, pendingFor, checkSession]);
  return connection;
}

const IDLE: SyncState = { status: 'connecting', loaded: false, saved: true };
const noop = () => () => {};

export function useSyncState(connection: DocumentConnection | null): SyncState {
  return useSyncExternalStore(
    connection ? connection.subscribe : noop,
    connection ? connection.getState : () => IDLE,
  );
}

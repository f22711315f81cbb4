import { useEffect, useState, useSyncExternalStore } from 'react';
import { connectDocument, type DocumentConnection, type SyncState } from './connect-document';

/** Opens the live document while the component is mounted; null until the connection exists. */
export function useDocumentConnection(documentId: string | null): DocumentConnection | null {
  const [connection, setConnection] = useState<DocumentConnection | null>(null);
  useEffect(() => {
    if (documentId === null) return;
    const next = connectDocument(documentId);
    setConnection(next);
    return () => {
      setConnection(null);
      next.destroy();
    };
  }, [documentId]);
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

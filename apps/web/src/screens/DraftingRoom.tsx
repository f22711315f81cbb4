import { can } from '@accord/model';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { useDocumentDetail } from '../api/use-document-detail';
import { DocumentNav } from '../components/DocumentNav';
import { CouncilHeader } from '../draft/CouncilHeader';
import { DocumentEditor } from '../draft/DocumentEditor';
import { PresenceList } from '../draft/PresenceList';
import { SaveStatus } from '../draft/SaveStatus';
import { useMe } from '../session/session-context';
import type { DocumentConnection } from '../sync/connect-document';
import { useDocumentConnection, useSyncState } from '../sync/use-document-connection';
import { useLiveDocument } from '../sync/use-live-document';

/** Warns before the tab closes while edits are not yet on the server's disk. */
function useUnsavedChangesWarning(unsaved: boolean) {
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers need returnValue set to show the prompt.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}

export function DraftingRoom() {
  const { id = '' } = useParams();
  const me = useMe();
  const detail = useDocumentDetail(id);
  const connection = useDocumentConnection(detail.type === 'loaded' ? id : null);
  const sync = useSyncState(connection);
  const editable = can(me.role, 'edit');
  useUnsavedChangesWarning(editable && !sync.saved);

  if (detail.type === 'failed') {
    return (
      <section className="notice" role="alert">
        <h1>{detail.error.status === 404 ? 'Document not found' : 'The document cannot be opened'}</h1>
        <p>{detail.error.message}</p>
      </section>
    );
  }

  return (
    <div className="room">
      <div className="room-bar">
        <DocumentNav
          id={id}
          number={detail.type === 'loaded' ? detail.detail.number : null}
          title={detail.type === 'loaded' ? detail.detail.title : null}
        />
        <div className="room-state">
          {connection && <PresenceList provider={connection.provider} />}
          <SaveStatus state={sync} editable={editable} />
        </div>
      </div>
      {connection && sync.loaded ? (
        <LiveDraft connection={connection} editable={editable} />
      ) : (
        <p className="quiet">Opening the document…</p>
      )}
    </div>
  );
}

function LiveDraft({
  connection,
  editable,
}: {
  readonly connection: DocumentConnection;
  readonly editable: boolean;
}) {
  const me = useMe();
  const live = useLiveDocument(connection.doc);
  return (
    <article className="paper" aria-label="Draft">
      <CouncilHeader doc={connection.doc} metadata={live.metadata} editable={editable} />
      <DocumentEditor connection={connection} live={live} editable={editable} me={me} />
    </article>
  );
}

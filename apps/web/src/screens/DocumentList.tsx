import { formatCouncilTime } from '@accord/model';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { type ApiFailure, api, LIST_EVENTS_URL, type ListedDocument } from '../api/client';
import { coalesceRefresh } from '../consensus/coalesce-refresh';
import { useEventStream } from '../consensus/use-document-events';
import { NewDocumentForm } from '../documents/NewDocumentForm';
import { SCREEN_HEADING } from '../navigation/focus-screen-heading';
import { useScreenTitle } from '../navigation/use-screen-title';
import { useCan } from '../session/session-context';

type ListState =
  | { readonly type: 'loading' }
  | { readonly type: 'loaded'; readonly documents: readonly ListedDocument[] }
  | { readonly type: 'failed'; readonly error: ApiFailure };

/**
 * What the list's stream says: a document made (`created`), what the list shows of one changed
 * (`changed`: a revision issued, a silence procedure started, broken, cancelled or over, a text
 * forwarded or corrected), or (`ready`) the stream opened, events maybe missed. Each makes the list
 * read itself again; so does the page being looked at again (a stream a proxy held back).
 */
const LIST_EVENT_TYPES = ['ready', 'created', 'changed'] as const;

export function DocumentList() {
  const [state, setState] = useState<ListState>({ type: 'loading' });
  const canCreate = useCan('create-document');
  useScreenTitle('Documents');
  // One read at a time, so an older answer never overwrites a newer one; events that come during a
  // read fold into one more read after it (a forwarding's `created` and `changed` cost two at most).
  const reload = useMemo(
    () =>
      coalesceRefresh(api.listDocuments, (result) =>
        // A list shown stays shown when a refresh fails (offline for a moment).
        setState((shown) =>
          result.ok
            ? { type: 'loaded', documents: result.value }
            : shown.type === 'loaded'
              ? shown
              : { type: 'failed', error: result.error },
        ),
      ),
    [],
  );
  useEventStream(LIST_EVENTS_URL, LIST_EVENT_TYPES, () => reload());
  useEffect(() => {
    reload.resume();
    reload();
    // No timer: the server tells the list of every change, a silence deadline passing included.
    const whenShown = () => {
      if (document.visibilityState === 'visible') reload();
    };
    window.addEventListener('focus', whenShown);
    document.addEventListener('visibilitychange', whenShown);
    return () => {
      reload.stop();
      window.removeEventListener('focus', whenShown);
      document.removeEventListener('visibilitychange', whenShown);
    };
  }, [reload]);

  return (
    <section className="document-list">
      <h1 {...SCREEN_HEADING}>Documents</h1>
      {canCreate && <NewDocumentForm documents={state.type === 'loaded' ? state.documents : []} />}
      {state.type === 'loading' && <p className="quiet">Loading…</p>}
      {state.type === 'failed' && <p role="alert">{state.error.message}</p>}
      {state.type === 'loaded' && state.documents.length === 0 && <p className="quiet">No documents yet.</p>}
      {state.type === 'loaded' && state.documents.length > 0 && (
        <ul>
          {state.documents.map((doc) => (
            <li key={doc.id}>
              <Link to={`/documents/${encodeURIComponent(doc.id)}`} className="document-link">
                <span className="document-number">{doc.number ?? 'Unnumbered'}</span>
                <span className="document-text">
                  <span className="document-title">{doc.title ?? 'Untitled'}</span>
                  {/* Two documents of one number (a text imported again) differ here. */}
                  <span className="document-facts">
                    {doc.revision > 0 && `${doc.label} issued · `}Added {formatCouncilTime(doc.createdAt)}
                  </span>
                  {/* A note's title is its text's: what it is must be said. */}
                  {doc.forwards !== null && (
                    <span className="document-facts">
                      I/A item note forwarding {doc.forwards.previous ?? 'a text without a number'}
                    </span>
                  )}
                  {doc.corrects !== null && (
                    <span className="document-facts">Corrigendum of {doc.corrects.label}</span>
                  )}
                  {doc.correctedBy.length > 0 && (
                    <span className="document-facts">
                      Corrected by {doc.correctedBy.map((corrigendum) => corrigendum.number).join(', ')}
                    </span>
                  )}
                  {doc.forwardedAs.length > 0 && (
                    <span className="document-facts">
                      Forwarded as{' '}
                      {doc.forwardedAs.map((note) => note.number ?? 'an I/A item note').join(', ')}
                    </span>
                  )}
                  {/* A delegation that objects must break silence before the deadline: said where it
                      looks first, not only inside the document. */}
                  {doc.silenceUntil !== null && (
                    <span className="document-silence">
                      <strong>Silence procedure</strong> until {formatCouncilTime(doc.silenceUntil)}
                    </span>
                  )}
                </span>
              </Link>
              <span className="document-links">
                <Link to={`/documents/${encodeURIComponent(doc.id)}/consensus`}>Consensus</Link>
                <Link to={`/documents/${encodeURIComponent(doc.id)}/revisions`}>Revisions</Link>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

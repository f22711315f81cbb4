import { formatCouncilTime } from '@accord/model';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { type ApiFailure, api, LIST_EVENTS_URL, type ListedDocument } from '../api/client';
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
 * How often an open list asks for the documents again: the list's stream tells of a document made at
 * once; a revision issued or a silence procedure started shows on the next read.
 */
const LIST_REFRESH_MS = 30_000;

/** What the list's stream says: a document made, or (`ready`) the stream opened, events maybe missed. */
const LIST_EVENT_TYPES = ['ready', 'created'] as const;

export function DocumentList() {
  const [state, setState] = useState<ListState>({ type: 'loading' });
  const canCreate = useCan('create-document');
  useScreenTitle('Documents');
  const reload = useRef<(() => void) | null>(null);
  useEventStream(LIST_EVENTS_URL, LIST_EVENT_TYPES, () => reload.current?.());
  useEffect(() => {
    let live = true;
    let asked = 0;
    const load = () => {
      const ask = ++asked;
      void api.listDocuments().then((result) => {
        // Only the latest answer counts: an older one may come back after it.
        if (!live || ask !== asked) return;
        // A list shown stays shown when a refresh fails (offline for a moment).
        setState((shown) =>
          result.ok
            ? { type: 'loaded', documents: result.value }
            : shown.type === 'loaded'
              ? shown
              : { type: 'failed', error: result.error },
        );
      });
    };
    load();
    reload.current = load;
    // Documents others make appear at once (the list's stream); the rest of what changed when the
    // page is looked at again, and every half minute while it is.
    const whenShown = () => {
      if (document.visibilityState === 'visible') load();
    };
    const every = window.setInterval(whenShown, LIST_REFRESH_MS);
    window.addEventListener('focus', whenShown);
    document.addEventListener('visibilitychange', whenShown);
    return () => {
      live = false;
      reload.current = null;
      window.clearInterval(every);
      window.removeEventListener('focus', whenShown);
      document.removeEventListener('visibilitychange', whenShown);
    };
  }, []);

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

import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { type ApiFailure, api, type DocumentSummary } from '../api/client';
import { NewDocumentForm } from '../documents/NewDocumentForm';
import { useCan } from '../session/session-context';

type ListState =
  | { readonly type: 'loading' }
  | { readonly type: 'loaded'; readonly documents: readonly DocumentSummary[] }
  | { readonly type: 'failed'; readonly error: ApiFailure };

export function DocumentList() {
  const [state, setState] = useState<ListState>({ type: 'loading' });
  const canCreate = useCan('create-document');
  useEffect(() => {
    let live = true;
    void api.listDocuments().then((result) => {
      if (!live) return;
      setState(
        result.ok ? { type: 'loaded', documents: result.value } : { type: 'failed', error: result.error },
      );
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="document-list">
      <h1>Documents</h1>
      {canCreate && <NewDocumentForm />}
      {state.type === 'loading' && <p className="quiet">Loading…</p>}
      {state.type === 'failed' && <p role="alert">{state.error.message}</p>}
      {state.type === 'loaded' && state.documents.length === 0 && <p className="quiet">No documents yet.</p>}
      {state.type === 'loaded' && state.documents.length > 0 && (
        <ul>
          {state.documents.map((doc) => (
            <li key={doc.id}>
              <Link to={`/documents/${encodeURIComponent(doc.id)}`} className="document-link">
                <span className="document-number">{doc.number ?? 'Unnumbered'}</span>
                <span className="document-title">{doc.title ?? 'Untitled'}</span>
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

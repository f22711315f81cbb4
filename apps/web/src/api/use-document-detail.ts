import { useEffect, useState } from 'react';
import { type ApiFailure, api, type DocumentDetail } from './client';

export type DetailState =
  | { readonly type: 'loading' }
  | { readonly type: 'loaded'; readonly detail: DocumentDetail }
  | { readonly type: 'failed'; readonly error: ApiFailure };

/** Loads what the document is (and whether we may open it) before opening the live connection. */
export function useDocumentDetail(id: string): DetailState {
  const [state, setState] = useState<DetailState>({ type: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ type: 'loading' });
    void api.getDocument(id).then((result) => {
      if (live)
        setState(
          result.ok ? { type: 'loaded', detail: result.value } : { type: 'failed', error: result.error },
        );
    });
    return () => {
      live = false;
    };
  }, [id]);
  return state;
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { type ApiFailure, api, type OpenedDocument } from './client';

export type DetailState =
  | { readonly type: 'loading' }
  | { readonly type: 'loaded'; readonly detail: OpenedDocument }
  | { readonly type: 'failed'; readonly error: ApiFailure };

/**
 * Loads what the document is (and whether we may open it) before opening the live connection.
 * Changing `reload` fetches it again, keeping what was loaded on screen meanwhile.
 */
export function useDocumentDetail(id: string, reload = 0): DetailState {
  const [state, setState] = useState<DetailState>({ type: 'loading' });
  const shownId = useRef(id);
  useEffect(() => {
    let live = true;
    if (shownId.current !== id) {
      shownId.current = id;
      setState({ type: 'loading' });
    }
    void api.getDocument(id).then((result) => {
      if (!live) return;
      if (result.ok) setState({ type: 'loaded', detail: result.value });
      else
        setState((shown) =>
          reload > 0 && shown.type === 'loaded' ? shown : { type: 'failed', error: result.error },
        );
    });
    return () => {
      live = false;
    };
  }, [id, reload]);
  return state;
}

/**
 * The document's detail, fetched again when `wanted` names a block it lacks (a paragraph added since
 * it was loaded, which a report or a log names): once per set of such ids, so a block that is gone for
 * good costs one fetch. Changing `reload` fetches it again too.
 */
export function useDocumentDetailCovering(id: string, wanted: readonly string[], reload = 0): DetailState {
  const [missed, setMissed] = useState(0);
  const state = useDocumentDetail(id, reload + missed);
  const tried = useRef('');
  const known = useMemo(
    () => (state.type === 'loaded' ? new Set(state.detail.blocks.map((b) => b.id)) : null),
    [state],
  );
  useEffect(() => {
    if (known === null) return;
    const missing = wanted.filter((blockId) => !known.has(blockId)).join('\n');
    if (missing === '' || missing === tried.current) return;
    tried.current = missing;
    setMissed((n) => n + 1);
  }, [known, wanted]);
  return state;
}

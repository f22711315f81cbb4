import { type CouncilDocument, writeRevisionContent } from '@accord/model';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';

/**
 * The label of the last issued revision ("9916/1/17 REV 1") while the live text differs from it, else
 * null: the drafting room's header then says the text is a working draft after it, as an export of it
 * does. Compared as the server compares for that export (the model's `writeRevisionContent`), against
 * the last revision read again each time `issued` changes (a revision issued, the event stream
 * opened again).
 */
export function useWorkingDraftAfter(
  documentId: string,
  live: CouncilDocument,
  issued: number,
): string | null {
  const [last, setLast] = useState<{ readonly label: string; readonly content: string } | null>(null);
  // An answer is kept unless one asked for later came first: the stream's first `ready` comes while
  // the read made on opening is on its way, and dropping that read would leave the header without
  // its line until the second answers, on a loaded server seconds later.
  const shownDocument = useRef(documentId);
  shownDocument.current = documentId;
  const answered = useRef({ documentId, issued: -1 });
  useEffect(() => {
    void (async () => {
      const revisions = await api.listRevisions(documentId);
      const latest = revisions.ok ? revisions.value.at(-1) : undefined;
      if (latest === undefined) return;
      const revision = await api.getRevision(documentId, latest.rev);
      const newer = answered.current.documentId === documentId && answered.current.issued > issued;
      if (!revision.ok || shownDocument.current !== documentId || newer) return;
      answered.current = { documentId, issued };
      setLast({ label: latest.label, content: writeRevisionContent(revision.value) });
    })();
  }, [documentId, issued]);
  // Writing the whole text out is the cost of a long document: done after a keystroke's own drawing.
  const deferred = useDeferredValue(live);
  const changed = useMemo(
    () => last !== null && writeRevisionContent(deferred) !== last.content,
    [deferred, last],
  );
  return changed && last !== null ? last.label : null;
}

/**
 * The document's live changes as server-sent events (`GET /api/documents/:id/events`). `ready` comes
 * first on every (re)connection: from then on nothing is missed, so that is when to fetch afresh.
 */
import { useEffect, useRef } from 'react';
import { createEventsUrl } from '../api/client';

export const DOCUMENT_EVENT_TYPES = [
  'ready',
  'position',
  'commission-reservation',
  'comment',
  'silence',
  'consensus-changed',
  'revision',
  'forwarded',
] as const;
export type DocumentEventType = (typeof DOCUMENT_EVENT_TYPES)[number];

export function useDocumentEvents(
  documentId: string,
  onEvent: (type: DocumentEventType, data: unknown) => void,
) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const source = new EventSource(createEventsUrl(documentId));
    for (const type of DOCUMENT_EVENT_TYPES) {
      source.addEventListener(type, (event) => {
        let data: unknown = null;
        try {
          data = JSON.parse((event as MessageEvent<string>).data);
        } catch {
          data = null;
        }
        handler.current(type, data);
      });
    }
    return () => source.close();
  }, [documentId]);
}

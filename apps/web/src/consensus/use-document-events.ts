/**
 * The document's live changes as server-sent events (`GET /api/documents/:id/events`). `ready` comes
 * first on every (re)connection: from then on nothing is missed, so that is when to fetch afresh. When
 * the browser reconnects by itself it sends the last event's id, and the server may answer with
 * `resumed: true` and the events missed: then there is nothing to fetch afresh, and `ready` is not
 * passed on.
 */
import { useEffect, useRef } from 'react';
import { createEventsUrl } from '../api/client';
import { useCheckSession } from '../session/session-context';

export const DOCUMENT_EVENT_TYPES = [
  'ready',
  'position',
  'commission-reservation',
  'comment',
  'silence',
  'consensus-changed',
  'revision',
  'forwarded',
  'corrected',
] as const;
export type DocumentEventType = (typeof DOCUMENT_EVENT_TYPES)[number];

/** The wait before opening a stream the browser gave up on again, doubled on each failure in a row. */
export const FIRST_REOPEN_DELAY_MS = 1_000;
export const MAX_REOPEN_DELAY_MS = 30_000;

export function useDocumentEvents(
  documentId: string,
  onEvent: (type: DocumentEventType, data: unknown) => void,
) {
  useEventStream(createEventsUrl(documentId), DOCUMENT_EVENT_TYPES, onEvent);
}

/**
 * The events `types` of the stream at `url` (a document's, or the list's `GET /api/events`), opened
 * again, backing off, when the browser gives up on it; `ready` passed on unless the stream resumed.
 * `types` must be a constant: the stream is opened again only when `url` changes.
 */
export function useEventStream<T extends string>(
  url: string,
  types: readonly T[],
  onEvent: (type: T, data: unknown) => void,
) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const listened = useRef(types);
  const checkSession = useCheckSession();
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const open = () => {
      const opened = new EventSource(url);
      source = opened;
      for (const type of listened.current) {
        opened.addEventListener(type, (event) => {
          if (type === 'ready') failures = 0;
          let data: unknown = null;
          try {
            data = JSON.parse((event as MessageEvent<string>).data);
          } catch {
            data = null;
          }
          if (type === 'ready' && (data as { resumed?: unknown } | null)?.resumed === true) return;
          handler.current(type, data);
        });
      }
      // After a network error the browser reconnects by itself; after an answer that is not 200 (a
      // proxy's 502 while the server restarts, or a 401 for a session that ended) it gives up for
      // good: ask who is signed in (the screen leaves when nobody is), and open it again, backing off.
      opened.addEventListener('error', () => {
        if (opened.readyState !== EventSource.CLOSED) return;
        void checkSession();
        failures += 1;
        retry = setTimeout(open, Math.min(MAX_REOPEN_DELAY_MS, FIRST_REOPEN_DELAY_MS * 2 ** (failures - 1)));
      });
    };
    open();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [url, checkSession]);
}

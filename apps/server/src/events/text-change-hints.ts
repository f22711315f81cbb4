import type { LiveDocuments } from '../sync/live-documents';
import type { DocumentEventBus } from './event-bus';

/** At most one `consensus-changed` hint per document per this interval, sent at its end. */
export const TEXT_HINT_INTERVAL_MS = 250;

/**
 * Tells open streams that a document's live text changed (positions may have gone stale, comments
 * orphaned), without a message per keystroke: the first change after a quiet spell starts a timer,
 * changes until it fires are folded into one hint. Documents nobody watches, nor watched in the last
 * few minutes (a stream that reconnects is owed its missed hints: `DocumentEventBus.isWatched`), cost
 * nothing.
 * Returns the function that stops it.
 */
export function publishTextChangeHints(
  documents: LiveDocuments,
  events: DocumentEventBus,
  now: () => number,
  intervalMs = TEXT_HINT_INTERVAL_MS,
): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  const stop = documents.onChange((documentId) => {
    if (timers.has(documentId) || !events.isWatched(documentId)) return;
    const timer = setTimeout(() => {
      timers.delete(documentId);
      events.publish(documentId, {
        type: 'consensus-changed',
        data: { cause: 'text', at: new Date(now()).toISOString() },
      });
    }, intervalMs);
    timer.unref();
    timers.set(documentId, timer);
  });
  return () => {
    stop();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}

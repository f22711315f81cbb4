import type { DocumentEvent } from './document-events';

/**
 * Who may receive an event: everyone who may read the document, or only the users of one delegation
 * (a delegation's private note). The bus filters per subscriber, so a private event never leaves the
 * process towards anyone else.
 */
export type Audience =
  | { readonly type: 'all' }
  | { readonly type: 'delegation'; readonly delegation: string };

export const EVERYONE: Audience = { type: 'all' };

/** What a subscriber is known by: the delegation of the user behind the stream. */
export interface Viewer {
  readonly delegation: string | null;
}

export type DeliveredEvent = DocumentEvent & {
  /** Increasing across the process; the SSE `id:` of the event. */
  readonly id: number;
  readonly documentId: string;
};

export type EventListener = (event: DeliveredEvent) => void;

interface Subscriber {
  readonly viewer: Viewer;
  readonly listener: EventListener;
}

export function canReceive(viewer: Viewer, audience: Audience): boolean {
  return audience.type === 'all' || (viewer.delegation !== null && viewer.delegation === audience.delegation);
}

/**
 * The live changes of each document, for open clients (the SSE stream) and for anything else in the
 * process that reacts to them. Publishing is synchronous and never throws: a failing listener is
 * reported and the others still get the event.
 */
export class DocumentEventBus {
  private lastId = 0;
  private readonly subscribers = new Map<string, Set<Subscriber>>();

  constructor(
    private readonly logError: (message: string, error: unknown) => void = (message, error) =>
      console.error(message, error),
  ) {}

  publish(documentId: string, event: DocumentEvent, audience: Audience = EVERYONE): void {
    const subscribers = this.subscribers.get(documentId);
    this.lastId++;
    if (subscribers === undefined) return;
    // Field by field: a spread followed by more fields takes V8's slow path (see describe-audit.ts).
    const delivered = { type: event.type, data: event.data, id: this.lastId, documentId } as DeliveredEvent;
    for (const subscriber of subscribers) {
      if (!canReceive(subscriber.viewer, audience)) continue;
      try {
        subscriber.listener(delivered);
      } catch (error) {
        this.logError(`an event listener of document ${documentId} failed`, error);
      }
    }
  }

  /** Calls `listener` with every event of the document `viewer` may receive; returns the unsubscribe. */
  subscribe(documentId: string, viewer: Viewer, listener: EventListener): () => void {
    let subscribers = this.subscribers.get(documentId);
    if (subscribers === undefined) {
      subscribers = new Set();
      this.subscribers.set(documentId, subscribers);
    }
    const subscriber: Subscriber = { viewer, listener };
    subscribers.add(subscriber);
    return () => {
      const current = this.subscribers.get(documentId);
      if (current === undefined) return;
      current.delete(subscriber);
      if (current.size === 0) this.subscribers.delete(documentId);
    };
  }

  subscriberCount(documentId: string): number {
    return this.subscribers.get(documentId)?.size ?? 0;
  }
}

import { randomBytes } from 'node:crypto';
import type { DocumentEvent } from './document-events';
import type { DocumentListEvent } from './document-list-events';

/** The most events of one document kept for streams that reconnect (`Last-Event-ID`). */
export const MAX_REPLAY_EVENTS = 500;
/** And the most characters of their JSON: comments can be long (the body and its quote). */
export const MAX_REPLAY_CHARS = 1_000_000;
/** How long a document's events are kept after its last stream closed, for one that reconnects. */
export const REPLAY_WINDOW_MS = 5 * 60_000;

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

/** What a bus carries: an SSE event's name (`type`) and its `data`. */
export interface BusEvent {
  readonly type: string;
  readonly data: unknown;
}

export type DeliveredEvent<E extends BusEvent = DocumentEvent> = E & {
  /** The channel it went out on: a document's id (the list's stream has one channel). */
  readonly documentId: string;
  /** `data` as JSON, made once for every stream that sends it. */
  readonly json: string;
};

/**
 * `eventId` is the event's SSE `id:` for this subscriber (see `ReplayLog`): what it sends back as
 * `Last-Event-ID` to have the events it missed replayed (`eventsSince`).
 */
export type EventListener<E extends BusEvent = DocumentEvent> = (
  event: DeliveredEvent<E>,
  eventId: string,
) => void;

interface Subscriber<E extends BusEvent> {
  readonly viewer: Viewer;
  readonly listener: EventListener<E>;
}

export function canReceive(viewer: Viewer, audience: Audience): boolean {
  return audience.type === 'all' || (viewer.delegation !== null && viewer.delegation === audience.delegation);
}

interface KeptEvent<E extends BusEvent> {
  readonly event: DeliveredEvent<E>;
  readonly audience: Audience;
}

/**
 * A watched document's recent events, for streams that reconnect. An event's id for a viewer is the
 * log's generation and the count of the log's events that viewer may receive, up to this one: it
 * grows by one per event the viewer sees, so its gaps tell nothing of another delegation's private
 * notes, and the ids of viewers who see the same events are the same. The generation is random for
 * each log, so an id from a dropped log or from before a restart is never taken for one of this log's.
 */
class ReplayLog<E extends BusEvent> {
  private readonly kept: KeptEvent<E>[] = [];
  private keptChars = 0;
  private toAll = 0;
  private readonly toDelegation = new Map<string, number>();
  private droppedToAll = 0;
  private readonly droppedToDelegation = new Map<string, number>();
  /** When the last subscriber left; null while somebody watches. */
  unwatchedSince: number | null = null;

  constructor(readonly generation: string) {}

  append(event: DeliveredEvent<E>, audience: Audience): void {
    if (audience.type === 'all') this.toAll++;
    else increment(this.toDelegation, audience.delegation);
    this.kept.push({ event, audience });
    this.keptChars += event.json.length;
    while (this.kept.length > MAX_REPLAY_EVENTS || this.keptChars > MAX_REPLAY_CHARS) {
      const dropped = this.kept.shift() as KeptEvent<E>;
      this.keptChars -= dropped.event.json.length;
      if (dropped.audience.type === 'all') this.droppedToAll++;
      else increment(this.droppedToDelegation, dropped.audience.delegation);
    }
  }

  /** The id of the last event `viewer` may have received. */
  lastIdFor(viewer: Viewer): string {
    return `${this.generation}.${this.toAll + countFor(this.toDelegation, viewer)}`;
  }

  /**
   * What `viewer` may receive after its event `lastEventId`, with their ids; null when that is not
   * known: an id of another log, one this log has not given, or events since then no longer kept.
   */
  since(viewer: Viewer, lastEventId: string): { event: DeliveredEvent<E>; id: string }[] | null {
    const dot = lastEventId.lastIndexOf('.');
    if (dot < 0 || lastEventId.slice(0, dot) !== this.generation) return null;
    const count = lastEventId.slice(dot + 1);
    if (!/^\d{1,15}$/.test(count)) return null;
    const last = Number(count);
    let seen = this.droppedToAll + countFor(this.droppedToDelegation, viewer);
    const latest = this.toAll + countFor(this.toDelegation, viewer);
    if (last < seen || last > latest) return null;
    const missed: { event: DeliveredEvent<E>; id: string }[] = [];
    for (const { event, audience } of this.kept) {
      if (!canReceive(viewer, audience)) continue;
      seen++;
      if (seen > last) missed.push({ event, id: `${this.generation}.${seen}` });
    }
    return missed;
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function countFor(counts: ReadonlyMap<string, number>, viewer: Viewer): number {
  return viewer.delegation === null ? 0 : (counts.get(viewer.delegation) ?? 0);
}

/**
 * The live changes of each document, for open clients (the SSE stream) and for anything else in the
 * process that reacts to them. Publishing is synchronous and never throws: a failing listener is
 * reported and the others still get the event. A document watched now or in the last
 * `REPLAY_WINDOW_MS` keeps its last `MAX_REPLAY_EVENTS` events (within `MAX_REPLAY_CHARS` of JSON) for
 * streams that reconnect; others cost nothing.
 */
export class EventBus<E extends BusEvent> {
  private readonly subscribers = new Map<string, Set<Subscriber<E>>>();
  private readonly logs = new Map<string, ReplayLog<E>>();

  constructor(
    private readonly logError: (message: string, error: unknown) => void = (message, error) =>
      console.error(message, error),
    private readonly now: () => number = Date.now,
  ) {}

  publish(documentId: string, event: E, audience: Audience = EVERYONE): void {
    const log = this.watchedLog(documentId);
    if (log === undefined) return;
    // Field by field: a spread followed by more fields takes V8's slow path (see describe-audit.ts).
    const json = JSON.stringify(event.data);
    const delivered = {
      type: event.type,
      data: event.data,
      documentId,
      json,
    } as DeliveredEvent<E>;
    log.append(delivered, audience);
    const subscribers = this.subscribers.get(documentId);
    if (subscribers === undefined) return;
    for (const subscriber of subscribers) {
      if (!canReceive(subscriber.viewer, audience)) continue;
      try {
        subscriber.listener(delivered, log.lastIdFor(subscriber.viewer));
      } catch (error) {
        this.logError(`an event listener of document ${documentId} failed`, error);
      }
    }
  }

  /** Calls `listener` with every event of the document `viewer` may receive; returns the unsubscribe. */
  subscribe(documentId: string, viewer: Viewer, listener: EventListener<E>): () => void {
    this.forgetUnwatchedLogs();
    let subscribers = this.subscribers.get(documentId);
    if (subscribers === undefined) {
      subscribers = new Set();
      this.subscribers.set(documentId, subscribers);
    }
    let log = this.logs.get(documentId);
    if (log === undefined) {
      // Random, not counted: a count would tell a viewer how many documents others have watched.
      log = new ReplayLog<E>(randomBytes(9).toString('base64url'));
      this.logs.set(documentId, log);
    }
    log.unwatchedSince = null;
    const subscriber: Subscriber<E> = { viewer, listener };
    subscribers.add(subscriber);
    return () => {
      const current = this.subscribers.get(documentId);
      if (current === undefined || !current.delete(subscriber) || current.size > 0) return;
      this.subscribers.delete(documentId);
      const watched = this.logs.get(documentId);
      if (watched !== undefined) watched.unwatchedSince = this.now();
    };
  }

  /**
   * The events of the document `viewer` may receive after the one it knows as `lastEventId` (an id
   * its listener was given), with their ids, oldest first; null when they are not known (another
   * process's id, or more missed than kept): then the viewer should read afresh what it shows.
   */
  eventsSince(
    documentId: string,
    viewer: Viewer,
    lastEventId: string,
  ): { event: DeliveredEvent<E>; id: string }[] | null {
    return this.watchedLog(documentId)?.since(viewer, lastEventId) ?? null;
  }

  subscriberCount(documentId: string): number {
    return this.subscribers.get(documentId)?.size ?? 0;
  }

  /** Whether anybody watches the document or may come back to it: its events are worth publishing. */
  isWatched(documentId: string): boolean {
    return this.watchedLog(documentId) !== undefined;
  }

  private watchedLog(documentId: string): ReplayLog<E> | undefined {
    const log = this.logs.get(documentId);
    if (log?.unwatchedSince == null || this.now() - log.unwatchedSince <= REPLAY_WINDOW_MS) return log;
    this.logs.delete(documentId);
    return undefined;
  }

  private forgetUnwatchedLogs(): void {
    for (const documentId of this.logs.keys()) this.watchedLog(documentId);
  }
}

/**
 * Each document's live changes, and the document list's (`list`, on its one channel
 * `DOCUMENT_LIST_CHANNEL`): the same rules of audience, replay and delivery for both streams.
 */
export class DocumentEventBus extends EventBus<DocumentEvent> {
  readonly list: EventBus<DocumentListEvent>;

  constructor(
    logError: (message: string, error: unknown) => void = (message, error) => console.error(message, error),
    now: () => number = Date.now,
  ) {
    super(logError, now);
    this.list = new EventBus<DocumentListEvent>(logError, now);
  }
}

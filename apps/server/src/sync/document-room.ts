import {
  getFragment,
  readBlockIdOwners,
  repairBlockIds,
  repairHiddenRestarts,
  touchesBlockIds,
  touchesRestarts,
} from '@accord/ydoc';
import * as Y from 'yjs';
import { type FramedMessage, frameBinary } from './framed-broadcast';
import { FULL_STATE_CACHE_MS, RELAY_MIN_INTERVAL_MS } from './limits';
import { type AwarenessEntry, encodeUpdate } from './protocol';
import type { SyncConnection } from './sync-connection';

/** Holds the server's own client id in `DocumentRoom.writers` (no user id is empty). */
const SERVER_WRITER = '';

export interface AwarenessState {
  readonly clock: number;
  /** JSON text of the state, its `user` set by the server. */
  readonly state: string;
  readonly owner: SyncConnection;
}

/** One loaded document: its Y.Doc, the connections editing it and what is durable of it. */
export class DocumentRoom {
  readonly doc = new Y.Doc({ gc: true });
  readonly connections = new Set<SyncConnection>();
  readonly awareness = new Map<number, AwarenessState>();
  /** Resolves once the stored state is in `doc`; no sync step is answered before. */
  loaded: Promise<void> = Promise.resolve();
  ready = false;
  /** Seq of the last update of this document known to be committed. */
  committedSeq = 0;
  /** Committed log entries after the latest snapshot. */
  committedSinceSnapshot = 0;
  /** State vector when the batch now being committed was cut. */
  cutStateVector: Uint8Array | null = null;
  /** State vector of everything known to be on disk. */
  durableStateVector: Uint8Array = new Uint8Array([0]);
  /** Accepted awareness changes not yet relayed, the latest per client id (see AWARENESS_BATCH_MS). */
  readonly pendingAwareness = new Map<number, AwarenessEntry>();
  awarenessTimer: NodeJS.Timeout | null = null;
  /** When awareness was last relayed (performance.now()). */
  lastAwarenessRelayAt = Number.NEGATIVE_INFINITY;
  /** Updates of this document queued for the journal and not yet cut into a batch. */
  queuedUpdates = 0;
  /**
   * Ack connections whose updates (or resent ones) wait in the queue, with those messages' numbers:
   * owed a durable message after the next batch.
   */
  readonly acksAfterNextBatch = new Map<SyncConnection, number[]>();
  /** Ack connections owed a durable message once the batch being committed is on disk. */
  readonly acksAfterThisBatch = new Map<SyncConnection, number[]>();
  compacting: Promise<void> | null = null;
  /** A change of the server's is applied but not stored yet (`LiveDocuments.editAtomically`). */
  withheld: Promise<void> | null = null;
  idleTimer: NodeJS.Timeout | null = null;
  /**
   * Set by any transaction that changes the document; whoever wants to know whether applying something
   * changed it clears this first. Set, never cleared, by the hook: Yjs follows a remote change to
   * formatted text (square brackets) with a formatting-cleanup transaction of its own, which must not
   * hide the change before it.
   */
  changedSinceCleared = false;

  /**
   * Which user writes as each Yjs client id, from its first live edit or awareness announcement on
   * (stored with the update log, so it outlives this load; the server's own id is its own): nobody
   * writes structs as another user's client, which would take the clocks of that user's edits in
   * flight, so that theirs were dropped as already known while their acknowledgement said they were
   * on disk.
   */
  private readonly writers = new Map<number, string>();
  /** Writers stored by a run that stopped uncleanly and not claimed again in this load; else null. */
  private takenBeforeACrash: Set<number> | null = null;

  /** Who holds each block id as of the last repair (see @accord/ydoc block-ids); null until needed. */
  private blockOwners: Map<string, Y.XmlElement> | null = null;
  /** A transaction since then may have added, removed or re-id'd a block. */
  private blockIdsTouched = false;
  /** Whether a change since the last repair may have left a restart on an unnumbered block. */
  private restartsTouched = false;

  private fullState: Uint8Array | null = null;
  private fullStateTimer: NodeJS.Timeout | null = null;

  /** @param relayMinIntervalMs see RELAY_MIN_INTERVAL_MS; 0 relays at the end of each turn. */
  constructor(
    readonly id: string,
    private readonly relayMinIntervalMs = RELAY_MIN_INTERVAL_MS,
  ) {
    // The fragment exists before the first update, so transactions name it as itself (Yjs would
    // otherwise record changes against a placeholder type that `getXmlFragment` later replaces).
    getFragment(this.doc);
    this.writers.set(this.doc.clientID, SERVER_WRITER);
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      this.dropFullState();
      if (hasChanges(transaction)) this.changedSinceCleared = true;
      if (!this.blockIdsTouched && touchesBlockIds(transaction, this.doc)) this.blockIdsTouched = true;
      if (!this.restartsTouched && touchesRestarts(transaction, this.doc)) this.restartsTouched = true;
    });
  }

  /** Whether `userId` may write as `client` in a live edit: nobody holds it yet, or they do. */
  mayWriteAs(client: number, userId: string): boolean {
    const holder = this.writers.get(client);
    return holder === undefined || holder === userId;
  }

  /**
   * Whether a sync step 2 of `userId` may repeat structs of `client` the server does not have: as
   * `mayWriteAs`, and also when the client was taken in a previous run that stopped uncleanly, whose
   * relayed but uncommitted edits other clients may hold.
   */
  mayRepeatAs(client: number, userId: string): boolean {
    return this.mayWriteAs(client, userId) || this.takenBeforeACrash?.has(client) === true;
  }

  /**
   * Takes `client` for `userId` unless another user holds it: `taken` (newly theirs: to be stored),
   * `held` (already theirs) or `refused`.
   */
  claimClient(client: number, userId: string): 'taken' | 'held' | 'refused' {
    const holder = this.writers.get(client);
    if (holder === undefined) {
      this.writers.set(client, userId);
      return 'taken';
    }
    if (holder !== userId) return 'refused';
    // Its user is here: whatever the server lost of that client, the user repeats.
    this.takenBeforeACrash?.delete(client);
    return 'held';
  }

  /**
   * The writers stored for this document, as it is loaded (before any connection speaks).
   * `afterACrash`: the previous run stopped without committing all it had relayed (see mayRepeatAs).
   */
  restoreWriters(writers: ReadonlyMap<number, string>, afterACrash: boolean): void {
    if (afterACrash) this.takenBeforeACrash = new Set();
    for (const [client, userId] of writers) {
      // The server's own id of this load is fresh; a stored id equal to it is a one-in-2³² accident.
      if (client === this.doc.clientID) continue;
      this.writers.set(client, userId);
      this.takenBeforeACrash?.add(client);
    }
  }

  /**
   * After a client's change: a block it left without an id, or gave an id another block already held,
   * gets a fresh one (`newId`) in a transaction of `origin`, so positions and comments stay on the text
   * they were given on.
   */
  repairBlockIds(newId: () => string, origin: unknown): void {
    if (!this.blockIdsTouched) return;
    this.blockOwners = repairBlockIds(this.doc, this.blockOwners ?? new Map(), newId, origin);
    this.blockIdsTouched = false;
  }

  /**
   * After a client's change: a numbering restart it left on a block that is not numbered (two
   * delegates' changes merged) goes to the next numbered paragraph, in a transaction of `origin`.
   */
  repairHiddenRestarts(origin: unknown): void {
    if (!this.restartsTouched) return;
    repairHiddenRestarts(this.doc, origin);
    this.restartsTouched = false;
  }

  /**
   * Before a client's change: notes who holds each block id, unless known. Not at load, where a
   * 2,000-block document would take a few milliseconds more to reach its first client.
   */
  knowBlockIds(): void {
    if (this.blockOwners !== null) return;
    this.noteBlockIds();
  }

  /** After the server's own change, whose ids need no repair: notes who holds each. */
  noteBlockIds(): void {
    this.blockOwners = readBlockIdOwners(this.doc);
    this.blockIdsTouched = false;
  }

  /**
   * The whole document as one update (what a client with nothing yet is sent), encoded once and kept
   * for FULL_STATE_CACHE_MS or until the next transaction.
   */
  getFullState(): Uint8Array {
    if (this.fullState === null) this.keepFullState(Y.encodeStateAsUpdate(this.doc));
    return this.fullState as Uint8Array;
  }

  /** Keeps `state`, an update holding exactly the document as it is now (e.g. the snapshot just loaded). */
  keepFullState(state: Uint8Array): void {
    this.dropFullState();
    this.fullState = state;
    this.fullStateTimer = setTimeout(() => this.dropFullState(), FULL_STATE_CACHE_MS);
    this.fullStateTimer.unref();
  }

  dropFullState(): void {
    this.fullState = null;
    if (this.fullStateTimer !== null) {
      clearTimeout(this.fullStateTimer);
      this.fullStateTimer = null;
    }
  }

  /** Sends one encoded message to every started connection except `except`, framed once for all. */
  broadcast(message: Uint8Array, except: SyncConnection | null = null): void {
    let framed: FramedMessage | null = null;
    for (const connection of this.connections) {
      if (connection === except || !connection.started) continue;
      if (framed === null) framed = frameBinary(message);
      connection.sendFramed(framed);
    }
  }

  /**
   * Relays an applied update to the other connections at the end of this turn of the event loop, or,
   * when the last relay was less than `relayMinIntervalMs` ago, once that interval has passed;
   * together with every other update applied meanwhile. One update goes out as it came (`frame`, the
   * client's own Update message, when it is one); several are merged into one Update message, so a
   * busy document costs each connection one message per interval instead of one per edit. `from` (the
   * connection it came from, null for the server's own edits) is left out when it is the only source;
   * with several sources every connection gets the merge, its own updates included, which Yjs
   * ignores as already applied.
   *
   * An update that `reshapes` the document (an Enter, a join, a footnote: see `reshapesDocument`) is
   * never merged: it goes as a message of its own between the merges before and after it. A client
   * reads such a change as its author wrote it (the web app's rescue of unsent characters and its
   * caret rules); merged with another's keystroke in the same paragraph, a split's copy would hold the
   * keystroke too and no longer match what it copied.
   */
  relay(update: Uint8Array, frame: Uint8Array | null, from: SyncConnection | null, reshapes = false): void {
    this.outbox.push({ update, frame, from, reshapes });
    if (this.cancelRelay !== null) return;
    // After a relay ahead, the rest of that turn still goes at its end, merged, as it did before.
    const wait = this.aheadThisTurn ? 0 : this.lastRelayAt + this.relayMinIntervalMs - performance.now();
    // Each kind of handle is cleared by its own function: clearImmediate on a timeout corrupts
    // Node's count of pending immediates.
    if (wait <= 0) {
      const immediate = setImmediate(this.flushRelays);
      this.cancelRelay = () => clearImmediate(immediate);
    } else {
      const timeout = setTimeout(this.flushRelays, wait);
      this.cancelRelay = () => clearTimeout(timeout);
    }
  }

  /**
   * Relays a checked update (`frame`: the client's own Update message) before the server applies it,
   * when it may go at once (nothing is held and the last relay is at least `relayMinIntervalMs` old).
   * The receivers then do not wait for the server's own apply (about as long as the relay itself for
   * one keystroke); the rest of the turn still goes out at its end, merged. In rooms of every size:
   * with 300 receivers it took S1's p50 from 2.1-2.4 to 1.9-2.2 ms and its p99 from 5.6-6.6 to
   * 4.7-5.6 ms (bench/findings.md). Returns false when the update must be relayed with `relay` after it
   * is applied.
   */
  relayAhead(frame: Uint8Array, from: SyncConnection): boolean {
    if (this.cancelRelay !== null || this.outbox.length > 0 || this.aheadThisTurn) return false;
    const now = performance.now();
    if (now < this.lastRelayAt + this.relayMinIntervalMs) return false;
    this.lastRelayAt = now;
    this.aheadThisTurn = true;
    setImmediate(this.endAheadTurn);
    this.broadcast(frame, from);
    return true;
  }

  /** A relay ahead was made in this turn of the event loop (cleared at its end). */
  private aheadThisTurn = false;
  private readonly endAheadTurn = (): void => {
    this.aheadThisTurn = false;
  };

  /** When updates were last relayed (performance.now()). */
  private lastRelayAt = Number.NEGATIVE_INFINITY;
  /** Cancels the scheduled relay; null when none is scheduled. */
  private cancelRelay: (() => void) | null = null;
  private outbox: Outgoing[] = [];

  /**
   * Sends the updates waiting to be relayed now. Also called before the server answers a query, so that
   * the answer comes after every relay of what the server had applied when the query arrived.
   */
  readonly flushRelays = (): void => {
    this.cancelRelay?.();
    this.cancelRelay = null;
    const out = this.outbox;
    const first = out[0];
    if (first === undefined) return;
    this.outbox = [];
    this.lastRelayAt = performance.now();
    let run: Outgoing[] = [];
    for (const item of out) {
      if (!item.reshapes) {
        run.push(item);
        continue;
      }
      this.broadcastMerged(run);
      run = [];
      this.broadcastMerged([item]);
    }
    this.broadcastMerged(run);
  };

  /** One update as it came, or several merged into one Update message. */
  private broadcastMerged(items: readonly Outgoing[]): void {
    const first = items[0];
    if (first === undefined) return;
    if (items.length === 1) {
      this.broadcast(first.frame ?? encodeUpdate(first.update), first.from);
      return;
    }
    const sources = new Set(items.map((item) => item.from));
    const merged = encodeUpdate(Y.mergeUpdates(items.map((item) => item.update)));
    this.broadcast(merged, sources.size === 1 ? first.from : null);
  }
}

interface Outgoing {
  readonly update: Uint8Array;
  readonly frame: Uint8Array | null;
  readonly from: SyncConnection | null;
  readonly reshapes: boolean;
}

/**
 * Whether a transaction changed more than text: a paragraph added or removed (the fragment changed),
 * an element's children or attributes (a footnote put in a paragraph, a run split off by it, a kind
 * changed). Typing and bracket marks change only `Y.XmlText`s; the header's map is no shape either.
 */
export function reshapesDocument(transaction: Y.Transaction): boolean {
  for (const type of transaction.changed.keys()) {
    if (!(type instanceof Y.XmlText) && !(type instanceof Y.Map)) return true;
  }
  return false;
}

/** Yjs's own test for whether a transaction produces an update (see `writeUpdateMessageFromTransaction`). */
function hasChanges(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}

import type { CouncilDocument } from '@accord/model';
import { readDocument, shrinkDocument } from '@accord/ydoc';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createId } from '../auth/tokens';
import { describeFailureKind, RepeatedFailures } from '../repeated-failures';
import { DatabaseLostError, type Store, type UpdateEntry, type User } from '../store/store';
import {
  type ClockRanges,
  checkUpdate,
  readStructRanges,
  type UpdateReadiness,
  type UpdateRefusal,
} from './check-update';
import { DocumentRoom, reshapesDocument } from './document-room';
import {
  AWARENESS_BATCH_MS,
  COMMIT_RETRY_MS,
  GROUP_COMMIT_WINDOW_MS,
  IDLE_UNLOAD_MS,
  MAX_AWARENESS_STATE_BYTES,
  MAX_BUFFERED_BYTES,
  MAX_COMMIT_BATCH_UPDATES,
  MAX_WAITING_BYTES,
  MAX_WAITING_CLIENTS,
  MAX_WAITING_UPDATES,
  PING_INTERVAL_MS,
  QUIET_COMMIT_DELAY_MS,
  RATE_LIMIT_BURST_BYTES,
  RATE_LIMIT_BURST_MESSAGES,
  RATE_LIMIT_BYTES_PER_SECOND,
  RATE_LIMIT_MESSAGES_PER_SECOND,
  RELAY_MIN_INTERVAL_MS,
  SNAPSHOT_AFTER_UPDATES,
} from './limits';
import {
  type AwarenessEntry,
  type ClientMessage,
  CloseCode,
  decodeAwarenessUpdate,
  decodeClientMessage,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodeDurable,
  encodeSyncStep1,
  encodeSyncStep2,
  MalformedMessageError,
} from './protocol';
import { TokenBucket } from './rate-limit';
import { type ConnectionOptions, SyncConnection, type WaitingUpdate } from './sync-connection';
import { UpdateJournal } from './update-journal';

export interface SyncOptions {
  /** @default SNAPSHOT_AFTER_UPDATES */
  readonly snapshotAfterUpdates?: number;
  /** @default IDLE_UNLOAD_MS */
  readonly idleUnloadMs?: number;
  /** @default RATE_LIMIT_BURST_MESSAGES */
  readonly rateLimitBurst?: number;
  /** @default RATE_LIMIT_MESSAGES_PER_SECOND */
  readonly rateLimitPerSecond?: number;
  /** @default RATE_LIMIT_BURST_BYTES */
  readonly rateLimitBurstBytes?: number;
  /** @default RATE_LIMIT_BYTES_PER_SECOND */
  readonly rateLimitBytesPerSecond?: number;
  /** @default MAX_BUFFERED_BYTES */
  readonly maxBufferedBytes?: number;
  /** @default PING_INTERVAL_MS */
  readonly pingIntervalMs?: number;
  /** @default COMMIT_RETRY_MS */
  readonly commitRetryMs?: number;
  /** @default GROUP_COMMIT_WINDOW_MS */
  readonly commitWindowMs?: number;
  /** @default QUIET_COMMIT_DELAY_MS */
  readonly commitQuietDelayMs?: number;
  /** @default MAX_COMMIT_BATCH_UPDATES */
  readonly maxCommitBatch?: number;
  /** @default AWARENESS_BATCH_MS */
  readonly awarenessBatchMs?: number;
  /** @default RELAY_MIN_INTERVAL_MS */
  readonly relayMinIntervalMs?: number;
  /**
   * Where unexpected failures (a failed commit or load) are reported, and (`error` undefined) that
   * failing commits work again. @default console.error
   */
  readonly logError?: (message: string, error: unknown) => void;
}

/**
 * Sees a watched document after each change to its content, synchronously, before the change is
 * queued for its commit (so before it is acknowledged): what it writes to the store goes in first.
 */
export type TextWatcher = (doc: Y.Doc) => void;

/** Who a change is recorded against in the update log. */
export interface Author {
  readonly userId: string | null;
  readonly delegation: string | null;
}

/** A close frame's reason is at most 123 bytes; messages are cut well below. */
const MAX_CLOSE_REASON_CHARS = 100;

/** How a connection whose update `checkUpdate` refused is closed. */
const CLOSE_CODE_OF: Readonly<Record<UpdateRefusal['code'], number>> = {
  malformed: CloseCode.malformed,
  'outside-layout': CloseCode.malformed,
  'too-large': CloseCode.tooBig,
  'not-permitted': CloseCode.policy,
};

const LOAD_ORIGIN = Symbol('load');
const SERVER_ORIGIN = Symbol('server');

/**
 * The documents loaded in memory, one Y.Doc each, and the sockets editing them. Loading replays the
 * latest snapshot and the log after it; every change is relayed at once and logged through the
 * group-committing journal; idle documents are snapshotted and unloaded.
 */
/** What `LiveDocuments.close` wrote. */
export interface CloseReport {
  /** Documents open (or unloading) at the close whose every edit is on disk. */
  readonly flushed: number;
  /** Documents it could not write (the disk failing): logged each. */
  readonly failed: number;
  /** Whether every edit received was committed to the journal. */
  readonly journalDrained: boolean;
}

export class LiveDocuments {
  private readonly rooms = new Map<string, DocumentRoom>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly journal: UpdateJournal<DocumentRoom>;
  private readonly pingTimer: NodeJS.Timeout;
  private readonly snapshotAfterUpdates: number;
  private readonly idleUnloadMs: number;
  private readonly commitRetryMs: number;
  private readonly rateLimitBurst: number;
  private readonly rateLimitPerSecond: number;
  private readonly rateLimitBurstBytes: number;
  private readonly rateLimitBytesPerSecond: number;
  private readonly maxBufferedBytes: number;
  private readonly awarenessBatchMs: number;
  private readonly relayMinIntervalMs: number;
  private readonly logError: (message: string, error: unknown) => void;
  private readonly changeListeners = new Set<(documentId: string) => void>();
  /** Few: only documents under a running silence procedure. Every edit costs one size check for it. */
  private readonly textWatchers = new Map<string, TextWatcher>();
  private readonly loadHooks: ((documentId: string) => Promise<void>)[] = [];
  private closing = false;
  /** How the journal's commits fail while they do, said once. */
  private readonly commitFailures = new RepeatedFailures();

  /** Whether `close` has begun: no connection is taken any more. */
  get isClosing(): boolean {
    return this.closing;
  }
  /** Whether the previous run over the store committed all it relayed (false when unknown). */
  private readonly previousRunEndedCleanly: Promise<boolean>;
  /** Documents unloaded in this run: every update relayed of them since this run began is committed. */
  private readonly unloadedThisRun = new Set<string>();

  constructor(
    private readonly store: Store,
    options: SyncOptions = {},
  ) {
    this.snapshotAfterUpdates = options.snapshotAfterUpdates ?? SNAPSHOT_AFTER_UPDATES;
    this.idleUnloadMs = options.idleUnloadMs ?? IDLE_UNLOAD_MS;
    this.commitRetryMs = options.commitRetryMs ?? COMMIT_RETRY_MS;
    this.rateLimitBurst = options.rateLimitBurst ?? RATE_LIMIT_BURST_MESSAGES;
    this.rateLimitPerSecond = options.rateLimitPerSecond ?? RATE_LIMIT_MESSAGES_PER_SECOND;
    this.rateLimitBurstBytes = options.rateLimitBurstBytes ?? RATE_LIMIT_BURST_BYTES;
    this.rateLimitBytesPerSecond = options.rateLimitBytesPerSecond ?? RATE_LIMIT_BYTES_PER_SECOND;
    this.maxBufferedBytes = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
    this.awarenessBatchMs = options.awarenessBatchMs ?? AWARENESS_BATCH_MS;
    this.relayMinIntervalMs = options.relayMinIntervalMs ?? RELAY_MIN_INTERVAL_MS;
    this.logError =
      options.logError ??
      ((message, error) => (error === undefined ? console.error(message) : console.error(message, error)));
    this.previousRunEndedCleanly = store.updates.beginRun().catch((error) => {
      this.logError('cannot tell whether the previous run stopped cleanly; assuming it did not', error);
      return false;
    });
    this.journal = new UpdateJournal(
      store.updates,
      {
        cut: (rooms) => {
          for (const room of rooms) {
            room.cutStateVector = Y.encodeStateVector(room.doc);
            room.queuedUpdates = 0;
            for (const [connection, seqs] of room.acksAfterNextBatch)
              oweAck(room.acksAfterThisBatch, connection, ...seqs);
            room.acksAfterNextBatch.clear();
          }
        },
        committed: (rooms) => {
          const failed = this.commitFailures.end();
          if (failed !== null)
            this.logError(`committing updates works again, after ${failed.times} failed attempts`, undefined);
          this.onCommitted(rooms);
        },
        failed: (error) => {
          // The store says once that its file is lost and once that it is back: not at every retry.
          if (error instanceof DatabaseLostError) return;
          // Nor a disk full or failing at every retry, a line and a stack a second while it lasts.
          if (!this.commitFailures.count(describeFailureKind(error))) return;
          this.logError(
            `committing updates failed; retrying every ${this.commitRetryMs} ms, said again only once it works or fails otherwise`,
            error,
          );
        },
      },
      {
        windowMs: options.commitWindowMs ?? GROUP_COMMIT_WINDOW_MS,
        quietDelayMs: options.commitQuietDelayMs ?? QUIET_COMMIT_DELAY_MS,
        maxBatch: options.maxCommitBatch ?? MAX_COMMIT_BATCH_UPDATES,
        retryMs: this.commitRetryMs,
      },
    );
    this.pingTimer = setInterval(() => this.pingAll(), options.pingIntervalMs ?? PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  /** Number of documents in memory. */
  get loadedCount(): number {
    return this.rooms.size;
  }

  isLoaded(documentId: string): boolean {
    return this.rooms.has(documentId);
  }

  /**
   * Calls `listener` after each change to a live document's content (a client's update or a server
   * edit), synchronously, so it must be cheap. Returns the function that unsubscribes it.
   */
  onChange(listener: (documentId: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * Calls `watcher` after each change to the document's content, before the change is logged or
   * acknowledged (see `TextWatcher`), and once now if the document is in memory. One watcher per
   * document: a second replaces the first. Returns the function that stops it.
   */
  watchText(documentId: string, watcher: TextWatcher): () => void {
    this.textWatchers.set(documentId, watcher);
    const room = this.rooms.get(documentId);
    if (room?.ready === true) this.callTextWatcher(room);
    return () => {
      if (this.textWatchers.get(documentId) === watcher) this.textWatchers.delete(documentId);
    };
  }

  /**
   * Runs `hook` each time a document is loaded, after its stored state and before any change is
   * applied to it (a hook that fails fails the load): where a watcher that must see every change
   * after a restart is set up.
   */
  beforeChanges(hook: (documentId: string) => Promise<void>): void {
    this.loadHooks.push(hook);
  }

  private callTextWatcher(room: DocumentRoom): void {
    const watcher = this.textWatchers.get(room.id);
    if (watcher === undefined) return;
    try {
      watcher(room.doc);
    } catch (error) {
      this.logError(`the text watcher of document ${room.id} failed`, error);
    }
  }

  /** Attaches an authorised socket to a document; sync starts once the document is loaded. */
  connect(
    socket: WebSocket,
    user: User,
    documentId: string,
    options: ConnectionOptions,
  ): SyncConnection | null {
    if (this.closing) {
      socket.close(CloseCode.goingAway, 'server shutting down');
      return null;
    }
    const room = this.open(documentId);
    const connection = new SyncConnection(
      socket,
      user,
      room,
      options,
      new TokenBucket(this.rateLimitBurst, this.rateLimitPerSecond, Date.now()),
      new TokenBucket(this.rateLimitBurstBytes, this.rateLimitBytesPerSecond, Date.now()),
      this.maxBufferedBytes,
      (c) => this.disconnect(c),
    );
    room.connections.add(connection);
    socket.on('message', (data, isBinary) => this.receive(connection, data as Buffer, isBinary));
    socket.on('close', () => this.disconnect(connection));
    socket.on('error', () => this.disconnect(connection));
    socket.on('pong', () => {
      connection.alive = true;
    });
    if (room.ready && room.withheld === null) this.start(connection);
    return connection;
  }

  /** The live text of a document, loading it if needed. */
  async read(documentId: string): Promise<CouncilDocument> {
    const room = this.open(documentId);
    await room.loaded;
    // Not a change that is not stored yet (editAtomically): the text as it will be once it is.
    await room.withheld;
    const document = readDocument(room.doc);
    if (room.connections.size === 0) this.scheduleUnload(room);
    return document;
  }

  /**
   * Changes a document on the server (an upload, a server-side edit): the change is applied in one
   * transaction, relayed to every connection and logged against `author`.
   */
  async edit(documentId: string, change: (doc: Y.Doc) => void, author: Author): Promise<void> {
    const room = this.open(documentId);
    await room.loaded;
    let update: Uint8Array | null;
    try {
      update = this.applyServerChange(room, change);
    } finally {
      // Also when `change` refused to change anything by throwing: a document loaded only for it goes.
      if (room.connections.size === 0) this.scheduleUnload(room);
    }
    if (update !== null) this.publishServerChange(room, update, author);
  }

  /**
   * Changes a document on the server, all or nothing with what the change belongs with (a revision
   * issued from an upload): the change is applied in memory, but goes to no client and into no log
   * until `store` has written it, as the update-log entry it is given (null when nothing changed),
   * in the same transaction as the rest. A crash before then leaves no trace of it anywhere; if
   * `store` fails, the change is relayed and logged as `edit` would (the server's copy already holds
   * it). Meanwhile the document is neither snapshotted nor unloaded, and new connections wait.
   */
  async editAtomically<T>(
    documentId: string,
    change: (doc: Y.Doc) => void,
    author: Author,
    store: (entry: UpdateEntry | null) => Promise<T>,
  ): Promise<T> {
    const room = this.open(documentId);
    await room.loaded;
    await room.withheld;
    let release!: () => void;
    room.withheld = new Promise<void>((resolve) => {
      release = resolve;
    });
    let update: Uint8Array | null = null;
    let stored = false;
    try {
      update = this.applyServerChange(room, change);
      // The live text changed now, though reads of it wait until it is stored: a copy read before
      // (LiveTexts') must not be handed out meanwhile, as the text a position is pinned to.
      if (update !== null) this.notifyChange(room.id);
      const result = await store(update === null ? null : { documentId, update, ...author, at: Date.now() });
      stored = true;
      return result;
    } finally {
      room.withheld = null;
      release();
      if (update !== null) this.publishServerChange(room, update, stored ? null : author);
      for (const connection of room.connections) this.start(connection);
      if (room.connections.size === 0) this.scheduleUnload(room);
    }
  }

  /** Applies a change of the server's own in one transaction; its update, or null if nothing changed. */
  private applyServerChange(room: DocumentRoom, change: (doc: Y.Doc) => void): Uint8Array | null {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => {
      update = u;
    };
    room.doc.on('update', capture);
    try {
      room.doc.transact(() => change(room.doc), SERVER_ORIGIN);
      room.noteBlockIds();
    } finally {
      room.doc.off('update', capture);
    }
    if (update !== null && this.textWatchers.size > 0) this.callTextWatcher(room);
    return update;
  }

  /** Relays a change of the server's own, and logs it against `author` (null: it is already stored). */
  private publishServerChange(room: DocumentRoom, update: Uint8Array, author: Author | null): void {
    room.relay(update, null, null);
    if (author !== null) {
      room.queuedUpdates += 1;
      this.journal.push(room, { documentId: room.id, update, ...author, at: Date.now() });
    }
    this.notifyChange(room.id);
  }

  /** Resolves once every update applied so far is committed. */
  flush(): Promise<void> {
    return this.journal.flush();
  }

  /** The documents being written to disk as they unload: during a close, what it still waits for. */
  get unloadingIds(): readonly string[] {
    return [...this.unloading.keys()];
  }

  /**
   * Closes every socket (1001), commits what is queued, snapshots and unloads every document. Says
   * how many documents it flushed, and how many of those it could not.
   */
  async close(): Promise<CloseReport> {
    this.closing = true;
    clearInterval(this.pingTimer);
    for (const room of this.rooms.values()) {
      for (const connection of room.connections)
        connection.close(CloseCode.goingAway, 'server shutting down');
    }
    // Each unload is tracked in `unloading`, with any begun before the close.
    for (const room of [...this.rooms.values()]) void this.unload(room);
    const ids = [...this.unloading.keys()];
    const results = await Promise.allSettled([...this.unloading.values()]);
    results.forEach((result, i) => {
      if (result.status === 'rejected') this.logError(`flushing document ${ids[i]} failed`, result.reason);
    });
    // Edits of a document no longer loaded may be queued still (a server change to it failed to commit).
    const drained = await this.journal.flush().then(
      () => true,
      () => false,
    );
    // With a failing disk the unloads gave up; the journal would retry for as long as the process lives.
    this.journal.close();
    // Only a run that stored every edit is marked clean: after any other, edits the log lacks may come
    // back in other clients' resends, and are taken.
    const failed = results.filter((result) => result.status === 'rejected').length;
    if (drained && failed === 0) {
      await this.store.updates.endRun().catch((error) => this.logError('ending the run failed', error));
    }
    return { flushed: results.length - failed, failed, journalDrained: drained };
  }

  private open(documentId: string): DocumentRoom {
    const existing = this.rooms.get(documentId);
    if (existing) {
      if (existing.idleTimer !== null) {
        clearTimeout(existing.idleTimer);
        existing.idleTimer = null;
      }
      return existing;
    }
    const room = new DocumentRoom(documentId, this.relayMinIntervalMs);
    this.rooms.set(documentId, room);
    room.loaded = this.load(room);
    // Callers that await `loaded` see the failure; this keeps an unawaited one from crashing the process.
    room.loaded.catch(() => {});
    return room;
  }

  private async load(room: DocumentRoom): Promise<void> {
    try {
      await this.unloading.get(room.id);
      const afterACrash = !(await this.previousRunEndedCleanly) && !this.unloadedThisRun.has(room.id);
      const state = await this.store.updates.load(room.id);
      room.doc.transact(() => {
        if (state.snapshot !== null) Y.applyUpdate(room.doc, state.snapshot, LOAD_ORIGIN);
        for (const update of state.updates) {
          try {
            Y.applyUpdate(room.doc, update, LOAD_ORIGIN);
          } catch (error) {
            this.logError(`skipped an unreadable stored update of document ${room.id}`, error);
          }
        }
      }, LOAD_ORIGIN);
      // Loaded documents are most of the server's memory (the server never observes their types).
      shrinkDocument(room.doc);
      // The document is exactly its snapshot: the first clients are sent it without encoding it again.
      if (state.snapshot !== null && state.updates.length === 0) room.keepFullState(state.snapshot);
      room.restoreWriters(state.writers, afterACrash);
      room.committedSeq = state.lastSeq;
      room.committedSinceSnapshot = state.updates.length;
      room.durableStateVector = Y.encodeStateVector(room.doc);
      for (const hook of this.loadHooks) await hook(room.id);
      room.ready = true;
    } catch (error) {
      this.logError(`loading document ${room.id} failed`, error);
      if (this.rooms.get(room.id) === room) this.rooms.delete(room.id);
      for (const connection of room.connections) connection.close(CloseCode.internalError, 'cannot load');
      room.doc.destroy();
      throw error;
    }
    for (const connection of room.connections) this.start(connection);
    if (room.connections.size === 0) this.scheduleUnload(room);
  }

  /** Begins sync on a connection of a loaded document, then answers what it sent meanwhile. */
  private start(connection: SyncConnection): void {
    if (connection.started || connection.closed) return;
    const room = connection.room;
    connection.started = true;
    connection.send(encodeSyncStep1(Y.encodeStateVector(room.doc)));
    if (room.awareness.size > 0) connection.send(this.encodeAllAwareness(room));
    if (connection.options.acks)
      connection.send(encodeDurable(room.durableStateVector, connection.durableThrough));
    const pending = connection.pending ?? [];
    connection.pending = null;
    for (const frame of pending) {
      if (connection.closed) break;
      this.handle(connection, frame);
    }
  }

  private receive(connection: SyncConnection, data: Buffer, isBinary: boolean): void {
    if (connection.closed) return;
    const now = Date.now();
    if (!connection.messageBucket.take(now) || !connection.byteBucket.take(now, data.length)) {
      connection.close(CloseCode.policy, 'too many messages');
      return;
    }
    if (!isBinary) {
      connection.close(CloseCode.unsupported, 'binary frames only');
      return;
    }
    if (connection.pending !== null) {
      connection.pending.push(data);
      return;
    }
    this.handle(connection, data);
  }

  private handle(connection: SyncConnection, frame: Buffer): void {
    let message: ClientMessage;
    try {
      message = decodeClientMessage(frame);
      switch (message.type) {
        case 'sync-step1': {
          const withheld = connection.room.withheld;
          if (withheld !== null) {
            // The answer would carry a change not stored yet (editAtomically): it waits for it.
            withheld.then(() => {
              if (!connection.closed) this.handle(connection, frame);
            });
            return;
          }
          // A malformed state vector makes Yjs throw here, caught below.
          const update = isEmptyStateVector(message.stateVector)
            ? connection.room.getFullState()
            : Y.encodeStateAsUpdate(connection.room.doc, message.stateVector);
          connection.send(encodeSyncStep2(update));
          return;
        }
        case 'sync-step2':
          this.applyClientUpdate(connection, message.update, null, connection.receive());
          return;
        case 'update':
          this.applyClientUpdate(
            connection,
            message.update,
            message.exact ? frame : null,
            connection.receive(),
          );
          return;
        case 'awareness':
          this.applyAwareness(connection, message.update);
          return;
        case 'query-awareness':
          // Answered after the relays of everything applied before it (see RELAY_MIN_INTERVAL_MS).
          connection.room.flushRelays();
          connection.send(this.encodeAllAwareness(connection.room));
          return;
        case 'unknown':
          connection.close(CloseCode.unsupported, `unknown message type ${message.messageType}`);
          return;
      }
    } catch (error) {
      connection.close(
        CloseCode.malformed,
        error instanceof MalformedMessageError ? error.message : 'malformed',
      );
    }
  }

  /**
   * Applies a writer's update once it is checked and every item in it can be placed (see
   * check-update.ts); relays it (the incoming frame itself when it is already an Update message) and
   * logs it when it changed something. Read-only connections' updates go nowhere.
   */
  private applyClientUpdate(
    connection: SyncConnection,
    update: Uint8Array,
    frame: Uint8Array | null,
    seq: number,
  ): void {
    if (connection.options.readOnly) {
      connection.settle(seq);
      return;
    }
    // Checked before any of it is integrated: a malformed, forged or out-of-layout update changes nothing.
    const structEnds = new Map<number, number>();
    const checked = this.checkClientUpdate(connection, update, structEnds);
    if (checked === null) return;
    const room = connection.room;
    // A live edit is the client's own: it may not add structs as another user's client, and takes the
    // ids it writes as. A SyncStep2 takes no ids: it repeats whatever its client holds that the server
    // lacks, others' edits included (those the server holds pending for lack of an earlier struct, and
    // after a crash those it lost). But no client can hold structs of another user's client that the
    // server never saw, integrated or pending, in this load: those are forged, and left out.
    if (frame === null) {
      const forged = this.unseenClientsOfOthers(connection, update, structEnds);
      if (forged.length > 0) {
        this.applyClientUpdate(connection, withoutClients(update, forged), null, seq);
        return;
      }
    } else if (!this.takeClients(connection, structEnds)) return;
    if (checked.type === 'waiting') {
      this.wait(connection, { update, frame, watch: this.watchStates(room, checked.clients), seq });
      return;
    }
    // Checked, so it will integrate: the others may have it before the server has applied it. Only a
    // live edit (an Update message, passed on as its own frame): a sync step 2 is usually what the
    // server already has (every client sends one on connecting), and a room reconnecting after a
    // restart would otherwise relay each of them to everyone.
    const relayed = frame !== null && room.connections.size > 1 && room.relayAhead(frame, connection);
    this.integrate(connection, update, frame, seq, relayed);
    this.applyWaiting(room);
  }

  /**
   * The client ids another user holds that a SyncStep2 adds structs as (`structEnds`, from the check)
   * where the server never saw them. Beyond what it has integrated, a client can only repeat what the
   * server holds pending (relayed to it, then put aside by Yjs for lack of an earlier struct): every
   * struct it offers past the server's clock must lie within the pending ones, gaps between them
   * excluded.
   */
  private unseenClientsOfOthers(
    connection: SyncConnection,
    update: Uint8Array,
    structEnds: ReadonlyMap<number, number>,
  ): number[] {
    const room = connection.room;
    const store = room.doc.store;
    const held = addedClients(room, structEnds).filter(
      (client) => !room.mayRepeatAs(client, connection.user.id),
    );
    if (held.length === 0) return [];
    let offered: Map<number, ClockRanges>;
    let pending: Map<number, ClockRanges>;
    try {
      offered = readStructRanges(update);
      // Yjs keeps pending structs as a V2 update.
      pending =
        store.pendingStructs === null
          ? new Map()
          : readStructRanges(Y.convertUpdateFormatV2ToV1(store.pendingStructs.update));
    } catch {
      return held;
    }
    return held.filter(
      (client) =>
        !withinRanges(offered.get(client) ?? [], Y.getState(store, client), pending.get(client) ?? []),
    );
  }

  /**
   * Gives the connection's user the client ids a live edit adds structs as (`structEnds`, from the check;
   * structs the document already has do not count), or closes the connection when another user holds
   * one of them. Whether the edit may go on.
   */
  private takeClients(connection: SyncConnection, structEnds: ReadonlyMap<number, number>): boolean {
    const room = connection.room;
    const added = addedClients(room, structEnds);
    const other = added.find((client) => !room.mayWriteAs(client, connection.user.id));
    if (other !== undefined) {
      connection.close(CloseCode.policy, `client ${other} writes for another user`);
      return false;
    }
    for (const client of added) this.claimAndStore(connection, client);
    return true;
  }

  /** Takes `client` for the connection's user, storing the claim when it is new; whether it is theirs. */
  private claimAndStore(connection: SyncConnection, client: number): boolean {
    const room = connection.room;
    const userId = connection.user.id;
    const claimed = room.claimClient(client, userId);
    if (claimed === 'taken') this.journal.claim({ documentId: room.id, client, userId });
    return claimed !== 'refused';
  }

  /**
   * The check's answer; null when the update was refused, or waits on more clients than an edit that
   * overtook another ever does (MAX_WAITING_CLIENTS), and the connection was closed. A refused update,
   * and whatever the connection holds waiting, is neither applied, relayed nor logged.
   */
  private checkClientUpdate(
    connection: SyncConnection,
    update: Uint8Array,
    structEnds?: Map<number, number>,
  ): UpdateReadiness | null {
    const checked = checkUpdate(connection.room.doc, update, {
      structEnds,
      mayChangeHeader: connection.options.mayChangeHeader,
    });
    if (!checked.ok) {
      connection.close(
        CLOSE_CODE_OF[checked.error.code],
        checked.error.message.slice(0, MAX_CLOSE_REASON_CHARS),
      );
      return null;
    }
    if (checked.value.type === 'waiting' && checked.value.clients.length > MAX_WAITING_CLIENTS) {
      connection.close(CloseCode.policy, 'an update waits for too many other clients');
      return null;
    }
    return checked.value;
  }

  /** The state of each awaited client now: the entry is checked again once one of them has moved. */
  private watchStates(room: DocumentRoom, clients: readonly number[]): ReadonlyMap<number, number> {
    return new Map(clients.map((client) => [client, Y.getState(room.doc.store, client)]));
  }

  private wait(connection: SyncConnection, entry: WaitingUpdate): void {
    connection.waiting.push(entry);
    connection.waitingBytes += entry.update.length;
    if (connection.waitingBytes > MAX_WAITING_BYTES || connection.waiting.length > MAX_WAITING_UPDATES) {
      connection.close(CloseCode.policy, 'too many updates waiting for what they build on');
    }
  }

  /**
   * Applies the waiting updates of a document's connections that can now be placed, until none can.
   * Only entries whose awaited clients have moved on are checked again, so waiting updates cost the
   * edits of others nothing.
   */
  private applyWaiting(room: DocumentRoom): void {
    const store = room.doc.store;
    for (let progress = true; progress; ) {
      progress = false;
      for (const connection of room.connections) {
        if (connection.waiting.length === 0) continue;
        const still: WaitingUpdate[] = [];
        for (const entry of connection.waiting) {
          if (connection.closed) break;
          const moved = [...entry.watch].some(([client, state]) => Y.getState(store, client) !== state);
          if (!moved) {
            still.push(entry);
            continue;
          }
          const checked = this.checkClientUpdate(connection, entry.update);
          if (checked === null) break;
          if (checked.type === 'waiting') {
            still.push({ ...entry, watch: this.watchStates(room, checked.clients) });
            continue;
          }
          this.integrate(connection, entry.update, entry.frame, entry.seq);
          progress = true;
        }
        connection.waiting = still;
        connection.waitingBytes = still.reduce((sum, entry) => sum + entry.update.length, 0);
      }
    }
  }

  /** Applies a checked update; `relayed`: it already went to the other connections (`relayAhead`). */
  private integrate(
    connection: SyncConnection,
    update: Uint8Array,
    frame: Uint8Array | null,
    seq: number,
    relayed = false,
  ): void {
    const room = connection.room;
    const doc = room.doc;
    room.changedSinceCleared = false;
    // Yjs may follow a remote change to formatted text with a transaction of its own that removes
    // redundant bracket marks: a change of the server's, which the clients must get and the log keep.
    const ownChanges: Uint8Array[] = [];
    const collect = (change: Uint8Array, origin: unknown) => {
      if (origin !== connection) ownChanges.push(change);
    };
    // Whether the update changed more than text, so that it is relayed unmerged (see `relay`).
    let reshapes = false;
    const judge = (transaction: Y.Transaction) => {
      if (transaction.origin === connection && !reshapes) reshapes = reshapesDocument(transaction);
    };
    doc.on('update', collect);
    doc.on('afterTransaction', judge);
    room.knowBlockIds();
    try {
      Y.applyUpdate(doc, update, connection);
      room.repairBlockIds(createId, SERVER_ORIGIN);
      room.repairHiddenRestarts(SERVER_ORIGIN);
    } finally {
      doc.off('update', collect);
      doc.off('afterTransaction', judge);
    }
    const pending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
    if (!room.changedSinceCleared && !pending) {
      if (connection.options.acks) this.ackWhenDurable(connection, seq);
      return;
    }
    if (room.connections.size > 1 && !relayed) room.relay(update, frame, connection, reshapes);
    if (this.textWatchers.size > 0) this.callTextWatcher(room);
    if (connection.options.acks) oweAck(room.acksAfterNextBatch, connection, seq);
    room.queuedUpdates += 1;
    const at = Date.now();
    this.journal.push(room, {
      documentId: room.id,
      update,
      userId: connection.user.id,
      delegation: connection.user.delegation,
      at,
    });
    for (const change of ownChanges) {
      room.relay(change, null, null);
      room.queuedUpdates += 1;
      this.journal.push(room, { documentId: room.id, update: change, userId: null, delegation: null, at });
    }
    this.notifyChange(room.id);
  }

  /**
   * An ack connection sent an update the document already had (a resend after a reconnect): it is
   * owed a durable message once everything applied so far is on disk, which may be now.
   */
  private ackWhenDurable(connection: SyncConnection, seq: number): void {
    const room = connection.room;
    // The document holds a change not stored yet (editAtomically) that may be what made this update
    // change nothing: it is acked once that change is stored, or queued in the journal if storing failed.
    if (room.withheld !== null) {
      room.withheld.then(() => {
        if (!connection.closed) this.ackWhenDurable(connection, seq);
      });
      return;
    }
    if (room.queuedUpdates > 0) oweAck(room.acksAfterNextBatch, connection, seq);
    else if (room.cutStateVector !== null) oweAck(room.acksAfterThisBatch, connection, seq);
    else {
      connection.settle(seq);
      connection.send(encodeDurable(room.durableStateVector, connection.durableThrough));
    }
  }

  private notifyChange(documentId: string): void {
    for (const listener of this.changeListeners) {
      try {
        listener(documentId);
      } catch (error) {
        this.logError(`a change listener of document ${documentId} failed`, error);
      }
    }
  }

  /**
   * Relays awareness with the identity the server knows: a connection speaks only for the first
   * clientID it announced (one held by another user's connection is refused), and the `user` field of
   * its state is overwritten from its token.
   */
  private applyAwareness(connection: SyncConnection, update: Uint8Array): void {
    const room = connection.room;
    const accepted: AwarenessEntry[] = [];
    for (const entry of decodeAwarenessUpdate(update)) {
      if (entry.state.length > MAX_AWARENESS_STATE_BYTES) {
        connection.close(CloseCode.tooBig, 'awareness state too large');
        return;
      }
      if (connection.ownedClientId === null) {
        const holder = room.awareness.get(entry.clientId);
        // The same user may take it over: a provider that reconnected after its network dropped keeps
        // its clientID, and the server may not have noticed the old socket is gone (until the ping).
        if (
          holder !== undefined &&
          holder.owner !== connection &&
          holder.owner.user.id !== connection.user.id
        )
          continue;
        // The same id writes the document: announcing it takes it for this user, if no other has it.
        if (!this.claimAndStore(connection, entry.clientId)) continue;
        connection.ownedClientId = entry.clientId;
      } else if (entry.clientId !== connection.ownedClientId) {
        continue;
      }
      const current = room.awareness.get(entry.clientId);
      if (current !== undefined && entry.clock < current.clock) continue;
      if (entry.state === 'null') {
        room.awareness.delete(entry.clientId);
        accepted.push(entry);
        continue;
      }
      const state = stampIdentity(entry.state, connection);
      room.awareness.set(entry.clientId, { clock: entry.clock, state, owner: connection });
      accepted.push({ clientId: entry.clientId, clock: entry.clock, state });
    }
    if (accepted.length > 0) this.relayAwareness(room, accepted);
  }

  /**
   * Relays awareness changes to every connection of the document, merged per AWARENESS_BATCH_MS: at
   * once after a quiet spell, otherwise when the interval since the last relay has passed, with the
   * latest state of each client. Echoed to the sender too, as the stock server does: a lone client's
   * provider counts these messages as signs of life and would otherwise reconnect every 30 s.
   */
  private relayAwareness(room: DocumentRoom, entries: readonly AwarenessEntry[]): void {
    for (const entry of entries) {
      // Re-inserted so that the message lists clients in the order of their latest change.
      room.pendingAwareness.delete(entry.clientId);
      room.pendingAwareness.set(entry.clientId, entry);
    }
    if (room.awarenessTimer !== null) return;
    const wait = room.lastAwarenessRelayAt + this.awarenessBatchMs - performance.now();
    if (wait <= 0) {
      this.flushAwareness(room);
      return;
    }
    room.awarenessTimer = setTimeout(() => {
      room.awarenessTimer = null;
      this.flushAwareness(room);
    }, wait);
    room.awarenessTimer.unref();
  }

  private flushAwareness(room: DocumentRoom): void {
    room.lastAwarenessRelayAt = performance.now();
    if (room.pendingAwareness.size === 0) return;
    const entries = [...room.pendingAwareness.values()];
    room.pendingAwareness.clear();
    room.broadcast(encodeAwarenessMessage(encodeAwarenessUpdate(entries)));
  }

  private encodeAllAwareness(room: DocumentRoom): Uint8Array {
    const entries: AwarenessEntry[] = [];
    for (const [clientId, { clock, state }] of room.awareness) entries.push({ clientId, clock, state });
    return encodeAwarenessMessage(encodeAwarenessUpdate(entries));
  }

  private disconnect(connection: SyncConnection): void {
    const room = connection.room;
    if (!room.connections.delete(connection)) return;
    room.acksAfterNextBatch.delete(connection);
    room.acksAfterThisBatch.delete(connection);
    connection.closed = true;
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.close();
    const owned = connection.ownedClientId;
    const held = owned === null ? undefined : room.awareness.get(owned);
    if (owned !== null && held !== undefined && held.owner === connection) {
      room.awareness.delete(owned);
      this.relayAwareness(room, [{ clientId: owned, clock: held.clock + 1, state: 'null' }]);
    }
    if (room.connections.size === 0 && !this.closing) this.scheduleUnload(room);
  }

  private onCommitted(rooms: ReadonlyMap<DocumentRoom, { lastSeq: number; count: number }>): void {
    for (const [room, { lastSeq, count }] of rooms) {
      room.committedSeq = Math.max(room.committedSeq, lastSeq);
      room.committedSinceSnapshot += count;
      if (room.cutStateVector !== null) {
        room.durableStateVector = room.cutStateVector;
        room.cutStateVector = null;
      }
      // Only to the connections whose updates the batch holds: a reader has nothing to be told, and
      // at hundreds of readers these messages cost as much as relaying the edits.
      for (const [connection, seqs] of room.acksAfterThisBatch) {
        for (const seq of seqs) connection.settle(seq);
        if (!connection.started || connection.closed) continue;
        connection.send(encodeDurable(room.durableStateVector, connection.durableThrough));
      }
      room.acksAfterThisBatch.clear();
      if (room.committedSinceSnapshot >= this.snapshotAfterUpdates && this.rooms.get(room.id) === room) {
        this.compact(room).catch((error) => this.logError(`snapshot of document ${room.id} failed`, error));
      }
    }
  }

  /**
   * Replaces the committed log prefix with a snapshot. The in-memory state holds every committed
   * update (and maybe some still queued, which the log will hold again: replaying them is harmless).
   */
  private compact(room: DocumentRoom): Promise<void> {
    if (room.compacting !== null) return room.compacting;
    // The document holds a change not stored yet (editAtomically): the next commit snapshots it.
    if (room.withheld !== null) return Promise.resolve();
    const throughSeq = room.committedSeq;
    const covered = room.committedSinceSnapshot;
    const snapshot = Y.encodeStateAsUpdate(room.doc);
    room.compacting = this.store.updates
      .compact(room.id, snapshot, throughSeq, Date.now())
      .then(() => {
        room.committedSinceSnapshot -= covered;
      })
      .finally(() => {
        room.compacting = null;
      });
    return room.compacting;
  }

  private scheduleUnload(room: DocumentRoom): void {
    if (room.idleTimer !== null || this.closing) return;
    room.idleTimer = setTimeout(() => {
      room.idleTimer = null;
      if (room.connections.size === 0 && this.rooms.get(room.id) === room) {
        this.unload(room).catch((error) => this.logError(`unloading document ${room.id} failed`, error));
      }
    }, this.idleUnloadMs);
    room.idleTimer.unref();
  }

  /** Saves (commit + snapshot), destroys and forgets a document; a new connection loads it afresh. */
  private unload(room: DocumentRoom): Promise<void> {
    if (room.idleTimer !== null) {
      clearTimeout(room.idleTimer);
      room.idleTimer = null;
    }
    if (room.awarenessTimer !== null) {
      clearTimeout(room.awarenessTimer);
      room.awarenessTimer = null;
    }
    room.dropFullState();
    if (this.rooms.get(room.id) === room) this.rooms.delete(room.id);
    const done = (async () => {
      try {
        await room.loaded;
      } catch {
        return;
      }
      await room.withheld;
      await this.commitQueued();
      await room.compacting;
      if (room.committedSinceSnapshot > 0) await this.compact(room);
      this.unloadedThisRun.add(room.id);
      room.doc.destroy();
    })();
    const tracked = done.finally(() => {
      if (this.unloading.get(room.id) === tracked) this.unloading.delete(room.id);
    });
    this.unloading.set(room.id, tracked);
    return tracked;
  }

  /**
   * Commits everything queued, retrying while the store fails. An unloaded document is read from the
   * store by its next connection, so its edits must all be there first: that load waits for this.
   * Given up only when the server closes.
   */
  private async commitQueued(): Promise<void> {
    for (;;) {
      try {
        await this.journal.flush();
        return;
      } catch (error) {
        if (this.closing) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.commitRetryMs));
      }
    }
  }

  private pingAll(): void {
    for (const room of this.rooms.values()) {
      for (const connection of room.connections) {
        if (!connection.alive) {
          connection.socket.terminate();
          this.disconnect(connection);
          continue;
        }
        connection.alive = false;
        connection.socket.ping();
      }
    }
  }
}

/** The client's awareness state with `user` replaced by the identity the server knows. */
function stampIdentity(json: string, connection: SyncConnection): string {
  let state: unknown;
  try {
    state = JSON.parse(json);
  } catch {
    throw new MalformedMessageError('awareness state is not JSON');
  }
  const base = state !== null && typeof state === 'object' && !Array.isArray(state) ? state : {};
  return JSON.stringify({ ...base, user: connection.awarenessUser });
}

/** Whether every clock of `ranges` from `from` on lies within one of `cover`'s ranges. */
function withinRanges(ranges: ClockRanges, from: number, cover: ClockRanges): boolean {
  return ranges.every(([start, end]) => {
    const first = Math.max(start, from);
    return first >= end || cover.some(([coverFrom, coverTo]) => coverFrom <= first && end <= coverTo);
  });
}

/** A state vector naming no client: the sender has nothing of the document yet. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/** The client ids of `structEnds` (from the update check) whose structs reach past what the document has. */
function addedClients(room: DocumentRoom, structEnds: ReadonlyMap<number, number>): number[] {
  const added: number[] = [];
  for (const [client, end] of structEnds) if (end > Y.getState(room.doc.store, client)) added.push(client);
  return added;
}

/** The update without any struct of `clients` (its deletions are kept: anyone may delete anyone's text). */
function withoutClients(update: Uint8Array, clients: readonly number[]): Uint8Array {
  const beyondEverything = new Map(clients.map((client) => [client, Number.MAX_SAFE_INTEGER]));
  return Y.diffUpdate(update, Y.encodeStateVector(beyondEverything));
}

/** Records that a durable message is owed to `connection` for its messages `seqs`. */
function oweAck(acks: Map<SyncConnection, number[]>, connection: SyncConnection, ...seqs: number[]): void {
  const owed = acks.get(connection);
  if (owed === undefined) acks.set(connection, seqs);
  else owed.push(...seqs);
}

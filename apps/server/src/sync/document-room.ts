import * as Y from 'yjs';
import type { AwarenessEntry } from './protocol';
import type { SyncConnection } from './sync-connection';

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
  /** Ack connections whose updates (or resent ones) wait in the queue: owed a durable message after the next batch. */
  readonly acksAfterNextBatch = new Set<SyncConnection>();
  /** Ack connections owed a durable message once the batch being committed is on disk. */
  readonly acksAfterThisBatch = new Set<SyncConnection>();
  compacting: Promise<void> | null = null;
  idleTimer: NodeJS.Timeout | null = null;
  /**
   * Set by any transaction that changes the document; whoever wants to know whether applying something
   * changed it clears this first. Set, never cleared, by the hook: Yjs follows a remote change to
   * formatted text (square brackets) with a formatting-cleanup transaction of its own, which must not
   * hide the change before it.
   */
  changedSinceCleared = false;

  constructor(readonly id: string) {
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (hasChanges(transaction)) this.changedSinceCleared = true;
    });
  }

  /** Sends one encoded frame to every started connection except `except`. */
  broadcast(frame: Uint8Array, except: SyncConnection | null = null): void {
    for (const connection of this.connections) {
      if (connection !== except && connection.started) connection.send(frame);
    }
  }
}

/** Yjs's own test for whether a transaction produces an update (see `writeUpdateMessageFromTransaction`). */
function hasChanges(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}

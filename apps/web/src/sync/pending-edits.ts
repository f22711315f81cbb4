/**
 * This browser's edits the server has not yet confirmed on disk, kept in `localStorage` so that they
 * survive a closed tab, a crash or a reload while offline; they are sent again on the next visit.
 * Only what is unconfirmed is kept (one merged Yjs update per user and document), and it is removed as
 * soon as the server's durable acks cover it: the document itself is never stored in the browser.
 * `localStorage` because a write must be done before the tab can go away (IndexedDB writes are
 * asynchronous).
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';

const KEY_PREFIX = 'accord:pending:';

export interface PendingEdits {
  /** What a previous visit left unconfirmed, or null. */
  read(): Uint8Array | null;
  /** Adds one local update to what is kept. */
  add(update: Uint8Array): void;
  /** Everything kept is now on the server's disk. */
  clear(): void;
}

export function pendingEditsKey(userId: string, documentId: string): string {
  return `${KEY_PREFIX}${encodeURIComponent(userId)}:${encodeURIComponent(documentId)}`;
}

/** The pending edits of one user in one document; a storage that refuses a write keeps them in memory only. */
export function createPendingEdits(storage: Storage, key: string): PendingEdits {
  let kept: Uint8Array | null = null;
  const read = (): Uint8Array | null => {
    const stored = storage.getItem(key);
    if (stored === null) return null;
    try {
      const update = fromBase64(stored);
      // Read through once: something else under our key, or a damaged value, is dropped, never applied.
      Y.encodeStateVectorFromUpdate(update);
      return update;
    } catch {
      storage.removeItem(key);
      return null;
    }
  };
  return {
    read,
    add(update) {
      // The first edit of a visit joins whatever an earlier visit left.
      const base = kept ?? read();
      kept = base === null ? update : Y.mergeUpdates([base, update]);
      try {
        storage.setItem(key, toBase64(kept));
      } catch {
        // Storage full or disabled: the edit still goes to the server; only the reload safety is lost.
      }
    },
    clear() {
      kept = null;
      storage.removeItem(key);
    },
  };
}

/** Forgets every user's pending edits in this browser (on sign-out). */
export function clearAllPendingEdits(storage: Storage): void {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(KEY_PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}

/** The clock each client reaches in `update`: what the server's durable acks must cover. */
export function readClocks(update: Uint8Array): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update));
}

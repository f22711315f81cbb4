/**
 * This browser's edits the server has not yet confirmed on disk, kept in `localStorage` so that they
 * survive a closed tab, a crash or a reload while offline; they are sent again on the next visit.
 * Only what is unconfirmed is kept (one merged Yjs update per open copy of a document), and it is
 * removed as soon as the server's durable acks cover it: the document itself is never stored in the
 * browser. `localStorage` because a write must be done before the tab can go away (IndexedDB writes
 * are asynchronous).
 *
 * Each open copy (tab) writes under a key of its own, so two tabs never overwrite each other's edits;
 * a new visit takes over every key of its user and document, and removes them once they are durable.
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';

const KEY_PREFIX = 'accord:pending:';

export interface PendingEdits {
  /** What earlier visits (or other tabs) left unconfirmed, merged; null when nothing. */
  read(): Uint8Array | null;
  /** Adds one local update to what this copy keeps. */
  add(update: Uint8Array): void;
  /** Everything this copy kept, and everything `read` returned, is now on the server's disk. */
  clear(): void;
}

/** Where one user's pending edits of one document are kept. */
export function pendingEditsScope(userId: string, documentId: string): string {
  return `${KEY_PREFIX}${encodeURIComponent(userId)}:${encodeURIComponent(documentId)}:`;
}

/**
 * The pending edits of one open copy (`copyId`, e.g. its Y.Doc's clientID) in `scope`. A storage that
 * refuses a write leaves the edits in memory only: they still go to the server.
 */
export function createPendingEdits(storage: Storage, scope: string, copyId: string | number): PendingEdits {
  const ownKey = `${scope}${copyId}`;
  let kept: Uint8Array | null = null;
  let adopted: string[] = [];
  return {
    read() {
      const updates: Uint8Array[] = [];
      adopted = [];
      for (const key of listKeys(storage, scope)) {
        const update = decode(storage.getItem(key));
        // Something else under our prefix, or a damaged value, is dropped, never applied.
        if (update === null) storage.removeItem(key);
        else {
          updates.push(update);
          adopted.push(key);
        }
      }
      return updates.length === 0 ? null : Y.mergeUpdates(updates);
    },
    add(update) {
      kept = kept === null ? update : Y.mergeUpdates([kept, update]);
      try {
        storage.setItem(ownKey, toBase64(kept));
      } catch {
        // Storage full or disabled: the edit still goes to the server; only the reload safety is lost.
      }
    },
    clear() {
      kept = null;
      for (const key of [ownKey, ...adopted]) storage.removeItem(key);
      adopted = [];
    },
  };
}

/** Forgets every user's pending edits in this browser (on sign-out). */
export function clearAllPendingEdits(storage: Storage): void {
  for (const key of listKeys(storage, KEY_PREFIX)) storage.removeItem(key);
}

/** The clock each client reaches in `update`: what the server's durable acks must cover. */
export function readClocks(update: Uint8Array): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update));
}

function listKeys(storage: Storage, prefix: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

function decode(stored: string | null): Uint8Array | null {
  if (stored === null) return null;
  try {
    const update = fromBase64(stored);
    Y.encodeStateVectorFromUpdate(update);
    return update;
  } catch {
    return null;
  }
}

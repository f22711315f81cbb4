import { closeSync, openSync, statSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseLostError, type Store } from '../store';
import { AppendWorker } from './append-worker';
import { createSqliteAuditStore } from './audit';
import { createSqliteCommentStore } from './comments';
import { createSqliteCommissionReservationStore } from './commission-reservations';
import { createSqliteDocumentStore } from './documents';
import { makeDirectory } from './make-directory';
import { runMigrations } from './migrations';
import { createSqlitePositionStore } from './positions';
import { createSqliteRevisionStore } from './revisions';
import { createSqliteSessionStore } from './sessions';
import { createSqliteSilenceStore } from './silence';
import { createSqliteUpdateLogStore } from './update-log';
import { createSqliteUserStore } from './users';
import { WalSync } from './wal-sync';
import type { AssertInPlace } from './write-in-place';

export const SQLITE_FILE_NAME = 'accord.sqlite';

export interface SqliteStore extends Store {
  /** The underlying connection, for tests and integrity checks. */
  readonly db: Database.Database;
}

export interface SqliteStoreOptions {
  /**
   * Commit update-log appends on a worker thread so that fsync never blocks the event loop. Worth it
   * where fsync is slow (network disks); on a local disk the hand-off costs more CPU than it saves
   * (measured: 0.35 ms of CPU per commit on the worker against 0.11 ms inline, whose fsync blocks the
   * loop for about 0.3 ms at most once per group-commit window). Ignored for `:memory:`, which a
   * second connection cannot see. @default false
   */
  readonly appendInWorker?: boolean;
  /**
   * How an update-log append reaches the disk (without `appendInWorker`). 'background': it commits
   * without syncing and is reported committed once the WAL is synced on the thread pool (wal-sync.ts),
   * so fsync never blocks the event loop and costs the same CPU. 'commit': the commit syncs inline
   * (`synchronous = FULL`). Either way an update is on disk before it is acknowledged. Ignored for
   * `:memory:`. @default 'background'
   */
  readonly walSync?: 'background' | 'commit';
  /**
   * Told when the database is found no longer where it was opened (`findLoss`), and when it is back:
   * one line each, for every check (each request, each retried commit of edits) finds the same loss.
   */
  readonly logLoss?: (line: string) => void;
}

/**
 * How long a write waits for a lock another process holds on the file (a backup, a second server by
 * mistake). better-sqlite3 waits on the event loop, so every document and request waits with it: a
 * request is answered 503 after this, and a failed commit of edits is retried (COMMIT_RETRY_MS).
 */
export const BUSY_TIMEOUT_MS = 250;

/**
 * The mode a new database file is made with: its owner's alone. It holds delegations' private notes
 * and every user's session; SQLite gives its `-wal` and `-shm` files the mode of the database file.
 * A file that already exists keeps the mode its administrator gave it (a backup user's group, say).
 */
export const DATABASE_FILE_MODE = 0o600;
/** The mode of a data directory the server makes: its owner's alone, as the files in it. */
export const DATA_DIR_MODE = 0o700;

/** Opens (creating if needed) the SQLite database at `file` (`:memory:` for a throwaway one). */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  if (file !== ':memory:') {
    makeDirectory(dirname(file), DATA_DIR_MODE);
    // 'a': made if missing with the owner's mode, left as it is if there (SQLite then finds it empty).
    closeSync(openSync(file, 'a', DATABASE_FILE_MODE));
  }
  const db = new Database(file);
  // The file SQLite holds open; a data directory deleted or moved leaves it writing where no start looks.
  const opened = file === ':memory:' ? null : statSync(file);
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before the server acknowledges it (WAL's default NORMAL may lose the last ones).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  runMigrations(db);
  const worker = file !== ':memory:' && (options.appendInWorker ?? false) ? new AppendWorker(file) : null;
  const walSync =
    file !== ':memory:' && worker === null && (options.walSync ?? 'background') === 'background'
      ? new WalSync(`${db.name}-wal`)
      : null;
  const locateLoss = (): string | null => {
    if (opened === null) return null;
    const now = statSync(file, { throwIfNoEntry: false });
    if (now !== undefined && now.ino === opened.ino && now.dev === opened.dev) return null;
    return `the database ${file} is no longer there (deleted or moved): the next start would not find what is written now; stop the server and put the data directory back`;
  };
  let lost = false;
  const findLoss = (): string | null => {
    const loss = locateLoss();
    if (lost !== (loss !== null)) {
      lost = loss !== null;
      // Only the same file can be back (moved back): a directory restored from a backup is another.
      options.logLoss?.(
        loss === null
          ? `the database ${file} is back in place: changes are taken and saved again, the edits browsers kept meanwhile too`
          : `${loss}; until it is back, every change is refused (503) and no edit is saved (browsers keep theirs)`,
      );
    }
    return loss;
  };
  const assertInPlace: AssertInPlace = (written = false) => {
    const loss = findLoss();
    if (loss !== null) throw new DatabaseLostError(loss, written);
  };
  const documents = createSqliteDocumentStore(db, assertInPlace);
  const readCheck = db.prepare('SELECT count(*) AS n FROM schema_migrations');
  return {
    db,
    users: createSqliteUserStore(db, assertInPlace),
    sessions: createSqliteSessionStore(db, assertInPlace),
    documents,
    updates: createSqliteUpdateLogStore(db, worker, walSync, assertInPlace),
    revisions: createSqliteRevisionStore(db, (documentId) => documents.forget(documentId), assertInPlace),
    audit: createSqliteAuditStore(db, assertInPlace),
    positions: createSqlitePositionStore(db, walSync, assertInPlace),
    silence: createSqliteSilenceStore(db, assertInPlace),
    comments: createSqliteCommentStore(db, assertInPlace),
    commissionReservations: createSqliteCommissionReservationStore(db, assertInPlace),
    async checkHealth() {
      const loss = findLoss();
      if (loss !== null) return loss;
      try {
        readCheck.get();
      } catch (error) {
        return `the database ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`;
      }
      return null;
    },
    async findLoss() {
      return findLoss();
    },
    async readDiskSpace() {
      if (file === ':memory:') return null;
      const path = dirname(file);
      const disk = await statfs(path);
      return { path, freeBytes: disk.bavail * disk.bsize, totalBytes: disk.blocks * disk.bsize };
    },
    async close() {
      await worker?.close();
      await walSync?.close();
      if (db.open) db.close();
    },
  };
}

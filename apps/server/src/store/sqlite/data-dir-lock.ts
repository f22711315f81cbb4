import { accessSync, closeSync, constants, fchmodSync, fstatSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeDirectory } from './make-directory';
import { DATA_DIR_MODE, DATABASE_FILE_MODE } from './open-sqlite-store';

/** The file whose lock says a server is using the data directory. */
export const DATA_DIR_LOCK_FILE = 'accord.lock';

export interface DataDirLock {
  /** Gives the directory back (the process ending does too, however it ends). */
  release(): void;
}

/**
 * Takes the data directory for this process, or returns null when another process (a second
 * `npm start` with another PORT, say) holds it. Only one process may write a directory's SQLite file:
 * each server keeps its live documents, positions and the records it read in its memory, so two
 * would each take the other's writes for their own and number revisions over each other.
 *
 * The lock is SQLite's own exclusive lock on a small file of its own (not on `accord.sqlite`, which a
 * backup may still read): the operating system drops it with the process, so a server killed with
 * SIGKILL leaves nothing to clean up and the next start takes it at once. Two connections of one
 * process exclude each other too.
 */
export function lockDataDir(dataDir: string): DataDirLock | null {
  makeDirectory(dataDir, DATA_DIR_MODE);
  // EACCES names the problem; SQLite would only say it cannot open the lock file.
  accessSync(dataDir, constants.W_OK);
  const file = join(dataDir, DATA_DIR_LOCK_FILE);
  restrictToOwner(file);
  // No wait: a held lock is another server's, not one about to be released.
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // Held until release: never committed.
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return null;
    throw error;
  }
  return {
    release() {
      if (db.open) db.close();
    },
  };
}

/**
 * The lock file owner-only, as the database: SQLite gives its `-journal` the lock file's mode. One an
 * older version made world-readable is narrowed too; it holds nothing an administrator would share.
 */
function restrictToOwner(file: string): void {
  const fd = openSync(file, 'a', DATABASE_FILE_MODE);
  try {
    if ((fstatSync(fd).mode & 0o077) !== 0) fchmodSync(fd, DATABASE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

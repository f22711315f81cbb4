import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { err, ok, type Result } from '@accord/model';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, DATABASE_FILE_MODE } from './open-sqlite-store';

/** What a backup holds, for the operator to check against what the working party sees. */
export interface BackupSummary {
  readonly documents: number;
  readonly revisionsIssued: number;
  readonly users: number;
  readonly bytes: number;
}

/**
 * Copies the database at `source` into a new file `target`, while a server may be writing it.
 *
 * A copy of `accord.sqlite` with `cp` is no backup: in WAL mode the recent commits (all of a new
 * database's) are in `accord.sqlite-wal` until a checkpoint, so the copy opens empty or old.
 * `VACUUM INTO` reads one consistent snapshot through SQLite, WAL included, without blocking the
 * server's writes (a WAL reader holds no lock a writer waits on), where the online backup API starts
 * over whenever another connection writes.
 *
 * The copy is made under a temporary name and renamed once SQLite has checked it, so a file at
 * `target` is always a whole backup. Refuses to overwrite anything.
 */
export function backupDatabase(source: string, target: string): Result<BackupSummary, string> {
  if (!existsSync(source)) return err(`there is no database at ${source}`);
  if (existsSync(target)) return err(`${target} already exists: a backup never overwrites a file`);
  if (!existsSync(dirname(target))) return err(`there is no directory ${dirname(target)} to back up to`);
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  try {
    // VACUUM INTO takes an empty file; made here so the copy is its owner's alone, as the database is.
    closeSync(openSync(partial, 'wx', DATABASE_FILE_MODE));
    // Not read-only: after a crash the WAL needs recovering, which a read-only connection may not do.
    const db = new Database(source, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      db.prepare('VACUUM INTO ?').run(partial);
    } finally {
      db.close();
    }
    const summary = checkBackup(partial);
    if (!summary.ok) {
      rmSync(partial, { force: true });
      return summary;
    }
    const fd = openSync(partial, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, target);
    return summary;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

function checkBackup(file: string): Result<BackupSummary, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return err(`the copy failed SQLite's integrity check: ${String(integrity)}`);
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return ok({
      documents: count('SELECT count(*) AS n FROM documents'),
      // Revision 0 is each document's text as it was made, not one issued.
      revisionsIssued: count('SELECT count(*) AS n FROM revisions WHERE rev > 0'),
      users: count('SELECT count(*) AS n FROM users'),
      bytes: statSync(file).size,
    });
  } finally {
    db.close();
  }
}

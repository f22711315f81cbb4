import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { err, ok, type Result } from '@accord/model';
import Database from 'better-sqlite3';
import { backupDatabase } from './backup-database';
import { MIGRATIONS, type Migration } from './migrations';

export interface UpgradeBackup {
  /** The copy of the database from before the schema changes. */
  readonly copy: string;
  /** The schema changes the start is about to make, in order. */
  readonly pending: readonly string[];
}

/**
 * Before a start changes the schema of a database an older version wrote, copies it beside itself
 * (`accord.sqlite.before-upgrade-2026-12-01T15-50-00Z`): the older version cannot open the upgraded
 * file, so this copy is the way back if the new version has to go. Null when there is nothing to
 * upgrade: no file yet, a new one, one already up to date, or one a later version wrote (which
 * `runMigrations` refuses).
 */
export function backupBeforeUpgrade(
  file: string,
  at: number,
  migrations: readonly Migration[] = MIGRATIONS,
): Result<UpgradeBackup | null, string> {
  if (!existsSync(file)) return ok(null);
  const pending = listPendingMigrations(file, migrations);
  if (pending.length === 0) return ok(null);
  const stamp = new Date(at)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
  const copy = `${file}.before-upgrade-${stamp}`;
  const made = backupDatabase(file, copy);
  if (!made.ok) return err(`cannot keep a copy of the database before upgrading it: ${made.error}`);
  return ok({ copy, pending });
}

/**
 * How many copies from before upgrades a successful upgrade leaves: its own, the way back to the
 * version before, and the previous upgrade's, should a problem be found only after the next one.
 * Each is the whole database, and an older one takes back every change since it was made.
 */
export const KEPT_UPGRADE_COPIES = 2;

/** What `removeOlderUpgradeCopies` did: the copies removed, and those it could not remove, why. */
export interface UpgradeCopyRemoval {
  readonly removed: readonly string[];
  readonly failed: readonly string[];
}

/**
 * Removes all but the newest `keep` copies `backupBeforeUpgrade` made of `file`: called once an
 * upgrade has succeeded (a failed one keeps them all). Only names it writes are touched (their stamp
 * sorts as their time); a file renamed by hand is left alone.
 */
export function removeOlderUpgradeCopies(file: string, keep = KEPT_UPGRADE_COPIES): UpgradeCopyRemoval {
  const prefix = `${basename(file)}.before-upgrade-`;
  const copies = readdirSync(dirname(file))
    .filter((name) => name.startsWith(prefix) && UPGRADE_STAMP.test(name.slice(prefix.length)))
    .sort();
  const removed: string[] = [];
  const failed: string[] = [];
  for (const name of copies.slice(0, Math.max(0, copies.length - keep))) {
    const path = join(dirname(file), name);
    try {
      rmSync(path);
      removed.push(path);
    } catch (error) {
      failed.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { removed, failed };
}

/** The stamp of a copy's name, as `backupBeforeUpgrade` writes it: 2026-12-01T15-50-00Z. */
const UPGRADE_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/;

function listPendingMigrations(file: string, migrations: readonly Migration[]): string[] {
  const db = new Database(file, { fileMustExist: true });
  try {
    const table = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (table === undefined) return [];
    const applied = new Set(
      (db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((row) => row.name),
    );
    const known = new Set(migrations.map((migration) => migration.name));
    if (applied.size === 0 || [...applied].some((name) => !known.has(name))) return [];
    return migrations.filter((migration) => !applied.has(migration.name)).map((migration) => migration.name);
  } finally {
    db.close();
  }
}

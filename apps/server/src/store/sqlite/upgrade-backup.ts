import { existsSync } from 'node:fs';
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

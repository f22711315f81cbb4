import type { Database } from 'better-sqlite3';
import { AUDIT_MIGRATIONS } from './audit';
import { COMMENT_MIGRATIONS } from './comments';
import { COMMISSION_RESERVATION_MIGRATIONS } from './commission-reservations';
import { DOCUMENT_MIGRATIONS } from './documents';
import { POSITION_MIGRATIONS } from './positions';
import { REVISION_MIGRATIONS } from './revisions';
import { SESSION_MIGRATIONS } from './sessions';
import { SILENCE_MIGRATIONS } from './silence';
import { UPDATE_LOG_MIGRATIONS } from './update-log';
import { USER_MIGRATIONS } from './users';

export interface Migration {
  /** Unique and never renamed: the database records which names it has run. */
  readonly name: string;
  readonly sql: string;
  /** What SQL alone cannot compute (a column read by the model from another), run after `sql`. */
  readonly backfill?: (db: Database) => void;
}

/** Every schema change in the order it runs. A new concern appends its own list here. */
export const MIGRATIONS: readonly Migration[] = [
  ...USER_MIGRATIONS,
  ...SESSION_MIGRATIONS,
  ...DOCUMENT_MIGRATIONS,
  ...UPDATE_LOG_MIGRATIONS,
  ...REVISION_MIGRATIONS,
  ...AUDIT_MIGRATIONS,
  ...POSITION_MIGRATIONS,
  ...SILENCE_MIGRATIONS,
  ...COMMENT_MIGRATIONS,
  ...COMMISSION_RESERVATION_MIGRATIONS,
];

/**
 * A database changed by a later version of Accord: this one would read and write its tables as it
 * knows them (a column it never fills, a table it never checks), so it refuses to open it.
 */
export class LaterSchemaError extends Error {
  readonly code = 'ACCORD_LATER_SCHEMA';
  constructor(readonly unknownMigrations: readonly string[]) {
    super(
      `the database has schema changes this version of Accord does not know: ${unknownMigrations.join(', ')}`,
    );
  }
}

/**
 * Runs the migrations this database has not run yet, all in one transaction. Throws LaterSchemaError,
 * changing nothing, when the database records one this list lacks.
 */
export function runMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((row) => row.name),
  );
  const known = new Set(migrations.map((migration) => migration.name));
  const unknown = [...applied].filter((name) => !known.has(name));
  if (unknown.length > 0) throw new LaterSchemaError(unknown);
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  db.transaction(() => {
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      db.exec(migration.sql);
      migration.backfill?.(db);
      record.run(migration.name, Date.now());
    }
  })();
}

import type { Role } from '@accord/model';
import type { Database } from 'better-sqlite3';
import {
  type AuditAction,
  type AuditEntry,
  type AuditEntryInput,
  type AuditStore,
  MAX_AUDIT_PAGE,
} from '../audit-store';
import type { Migration } from './migrations';
import { type AssertInPlace, prepareWriteInPlace } from './write-in-place';

export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    name: '006-audit-log',
    // The triggers make the log append-only below the store too: no UPDATE or DELETE ever succeeds.
    sql: `CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      document_id TEXT NOT NULL REFERENCES documents(id),
      at INTEGER NOT NULL,
      actor_id TEXT,
      actor_name TEXT,
      actor_role TEXT,
      actor_delegation TEXT,
      action TEXT NOT NULL,
      block_id TEXT,
      summary TEXT NOT NULL,
      details TEXT NOT NULL
    );
    CREATE INDEX audit_log_by_document ON audit_log (document_id, seq);
    CREATE TRIGGER audit_log_refuse_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: an entry cannot be changed'); END;
    CREATE TRIGGER audit_log_refuse_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: an entry cannot be deleted'); END;`,
  },
  {
    name: '021-audit-log-by-action',
    // Opening a document reads its forwardings by action, as the board and the history's filters do:
    // without it, every position's entry of the document is scanned.
    sql: 'CREATE INDEX audit_log_by_action ON audit_log (document_id, action, seq);',
  },
];

interface AuditRow {
  seq: number;
  document_id: string;
  at: number;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  actor_delegation: string | null;
  action: string;
  block_id: string | null;
  summary: string;
  details: string;
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    documentId: row.document_id,
    at: row.at,
    actor: {
      id: row.actor_id,
      name: row.actor_name,
      role: row.actor_role as Role | null,
      delegation: row.actor_delegation,
    },
    action: row.action as AuditAction,
    blockId: row.block_id,
    summary: row.summary,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

/**
 * The insert of one audit row, for other SQLite sub-stores to call inside their own transaction so a
 * change and its audit entry are written together. Returns the entry's seq.
 */
export function prepareAuditInsert(db: Database): (entry: AuditEntryInput) => number {
  const insert = db.prepare(
    `INSERT INTO audit_log (document_id, at, actor_id, actor_name, actor_role, actor_delegation, action,
       block_id, summary, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (entry) =>
    Number(
      insert.run(
        entry.documentId,
        entry.at,
        entry.actor.id,
        entry.actor.name,
        entry.actor.role,
        entry.actor.delegation,
        entry.action,
        entry.blockId,
        entry.summary,
        JSON.stringify(entry.details),
      ).lastInsertRowid,
    );
}

export function createSqliteAuditStore(db: Database, assertInPlace: AssertInPlace = () => {}): AuditStore {
  const insert = prepareWriteInPlace(db, assertInPlace)(prepareAuditInsert(db));
  const page = db.prepare<[string, number, number], AuditRow>(
    'SELECT * FROM audit_log WHERE document_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  // The actions as a JSON array: one statement whatever their number.
  const pageOf = db.prepare<[string, number, string, number], AuditRow>(
    `SELECT * FROM audit_log WHERE document_id = ? AND seq > ?
       AND action IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ?`,
  );
  return {
    async append(entry) {
      return { ...entry, seq: insert(entry) };
    },
    async list(documentId, options = {}) {
      const limit = Math.max(0, Math.min(options.limit ?? MAX_AUDIT_PAGE, MAX_AUDIT_PAGE));
      const after = options.after ?? 0;
      const rows =
        options.actions === undefined
          ? page.all(documentId, after, limit)
          : pageOf.all(documentId, after, JSON.stringify(options.actions), limit);
      return rows.map(toAuditEntry);
    },
  };
}

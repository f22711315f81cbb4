import type { MemberStateCode, SilenceBreak, SilenceCancellation } from '@accord/model';
import { fromEpochMs } from '@accord/model';
import type { Database } from 'better-sqlite3';
import type { SilenceStore, StoredSilenceProcedure } from '../consensus-stores';
import { prepareAuditInsert } from './audit';
import type { Migration } from './migrations';
import { type AssertInPlace, prepareWriteInPlace } from './write-in-place';

export const SILENCE_MIGRATIONS: readonly Migration[] = [
  {
    name: '008-silence-procedures',
    sql: `CREATE TABLE silence_procedures (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      document_id TEXT NOT NULL REFERENCES documents(id),
      started_at INTEGER NOT NULL,
      started_by TEXT NOT NULL,
      until INTEGER NOT NULL,
      text_hashes TEXT NOT NULL
    );
    CREATE INDEX silence_procedures_by_document ON silence_procedures (document_id, seq);
    CREATE TABLE silence_breaks (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      procedure_id TEXT NOT NULL REFERENCES silence_procedures(id),
      delegation TEXT NOT NULL,
      reason TEXT NOT NULL,
      at INTEGER NOT NULL,
      user_id TEXT NOT NULL,
      UNIQUE (procedure_id, delegation)
    );
    CREATE TRIGGER silence_procedures_refuse_update BEFORE UPDATE ON silence_procedures
    BEGIN SELECT RAISE(ABORT, 'a silence procedure is never changed'); END;
    CREATE TRIGGER silence_procedures_refuse_delete BEFORE DELETE ON silence_procedures
    BEGIN SELECT RAISE(ABORT, 'a silence procedure is never deleted'); END;
    CREATE TRIGGER silence_breaks_refuse_update BEFORE UPDATE ON silence_breaks
    BEGIN SELECT RAISE(ABORT, 'a break of silence is never changed'); END;
    CREATE TRIGGER silence_breaks_refuse_delete BEFORE DELETE ON silence_breaks
    BEGIN SELECT RAISE(ABORT, 'a break of silence is never deleted'); END;`,
  },
  {
    name: '011-silence-lapses',
    // One row per lapsed procedure whose silence.lapsed audit entry is written: the key keeps it once.
    sql: `CREATE TABLE silence_lapses (
      procedure_id TEXT PRIMARY KEY REFERENCES silence_procedures(id),
      lapsed_at INTEGER NOT NULL
    );
    CREATE TRIGGER silence_lapses_refuse_update BEFORE UPDATE ON silence_lapses
    BEGIN SELECT RAISE(ABORT, 'a lapse of silence is never changed'); END;
    CREATE TRIGGER silence_lapses_refuse_delete BEFORE DELETE ON silence_lapses
    BEGIN SELECT RAISE(ABORT, 'a lapse of silence is never deleted'); END;`,
  },
  {
    name: '014-silence-changes',
    // The blocks whose text changed while a procedure ran, once each. A procedure stored before this
    // table has no rows: none changed, which is how it was judged then.
    sql: `CREATE TABLE silence_changes (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      procedure_id TEXT NOT NULL REFERENCES silence_procedures(id),
      block_id TEXT NOT NULL,
      at INTEGER NOT NULL,
      UNIQUE (procedure_id, block_id)
    );
    CREATE TRIGGER silence_changes_refuse_update BEFORE UPDATE ON silence_changes
    BEGIN SELECT RAISE(ABORT, 'a change during silence is never changed'); END;
    CREATE TRIGGER silence_changes_refuse_delete BEFORE DELETE ON silence_changes
    BEGIN SELECT RAISE(ABORT, 'a change during silence is never deleted'); END;`,
  },
  {
    name: '015-silence-cancellations',
    // At most one row per procedure the Presidency cancelled: the key keeps it once. A procedure stored
    // before this table has none, which is what it was then: never cancelled.
    sql: `CREATE TABLE silence_cancellations (
      procedure_id TEXT PRIMARY KEY REFERENCES silence_procedures(id),
      reason TEXT,
      at INTEGER NOT NULL,
      user_id TEXT NOT NULL
    );
    CREATE TRIGGER silence_cancellations_refuse_update BEFORE UPDATE ON silence_cancellations
    BEGIN SELECT RAISE(ABORT, 'a cancellation of silence is never changed'); END;
    CREATE TRIGGER silence_cancellations_refuse_delete BEFORE DELETE ON silence_cancellations
    BEGIN SELECT RAISE(ABORT, 'a cancellation of silence is never deleted'); END;`,
  },
];

interface ProcedureRow {
  id: string;
  started_at: number;
  started_by: string;
  until: number;
  text_hashes: string;
}

interface BreakRow {
  procedure_id: string;
  delegation: string;
  reason: string;
  at: number;
  user_id: string;
}

interface CancellationRow {
  procedure_id: string;
  reason: string | null;
  at: number;
  user_id: string;
}

export function createSqliteSilenceStore(
  db: Database,
  assertInPlace: AssertInPlace = () => {},
): SilenceStore {
  const transact = prepareWriteInPlace(db, assertInPlace);
  const insertProcedure = db.prepare(
    `INSERT INTO silence_procedures (id, document_id, started_at, started_by, until, text_hashes)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertBreak = db.prepare(
    'INSERT INTO silence_breaks (procedure_id, delegation, reason, at, user_id) VALUES (?, ?, ?, ?, ?)',
  );
  const insertCancellation = db.prepare(
    'INSERT INTO silence_cancellations (procedure_id, reason, at, user_id) VALUES (?, ?, ?, ?)',
  );
  const cancellations = db.prepare<[string], CancellationRow>(
    `SELECT c.procedure_id, c.reason, c.at, c.user_id FROM silence_cancellations c
     JOIN silence_procedures p ON p.id = c.procedure_id WHERE p.document_id = ?`,
  );
  const insertLapse = db.prepare(
    'INSERT OR IGNORE INTO silence_lapses (procedure_id, lapsed_at) VALUES (?, ?)',
  );
  const lapses = db.prepare<[string], { procedure_id: string }>(
    `SELECT l.procedure_id FROM silence_lapses l
     JOIN silence_procedures p ON p.id = l.procedure_id WHERE p.document_id = ? ORDER BY p.seq`,
  );
  const insertChange = db.prepare(
    'INSERT OR IGNORE INTO silence_changes (procedure_id, block_id, at) VALUES (?, ?, ?)',
  );
  const changes = db.prepare<[string], { procedure_id: string; block_id: string }>(
    `SELECT c.procedure_id, c.block_id FROM silence_changes c
     JOIN silence_procedures p ON p.id = c.procedure_id WHERE p.document_id = ? ORDER BY c.seq`,
  );
  // Not checked for a lost file (`transact`), as the lapse below: no answer acknowledges them, and a
  // report read while the file is lost must still be made.
  const markChanged = db.transaction((procedureId: string, blockIds: readonly string[], at: number) => {
    for (const blockId of blockIds) insertChange.run(procedureId, blockId, at);
  });
  const insertAudit = prepareAuditInsert(db);
  const procedures = db.prepare<[string], ProcedureRow>(
    `SELECT id, started_at, started_by, until, text_hashes FROM silence_procedures
     WHERE document_id = ? ORDER BY seq`,
  );
  const breaks = db.prepare<[string], BreakRow>(
    `SELECT b.procedure_id, b.delegation, b.reason, b.at, b.user_id FROM silence_breaks b
     JOIN silence_procedures p ON p.id = b.procedure_id WHERE p.document_id = ? ORDER BY b.seq`,
  );
  const unsettledDeadline = db.prepare<[string], { until: number; settled: number }>(
    `SELECT p.until,
       EXISTS (SELECT 1 FROM silence_breaks b WHERE b.procedure_id = p.id)
       OR EXISTS (SELECT 1 FROM silence_cancellations c WHERE c.procedure_id = p.id) AS settled
     FROM silence_procedures p WHERE p.document_id = ? ORDER BY p.seq DESC LIMIT 1`,
  );
  const start = transact(
    (documentId: string, p: StoredSilenceProcedure, audit: Parameters<typeof insertAudit>[0]) => {
      insertProcedure.run(
        p.id,
        documentId,
        Date.parse(p.startedAt),
        p.startedBy,
        Date.parse(p.until),
        JSON.stringify(p.textHashes),
      );
      insertAudit(audit);
    },
  );
  const addBreak = transact(
    (procedureId: string, b: SilenceBreak, audit: Parameters<typeof insertAudit>[0]) => {
      insertBreak.run(procedureId, b.delegation, b.reason, Date.parse(b.at), b.userId);
      insertAudit(audit);
    },
  );
  const cancel = transact(
    (procedureId: string, c: SilenceCancellation, audit: Parameters<typeof insertAudit>[0]) => {
      insertCancellation.run(procedureId, c.reason, Date.parse(c.at), c.userId);
      insertAudit(audit);
    },
  );
  const recordLapse = db.transaction((procedureId: string, audit: Parameters<typeof insertAudit>[0]) => {
    if (insertLapse.run(procedureId, audit.at).changes === 0) return false;
    insertAudit(audit);
    return true;
  });

  return {
    async start(documentId, procedure, audit) {
      start(documentId, procedure, audit);
    },
    async addBreak(procedureId, entry, audit) {
      addBreak(procedureId, entry, audit);
    },
    async cancel(procedureId, cancellation, audit) {
      cancel(procedureId, cancellation, audit);
    },
    async recordLapse(procedureId, audit) {
      return recordLapse(procedureId, audit);
    },
    // An async body runs to its first await at once: written before this returns, as the interface asks.
    async markChanged(procedureId, blockIds, at) {
      markChanged(procedureId, blockIds, Date.parse(at));
    },
    async findUnsettledDeadline(documentId) {
      const row = unsettledDeadline.get(documentId);
      return row === undefined || row.settled !== 0 ? null : fromEpochMs(row.until);
    },
    async listLapses(documentId) {
      return lapses.all(documentId).map((row) => row.procedure_id);
    },
    async list(documentId) {
      const byProcedure = new Map<string, SilenceBreak[]>();
      for (const row of breaks.all(documentId)) {
        const list = byProcedure.get(row.procedure_id) ?? [];
        list.push({
          delegation: row.delegation as MemberStateCode,
          reason: row.reason,
          at: fromEpochMs(row.at),
          userId: row.user_id,
        });
        byProcedure.set(row.procedure_id, list);
      }
      const changedBy = new Map<string, string[]>();
      for (const row of changes.all(documentId)) {
        const list = changedBy.get(row.procedure_id);
        if (list === undefined) changedBy.set(row.procedure_id, [row.block_id]);
        else list.push(row.block_id);
      }
      const cancelled = new Map<string, SilenceCancellation>();
      for (const row of cancellations.all(documentId)) {
        cancelled.set(row.procedure_id, { reason: row.reason, at: fromEpochMs(row.at), userId: row.user_id });
      }
      return procedures.all(documentId).map((row) => ({
        id: row.id,
        startedAt: fromEpochMs(row.started_at),
        startedBy: row.started_by,
        until: fromEpochMs(row.until),
        textHashes: JSON.parse(row.text_hashes) as Record<string, string>,
        breaks: byProcedure.get(row.id) ?? [],
        changedDuring: changedBy.get(row.id) ?? [],
        cancellation: cancelled.get(row.id) ?? null,
      }));
    },
  };
}

import type { Database } from 'better-sqlite3';
import type { LoggedUpdate, UpdateEntry, UpdateLogStore, WriterClaim } from '../store';
import type { AppendWorker } from './append-worker';
import type { Migration } from './migrations';
import { prepareDurableCommit, type WalSync } from './wal-sync';
import type { AssertInPlace } from './write-in-place';

export const UPDATE_LOG_MIGRATIONS: readonly Migration[] = [
  {
    name: '004-update-log',
    // AUTOINCREMENT: a seq is never reused after compaction deleted the rows above the last snapshot.
    sql: `CREATE TABLE updates (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      data BLOB NOT NULL,
      user_id TEXT,
      delegation TEXT,
      at INTEGER NOT NULL
    );
    CREATE INDEX updates_by_document ON updates (document_id, seq);
    CREATE TABLE snapshots (
      document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
      through_seq INTEGER NOT NULL,
      data BLOB NOT NULL,
      created_at INTEGER NOT NULL
    );`,
  },
  {
    name: '012-writers-and-runs',
    // Not part of the snapshot: a client id stays its user's after the log is compacted.
    sql: `CREATE TABLE document_writers (
      document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      client INTEGER NOT NULL,
      user_id TEXT NOT NULL,
      PRIMARY KEY (document_id, client)
    ) WITHOUT ROWID;
    CREATE TABLE log_runs (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      ended_cleanly INTEGER NOT NULL
    );`,
  },
];

/** The statement that logs one update (the append worker runs it too). */
export const INSERT_UPDATE_SQL =
  'INSERT INTO updates (document_id, data, user_id, delegation, at) VALUES (?, ?, ?, ?, ?)';

/** The statement that records a writer claim; the first user to take a client id keeps it. */
export const INSERT_WRITER_SQL =
  'INSERT OR IGNORE INTO document_writers (document_id, client, user_id) VALUES (?, ?, ?)';

/** An insert of one update-log row, for a store whose transaction must hold one (a revision's upload). */
export function prepareUpdateInsert(db: Database): (entry: UpdateEntry) => number {
  const insert = db.prepare(INSERT_UPDATE_SQL);
  return (e) => Number(insert.run(e.documentId, e.update, e.userId, e.delegation, e.at).lastInsertRowid);
}

interface UpdateRow {
  seq: number;
  document_id: string;
  data: Buffer;
  user_id: string | null;
  delegation: string | null;
  at: number;
}

/**
 * The update log over `db`. With `worker`, appends run on the worker's connection instead (falling back
 * to `db` if the worker has stopped); everything else stays on `db`. With `walSync`, an append commits
 * without syncing and resolves once the WAL is synced in the background (see wal-sync.ts); without,
 * the commit itself syncs (`synchronous = FULL`, the connection's setting).
 */
export function createSqliteUpdateLogStore(
  db: Database,
  worker: AppendWorker | null = null,
  walSync: WalSync | null = null,
  assertInPlace: AssertInPlace = () => {},
): UpdateLogStore {
  const insert = prepareUpdateInsert(db);
  const snapshotOf = db.prepare<[string], { through_seq: number; data: Buffer }>(
    'SELECT through_seq, data FROM snapshots WHERE document_id = ?',
  );
  const updatesAfter = db.prepare<[string, number], UpdateRow>(
    'SELECT seq, document_id, data, user_id, delegation, at FROM updates WHERE document_id = ? AND seq > ? ORDER BY seq',
  );
  const insertWriter = db.prepare(INSERT_WRITER_SQL);
  const writersOf = db.prepare<[string], { client: number; user_id: string }>(
    'SELECT client, user_id FROM document_writers WHERE document_id = ?',
  );
  const runEndedCleanly = db.prepare<[], { ended_cleanly: number }>(
    'SELECT ended_cleanly FROM log_runs WHERE id = 1',
  );
  const setRunEndedCleanly = db.prepare(
    `INSERT INTO log_runs (id, ended_cleanly) VALUES (1, ?)
     ON CONFLICT (id) DO UPDATE SET ended_cleanly = excluded.ended_cleanly`,
  );
  const beginRun = db.transaction(() => {
    const previous = runEndedCleanly.get();
    setRunEndedCleanly.run(0);
    return previous === undefined || previous.ended_cleanly === 1;
  });
  const deleteThrough = db.prepare('DELETE FROM updates WHERE document_id = ? AND seq <= ?');
  const upsertSnapshot = db.prepare(
    `INSERT INTO snapshots (document_id, through_seq, data, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (document_id) DO UPDATE SET through_seq = excluded.through_seq, data = excluded.data,
       created_at = excluded.created_at
     WHERE excluded.through_seq >= snapshots.through_seq`,
  );

  const append = db.transaction((entries: readonly UpdateEntry[], claims: readonly WriterClaim[]) => {
    for (const claim of claims) insertWriter.run(claim.documentId, claim.client, claim.userId);
    return entries.map(insert);
  });
  const appendDurably = prepareDurableCommit(db, walSync, assertInPlace);
  const compact = db.transaction(
    (documentId: string, snapshot: Uint8Array, throughSeq: number, at: number) => {
      upsertSnapshot.run(documentId, throughSeq, snapshot, at);
      deleteThrough.run(documentId, throughSeq);
    },
  );
  const snapshotSeqOf = (documentId: string) => snapshotOf.get(documentId)?.through_seq ?? 0;

  return {
    async append(entries, claims = []) {
      if (entries.length === 0 && claims.length === 0) return [];
      if (worker?.isAlive) {
        assertInPlace();
        const seqs = await worker.append(entries, claims);
        assertInPlace(true);
        return seqs;
      }
      return appendDurably(() => append(entries, claims));
    },
    async load(documentId) {
      // One read transaction, so a concurrent compaction cannot fall between the two reads.
      return db.transaction(() => {
        const snapshot = snapshotOf.get(documentId);
        const snapshotSeq = snapshot?.through_seq ?? 0;
        const rows = updatesAfter.all(documentId, snapshotSeq);
        return {
          snapshot: snapshot?.data ?? null,
          snapshotSeq,
          updates: rows.map((r) => r.data),
          lastSeq: rows.at(-1)?.seq ?? snapshotSeq,
          writers: new Map(writersOf.all(documentId).map((row) => [row.client, row.user_id])),
        };
      })();
    },
    async compact(documentId, snapshot, throughSeq, at) {
      compact(documentId, snapshot, throughSeq, at);
    },
    async beginRun() {
      return beginRun();
    },
    async endRun() {
      setRunEndedCleanly.run(1);
    },
    async list(documentId) {
      return updatesAfter.all(documentId, snapshotSeqOf(documentId)).map(
        (r): LoggedUpdate => ({
          seq: r.seq,
          documentId: r.document_id,
          update: r.data,
          userId: r.user_id,
          delegation: r.delegation,
          at: r.at,
        }),
      );
    },
  };
}

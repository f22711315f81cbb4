import type { MemberStateCode, PositionEvent, PositionKind } from '@accord/model';
import { fromEpochMs } from '@accord/model';
import type { Database } from 'better-sqlite3';
import type { PositionEntry, PositionStore } from '../consensus-stores';
import { prepareAuditInsert } from './audit';
import type { Migration } from './migrations';
import { prepareDurableCommit, type WalSync } from './wal-sync';
import type { AssertInPlace } from './write-in-place';

export const POSITION_MIGRATIONS: readonly Migration[] = [
  {
    name: '007-position-events',
    sql: `CREATE TABLE position_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      document_id TEXT NOT NULL REFERENCES documents(id),
      block_id TEXT NOT NULL,
      delegation TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('recorded', 'withdrawn')),
      position TEXT,
      note TEXT,
      text_hash TEXT,
      revision INTEGER,
      at INTEGER NOT NULL,
      user_id TEXT NOT NULL
    );
    CREATE INDEX position_events_by_document ON position_events (document_id, seq);
    CREATE TRIGGER position_events_refuse_update BEFORE UPDATE ON position_events
    BEGIN SELECT RAISE(ABORT, 'position history is append-only'); END;
    CREATE TRIGGER position_events_refuse_delete BEFORE DELETE ON position_events
    BEGIN SELECT RAISE(ABORT, 'position history is append-only'); END;`,
  },
  {
    // Positions given before it have no text kept: their changes are shown since their revision.
    name: '018-position-texts',
    sql: `CREATE TABLE position_texts (
      document_id TEXT NOT NULL REFERENCES documents(id),
      block_id TEXT NOT NULL,
      text_hash TEXT NOT NULL,
      text TEXT NOT NULL,
      PRIMARY KEY (document_id, block_id, text_hash)
    ) WITHOUT ROWID;`,
  },
];

interface PositionRow {
  block_id: string;
  delegation: string;
  type: 'recorded' | 'withdrawn';
  position: string | null;
  note: string | null;
  text_hash: string | null;
  revision: number | null;
  at: number;
  user_id: string;
}

function toPositionEvent(row: PositionRow): PositionEvent {
  const delegation = row.delegation as MemberStateCode;
  const at = fromEpochMs(row.at);
  if (row.type === 'withdrawn') {
    return { type: 'withdrawn', blockId: row.block_id, delegation, at, userId: row.user_id };
  }
  return {
    type: 'recorded',
    record: {
      blockId: row.block_id,
      delegation,
      position: row.position as PositionKind,
      note: row.note,
      textHash: row.text_hash as string,
      revision: row.revision as number,
      at,
      userId: row.user_id,
    },
  };
}

export function createSqlitePositionStore(
  db: Database,
  walSync: WalSync | null = null,
  assertInPlace: AssertInPlace = () => {},
): PositionStore {
  const insert = db.prepare(
    `INSERT INTO position_events (document_id, block_id, delegation, type, position, note, text_hash,
       revision, at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAudit = prepareAuditInsert(db);
  // One row per block and text: a room agreeing to the same text keeps it once.
  const insertText = db.prepare(
    'INSERT OR IGNORE INTO position_texts (document_id, block_id, text_hash, text) VALUES (?, ?, ?, ?)',
  );
  const findText = db.prepare<[string, string, string], { text: string }>(
    'SELECT text FROM position_texts WHERE document_id = ? AND block_id = ? AND text_hash = ?',
  );
  const history = db.prepare<[string], PositionRow>(
    `SELECT block_id, delegation, type, position, note, text_hash, revision, at, user_id
     FROM position_events WHERE document_id = ? ORDER BY seq`,
  );
  const append = db.transaction((entries: readonly PositionEntry[]) => {
    for (const { documentId, event, audit, text } of entries) {
      if (event.type === 'recorded') {
        const r = event.record;
        if (text !== undefined) insertText.run(documentId, r.blockId, r.textHash, text);
        insert.run(
          documentId,
          r.blockId,
          r.delegation,
          'recorded',
          r.position,
          r.note,
          r.textHash,
          r.revision,
          Date.parse(r.at),
          r.userId,
        );
      } else {
        insert.run(
          documentId,
          event.blockId,
          event.delegation,
          'withdrawn',
          null,
          null,
          null,
          null,
          Date.parse(event.at),
          event.userId,
        );
      }
      insertAudit(audit);
    }
  });

  // Positions come in bursts from a whole room: their fsync runs off the event loop, as the update log's.
  const appendDurably = prepareDurableCommit(db, walSync, assertInPlace);

  return {
    async append(entries) {
      if (entries.length > 0) await appendDurably(() => append(entries));
    },
    async list(documentId) {
      return history.all(documentId).map(toPositionEvent);
    },
    async findText(documentId, blockId, textHash) {
      return findText.get(documentId, blockId, textHash)?.text ?? null;
    },
  };
}

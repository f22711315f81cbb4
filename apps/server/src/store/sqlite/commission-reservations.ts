import type { CommissionReservationEvent, ReservationKind } from '@accord/model';
import { fromEpochMs } from '@accord/model';
import type { Database } from 'better-sqlite3';
import type { CommissionReservationEntry, CommissionReservationStore } from '../consensus-stores';
import { prepareAuditInsert } from './audit';
import type { Migration } from './migrations';
import { type AssertInPlace, prepareWriteInPlace } from './write-in-place';

export const COMMISSION_RESERVATION_MIGRATIONS: readonly Migration[] = [
  {
    name: '013-commission-reservation-events',
    sql: `CREATE TABLE commission_reservation_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      document_id TEXT NOT NULL REFERENCES documents(id),
      block_id TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('recorded', 'withdrawn')),
      position TEXT,
      note TEXT,
      text_hash TEXT,
      revision INTEGER,
      at INTEGER NOT NULL,
      user_id TEXT NOT NULL
    );
    CREATE INDEX commission_reservation_events_by_document
      ON commission_reservation_events (document_id, seq);
    CREATE TRIGGER commission_reservation_events_refuse_update BEFORE UPDATE ON commission_reservation_events
    BEGIN SELECT RAISE(ABORT, 'reservation history is append-only'); END;
    CREATE TRIGGER commission_reservation_events_refuse_delete BEFORE DELETE ON commission_reservation_events
    BEGIN SELECT RAISE(ABORT, 'reservation history is append-only'); END;`,
  },
];

interface ReservationRow {
  block_id: string;
  type: 'recorded' | 'withdrawn';
  position: string | null;
  note: string | null;
  text_hash: string | null;
  revision: number | null;
  at: number;
  user_id: string;
}

function toEvent(row: ReservationRow): CommissionReservationEvent {
  const at = fromEpochMs(row.at);
  if (row.type === 'withdrawn') return { type: 'withdrawn', blockId: row.block_id, at, userId: row.user_id };
  return {
    type: 'recorded',
    record: {
      blockId: row.block_id,
      position: row.position as ReservationKind,
      note: row.note,
      textHash: row.text_hash as string,
      revision: row.revision as number,
      at,
      userId: row.user_id,
    },
  };
}

export function createSqliteCommissionReservationStore(
  db: Database,
  assertInPlace: AssertInPlace = () => {},
): CommissionReservationStore {
  const transact = prepareWriteInPlace(db, assertInPlace);
  const insert = db.prepare(
    `INSERT INTO commission_reservation_events (document_id, block_id, type, position, note, text_hash,
       revision, at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAudit = prepareAuditInsert(db);
  // The positions' table of texts: one row per block and text, whoever was pinned to it.
  const insertText = db.prepare(
    'INSERT OR IGNORE INTO position_texts (document_id, block_id, text_hash, text) VALUES (?, ?, ?, ?)',
  );
  const history = db.prepare<[string], ReservationRow>(
    `SELECT block_id, type, position, note, text_hash, revision, at, user_id
     FROM commission_reservation_events WHERE document_id = ? ORDER BY seq`,
  );
  // A few a day: each is its own transaction, committed with the database's FULL synchronous setting.
  const append = transact(({ documentId, event, audit, text }: CommissionReservationEntry) => {
    if (event.type === 'recorded') {
      const r = event.record;
      if (text !== undefined) insertText.run(documentId, r.blockId, r.textHash, text);
      insert.run(
        documentId,
        r.blockId,
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
  });
  return {
    async append(entry) {
      append(entry);
    },
    async list(documentId) {
      return history.all(documentId).map(toEvent);
    },
  };
}

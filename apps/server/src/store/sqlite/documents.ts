import type { Database } from 'better-sqlite3';
import type { DocumentRecord, DocumentStore } from '../store';
import type { Migration } from './migrations';

export const DOCUMENT_MIGRATIONS: readonly Migration[] = [
  {
    name: '003-documents',
    sql: `CREATE TABLE documents (
      id TEXT PRIMARY KEY,
      number TEXT,
      title TEXT NOT NULL,
      created_by TEXT,
      created_at INTEGER NOT NULL
    )`,
  },
];

interface DocumentRow {
  id: string;
  number: string | null;
  title: string;
  revision: number;
  created_by: string | null;
  created_at: number;
}

// The latest issued revision; 0 also before revision 0 is recorded (documents created before revisions).
const DOCUMENT_COLUMNS = `d.id, d.number, d.title,
  COALESCE((SELECT MAX(r.rev) FROM revisions r WHERE r.document_id = d.id), 0) AS revision,
  d.created_by, d.created_at`;

function toDocumentRecord(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    revision: row.revision,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export function createSqliteDocumentStore(db: Database): DocumentStore {
  const insert = db.prepare(
    'INSERT INTO documents (id, number, title, created_by, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertSnapshot = db.prepare(
    'INSERT INTO snapshots (document_id, through_seq, data, created_at) VALUES (?, 0, ?, ?)',
  );
  const byId = db.prepare<[string], DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE d.id = ?`,
  );
  const all = db.prepare<[], DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM documents d ORDER BY d.created_at, d.rowid`,
  );
  const create = db.transaction((document: DocumentRecord, initialState: Uint8Array) => {
    insert.run(document.id, document.number, document.title, document.createdBy, document.createdAt);
    insertSnapshot.run(document.id, initialState, document.createdAt);
  });

  return {
    async create(document, initialState) {
      const record = { ...document, revision: 0 };
      create(record, initialState);
      return record;
    },
    async findById(id) {
      const row = byId.get(id);
      return row ? toDocumentRecord(row) : null;
    },
    async list() {
      return all.all().map(toDocumentRecord);
    },
  };
}

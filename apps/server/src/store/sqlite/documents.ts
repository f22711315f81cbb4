import { err, ok, readRegisterIdentity } from '@accord/model';
import type { Database } from 'better-sqlite3';
import type { AuditEntryInput } from '../audit-store';
import type { DocumentRecord, DocumentStore, IssuedRevision } from '../store';
import { prepareAuditInsert } from './audit';
import type { Migration } from './migrations';
import { prepareRevisionInsert } from './revisions';
import { type AssertInPlace, prepareWriteInPlace } from './write-in-place';

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
  {
    name: '016-document-register-identity',
    // The register entry a document's number names (the model's `readRegisterIdentity`), looked up by
    // index at each creation. Not unique: a database from before the check may hold two documents of
    // one entry, and the check, not the index, keeps a new one out.
    sql: `ALTER TABLE documents ADD COLUMN register_identity TEXT;
    CREATE INDEX documents_by_register_identity ON documents (register_identity)`,
    backfill(db) {
      const rows = db
        .prepare<[], { id: string; number: string }>(
          'SELECT id, number FROM documents WHERE number IS NOT NULL',
        )
        .all();
      const update = db.prepare('UPDATE documents SET register_identity = ? WHERE id = ?');
      for (const row of rows) update.run(readRegisterIdentity(row.number), row.id);
    },
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

/** Documents remembered by id: every API request and socket looks its document up. */
export const MAX_CACHED_DOCUMENTS = 1_000;

export interface SqliteDocumentStore extends DocumentStore {
  /** Drops what is remembered of the document: its revision number changed (see the revision store). */
  forget(id: string): void;
}

export function createSqliteDocumentStore(
  db: Database,
  assertInPlace: AssertInPlace = () => {},
): SqliteDocumentStore {
  const transact = prepareWriteInPlace(db, assertInPlace);
  const insert = db.prepare(
    `INSERT INTO documents (id, number, register_identity, title, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
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
  const byIdentity = db.prepare<[string], DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE d.register_identity = ?
     ORDER BY d.created_at, d.rowid LIMIT 1`,
  );
  const insertRevision = prepareRevisionInsert(db);
  const insertAudit = prepareAuditInsert(db);
  // Looked up in the transaction that inserts, so two creations with one number make one document.
  const findHolder = (number: string | null): DocumentRow | undefined => {
    const wanted = readRegisterIdentity(number);
    return wanted === null ? undefined : byIdentity.get(wanted);
  };
  const create = transact(
    (
      document: DocumentRecord,
      initialState: Uint8Array,
      first: { readonly revision: IssuedRevision; readonly audit: readonly AuditEntryInput[] } | null,
      numberMustBeFree: boolean,
    ): DocumentRow | undefined => {
      const holder = numberMustBeFree ? findHolder(document.number) : undefined;
      if (holder !== undefined) return holder;
      insert.run(
        document.id,
        document.number,
        readRegisterIdentity(document.number),
        document.title,
        document.createdBy,
        document.createdAt,
      );
      insertSnapshot.run(document.id, initialState, document.createdAt);
      if (first !== null) {
        insertRevision(first.revision);
        for (const entry of first.audit) insertAudit(entry);
      }
      return undefined;
    },
  );

  // Only this process writes the file (its live documents are in its memory), and a document's record
  // changes only when a revision is issued, which calls `forget`. A missing id is not remembered.
  const cache = new Map<string, DocumentRecord>();

  return {
    async create(document, initialState, first) {
      const record = { ...document, revision: 0 };
      create.immediate(record, initialState, first ?? null, false);
      return record;
    },
    async createUnderFreeNumber(document, initialState, first) {
      const record = { ...document, revision: 0 };
      const holder = create.immediate(record, initialState, first ?? null, true);
      if (holder !== undefined) return err({ code: 'number-taken', holder: toDocumentRecord(holder) });
      return ok(record);
    },
    async findById(id) {
      const known = cache.get(id);
      if (known !== undefined) return known;
      const row = byId.get(id);
      if (row === undefined) return null;
      const record = toDocumentRecord(row);
      if (cache.size >= MAX_CACHED_DOCUMENTS) cache.clear();
      cache.set(id, record);
      return record;
    },
    forget(id) {
      cache.delete(id);
    },
    async list() {
      return all.all().map(toDocumentRecord);
    },
  };
}

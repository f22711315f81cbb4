import type { Database } from 'better-sqlite3';
import type { AuditEntryInput } from '../audit-store';
import type {
  CommentRecord,
  CommentStatusChange,
  CommentStore,
  CommentVisibility,
  NewComment,
} from '../consensus-stores';
import { prepareAuditInsert } from './audit';
import type { Migration } from './migrations';
import { type AssertInPlace, prepareWriteInPlace } from './write-in-place';

export const COMMENT_MIGRATIONS: readonly Migration[] = [
  {
    name: '009-comments',
    // A comment is never changed; resolving it adds a row beside it (since 017, reopening it too).
    sql: `CREATE TABLE comments (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      document_id TEXT NOT NULL REFERENCES documents(id),
      block_id TEXT NOT NULL,
      author_id TEXT NOT NULL,
      author_name TEXT NOT NULL,
      author_delegation TEXT,
      body TEXT NOT NULL,
      visibility TEXT NOT NULL CHECK (visibility IN ('all', 'delegation')),
      reply_to TEXT REFERENCES comments(id),
      quote TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX comments_by_document ON comments (document_id, seq);
    CREATE TABLE comment_resolutions (
      comment_id TEXT PRIMARY KEY REFERENCES comments(id),
      resolved_by TEXT NOT NULL,
      resolved_at INTEGER NOT NULL
    );
    CREATE TRIGGER comments_refuse_update BEFORE UPDATE ON comments
    BEGIN SELECT RAISE(ABORT, 'a comment is never changed'); END;
    CREATE TRIGGER comments_refuse_delete BEFORE DELETE ON comments
    BEGIN SELECT RAISE(ABORT, 'a comment is never deleted'); END;
    CREATE TRIGGER comment_resolutions_refuse_update BEFORE UPDATE ON comment_resolutions
    BEGIN SELECT RAISE(ABORT, 'a resolution is never changed'); END;
    CREATE TRIGGER comment_resolutions_refuse_delete BEFORE DELETE ON comment_resolutions
    BEGIN SELECT RAISE(ABORT, 'a resolution is never deleted'); END;`,
  },
  {
    name: '017-comment-status-changes',
    // A resolved comment may be reopened, and resolved again: each change is a row, the latest of a
    // comment says whether it is resolved. The resolutions, one per comment at most, move here in
    // the order they were made; their table goes, since it could not hold a second resolution.
    sql: `CREATE TABLE comment_status_changes (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      comment_id TEXT NOT NULL REFERENCES comments(id),
      status TEXT NOT NULL CHECK (status IN ('resolved', 'reopened')),
      user_id TEXT NOT NULL,
      at INTEGER NOT NULL
    );
    CREATE INDEX comment_status_changes_by_comment ON comment_status_changes (comment_id, seq);
    INSERT INTO comment_status_changes (comment_id, status, user_id, at)
      SELECT comment_id, 'resolved', resolved_by, resolved_at FROM comment_resolutions ORDER BY rowid;
    DROP TABLE comment_resolutions;
    CREATE TRIGGER comment_status_changes_refuse_update BEFORE UPDATE ON comment_status_changes
    BEGIN SELECT RAISE(ABORT, 'a change of a comment’s status is never changed'); END;
    CREATE TRIGGER comment_status_changes_refuse_delete BEFORE DELETE ON comment_status_changes
    BEGIN SELECT RAISE(ABORT, 'a change of a comment’s status is never deleted'); END;`,
  },
];

interface CommentRow {
  id: string;
  document_id: string;
  block_id: string;
  author_id: string;
  author_name: string;
  author_delegation: string | null;
  body: string;
  visibility: string;
  reply_to: string | null;
  quote: string;
  created_at: number;
  /** The comment's latest change of status, if any. */
  status: 'resolved' | 'reopened' | null;
  changed_by: string | null;
  changed_at: number | null;
}

const COMMENT_SELECT = `SELECT c.id, c.document_id, c.block_id, c.author_id, c.author_name,
  c.author_delegation, c.body, c.visibility, c.reply_to, c.quote, c.created_at,
  s.status, s.user_id AS changed_by, s.at AS changed_at FROM comments c
  LEFT JOIN comment_status_changes s
    ON s.seq = (SELECT MAX(seq) FROM comment_status_changes WHERE comment_id = c.id)`;

function toCommentRecord(row: CommentRow): CommentRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    blockId: row.block_id,
    authorId: row.author_id,
    authorName: row.author_name,
    authorDelegation: row.author_delegation,
    body: row.body,
    visibility: row.visibility as CommentVisibility,
    replyTo: row.reply_to,
    quote: row.quote,
    createdAt: row.created_at,
    resolvedAt: row.status === 'resolved' ? row.changed_at : null,
    resolvedBy: row.status === 'resolved' ? row.changed_by : null,
  };
}

export function createSqliteCommentStore(
  db: Database,
  assertInPlace: AssertInPlace = () => {},
): CommentStore {
  const transact = prepareWriteInPlace(db, assertInPlace);
  const insert = db.prepare(
    `INSERT INTO comments (id, document_id, block_id, author_id, author_name, author_delegation, body,
       visibility, reply_to, quote, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertStatusChange = db.prepare<[string, 'resolved' | 'reopened', string, number]>(
    'INSERT INTO comment_status_changes (comment_id, status, user_id, at) VALUES (?, ?, ?, ?)',
  );
  const insertAudit = prepareAuditInsert(db);
  const byId = db.prepare<[string], CommentRow>(`${COMMENT_SELECT} WHERE c.id = ?`);
  const byDocument = db.prepare<[string], CommentRow>(
    `${COMMENT_SELECT} WHERE c.document_id = ? ORDER BY c.seq`,
  );

  const create = transact((c: NewComment, audit: AuditEntryInput) => {
    insert.run(
      c.id,
      c.documentId,
      c.blockId,
      c.authorId,
      c.authorName,
      c.authorDelegation,
      c.body,
      c.visibility,
      c.replyTo,
      c.quote,
      c.createdAt,
    );
    insertAudit(audit);
  });
  // One transaction for both: the comment's status is judged where it is changed.
  const changeStatus = transact(
    (
      commentId: string,
      status: 'resolved' | 'reopened',
      by: string,
      at: number,
      audit: AuditEntryInput,
    ): CommentStatusChange | null => {
      const row = byId.get(commentId);
      if (row === undefined) return null;
      const resolved = row.status === 'resolved';
      if (resolved === (status === 'resolved')) return { comment: toCommentRecord(row), changed: false };
      insertStatusChange.run(commentId, status, by, at);
      insertAudit(audit);
      return {
        comment: toCommentRecord({ ...row, status, changed_by: by, changed_at: at }),
        changed: true,
      };
    },
  );

  return {
    async create(comment, audit) {
      create(comment, audit);
      return { ...comment, resolvedAt: null, resolvedBy: null };
    },
    async resolve(commentId, by, at, audit) {
      return changeStatus(commentId, 'resolved', by, at, audit);
    },
    async reopen(commentId, by, at, audit) {
      return changeStatus(commentId, 'reopened', by, at, audit);
    },
    async findById(commentId) {
      const row = byId.get(commentId);
      return row ? toCommentRecord(row) : null;
    },
    async list(documentId) {
      return byDocument.all(documentId).map(toCommentRecord);
    },
  };
}

import type { Database } from 'better-sqlite3';
import type { SessionStore } from '../store';
import type { Migration } from './migrations';
import { toUserRecord, USER_COLUMNS, type UserRow } from './users';

export const SESSION_MIGRATIONS: readonly Migration[] = [
  {
    name: '002-sessions',
    sql: `CREATE TABLE sessions (
      id_hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    )`,
  },
];

export function createSqliteSessionStore(db: Database): SessionStore {
  const insert = db.prepare(
    'INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  const findSession = db.prepare<[string, number], UserRow & { session_expires_at: number }>(
    `SELECT ${USER_COLUMNS.split(', ')
      .map((c) => `u.${c}`)
      .join(', ')}, s.expires_at AS session_expires_at
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?`,
  );
  const remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    async create(session) {
      // Expired sessions are swept here, where a write happens anyway.
      db.transaction(() => {
        removeExpired.run(session.createdAt);
        insert.run(session.idHash, session.userId, session.createdAt, session.expiresAt);
      })();
    },
    async findSession(idHash, now) {
      const row = findSession.get(idHash, now);
      return row ? { user: toUserRecord(row), expiresAt: row.session_expires_at } : null;
    },
    async delete(idHash) {
      remove.run(idHash);
    },
  };
}

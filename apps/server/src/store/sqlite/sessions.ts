import type { Database } from 'better-sqlite3';
import type { SessionRecord, SessionStore } from '../store';
import type { Migration } from './migrations';
import { toUserRecord, USER_COLUMNS, type UserRow } from './users';
import { type AssertInPlace, prepareWriteInPlace } from './write-in-place';

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

export function createSqliteSessionStore(
  db: Database,
  assertInPlace: AssertInPlace = () => {},
): SessionStore {
  const transact = prepareWriteInPlace(db, assertInPlace);
  // Only while the token the sign-in checked is still the user's: a login racing the token's replacement
  // (which deletes the user's sessions) would otherwise leave a session the old token opened.
  const insert = db.prepare<[string, number, number, string, string]>(
    `INSERT INTO sessions (id_hash, user_id, created_at, expires_at)
     SELECT ?, id, ?, ? FROM users WHERE id = ? AND token_hash = ? AND revoked_at IS NULL`,
  );
  const findSession = db.prepare<[string, number], UserRow & { session_expires_at: number }>(
    `SELECT ${USER_COLUMNS.split(', ')
      .map((c) => `u.${c}`)
      .join(', ')}, s.expires_at AS session_expires_at
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?`,
  );
  const remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  // Expired sessions are swept here, where a write happens anyway.
  const create = transact((session: SessionRecord, tokenHash: string) => {
    removeExpired.run(session.createdAt);
    const { idHash, userId, createdAt, expiresAt } = session;
    return insert.run(idHash, createdAt, expiresAt, userId, tokenHash).changes === 1;
  });
  const removeOne = transact((idHash: string) => {
    remove.run(idHash);
  });

  return {
    async create(session, tokenHash) {
      return create(session, tokenHash);
    },
    async findSession(idHash, now) {
      const row = findSession.get(idHash, now);
      return row ? { user: toUserRecord(row), expiresAt: row.session_expires_at } : null;
    },
    async delete(idHash) {
      removeOne(idHash);
    },
  };
}

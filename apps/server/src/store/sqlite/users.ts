import type { DelegationCode, Role } from '@accord/model';
import type { Database } from 'better-sqlite3';
import type { UserAccessEvent, UserRecord, UserStore } from '../store';
import type { Migration } from './migrations';
import { type AssertInPlace, prepareWriteInPlace } from './write-in-place';

export const USER_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-users',
    sql: `CREATE TABLE users (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      delegation TEXT,
      token_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL
    )`,
  },
  {
    // When an admin ended the user's access (POST /api/users/:id/revoke); null while it stands.
    name: '019-user-access-revoked',
    sql: 'ALTER TABLE users ADD COLUMN revoked_at INTEGER',
  },
  {
    // Who had access when: an operator's record, append-only like the audit log. Users made before it
    // was kept get their creation (and a revocation) as the users table recorded them.
    name: '020-user-access-events',
    sql: `CREATE TABLE user_access_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      user_id TEXT NOT NULL REFERENCES users(id),
      at INTEGER NOT NULL,
      action TEXT NOT NULL
    );
    CREATE INDEX user_access_events_by_user ON user_access_events (user_id, seq);
    CREATE TRIGGER user_access_events_refuse_update BEFORE UPDATE ON user_access_events
    BEGIN SELECT RAISE(ABORT, 'the access history is append-only: an entry cannot be changed'); END;
    CREATE TRIGGER user_access_events_refuse_delete BEFORE DELETE ON user_access_events
    BEGIN SELECT RAISE(ABORT, 'the access history is append-only: an entry cannot be deleted'); END;
    INSERT INTO user_access_events (user_id, at, action)
      SELECT id, created_at, 'created' FROM users ORDER BY created_at, rowid;
    INSERT INTO user_access_events (user_id, at, action)
      SELECT id, revoked_at, 'revoked' FROM users WHERE revoked_at IS NOT NULL ORDER BY revoked_at, rowid;`,
  },
];

export interface UserRow {
  id: string;
  name: string;
  role: string;
  delegation: string | null;
  created_at: number;
}

export const USER_COLUMNS = 'id, name, role, delegation, created_at';

export function toUserRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    delegation: row.delegation as DelegationCode | null,
    createdAt: row.created_at,
  };
}

/** Users remembered by token hash: every API request and socket looks its caller up. */
export const MAX_CACHED_TOKEN_USERS = 10_000;

export function createSqliteUserStore(db: Database, assertInPlace: AssertInPlace = () => {}): UserStore {
  const transact = prepareWriteInPlace(db, assertInPlace);
  const insert = db.prepare(
    'INSERT INTO users (id, name, role, delegation, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byId = db.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
  // A revoked user's hash is one nobody holds; the check stands even if it were given a known one.
  const byToken = db.prepare<[string], UserRow>(
    `SELECT ${USER_COLUMNS} FROM users WHERE token_hash = ? AND revoked_at IS NULL`,
  );
  const all = db.prepare<[], UserRow & { revoked_at: number | null }>(
    `SELECT ${USER_COLUMNS}, revoked_at FROM users ORDER BY created_at, rowid`,
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const setToken = db.prepare('UPDATE users SET token_hash = ?, revoked_at = NULL WHERE id = ?');
  // The demo's fixed links: a revoked demo user stays revoked.
  const setDemoToken = db.prepare('UPDATE users SET token_hash = ? WHERE id = ?');
  const replaceToken = transact((tokenHash: string, id: string) => {
    setDemoToken.run(tokenHash, id);
  });
  const setRevoked = db.prepare(
    'UPDATE users SET token_hash = ?, revoked_at = coalesce(revoked_at, ?) WHERE id = ?',
  );
  const removeSessions = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const recordEvent = db.prepare<[string, number, UserAccessEvent['action']]>(
    'INSERT INTO user_access_events (user_id, at, action) VALUES (?, ?, ?)',
  );
  const events = db.prepare<[string], UserAccessEvent>(
    'SELECT action, at FROM user_access_events WHERE user_id = ? ORDER BY seq',
  );
  const add = transact((user: UserRecord, tokenHash: string) => {
    insert.run(user.id, user.name, user.role, user.delegation, tokenHash, user.createdAt);
    recordEvent.run(user.id, user.createdAt, 'created');
  });
  const revoke = transact((id: string, tokenHash: string, at: number) => {
    if (setToken.run(tokenHash, id).changes === 0) return false;
    removeSessions.run(id);
    recordEvent.run(id, at, 'token-replaced');
    return true;
  });
  const end = transact((id: string, tokenHash: string, at: number) => {
    if (setRevoked.run(tokenHash, at, id).changes === 0) return false;
    removeSessions.run(id);
    recordEvent.run(id, at, 'revoked');
    return true;
  });
  // Only this store writes the users table, so a write here is the only thing that can make an entry
  // wrong: it empties the cache. A hash not found is not remembered (a new user may take it).
  const byTokenCache = new Map<string, UserRecord>();

  return {
    async create(user, tokenHash) {
      add(user, tokenHash);
      byTokenCache.clear();
      return user;
    },
    async findById(id) {
      const row = byId.get(id);
      return row ? toUserRecord(row) : null;
    },
    async findByTokenHash(tokenHash) {
      const known = byTokenCache.get(tokenHash);
      if (known !== undefined) return known;
      const row = byToken.get(tokenHash);
      if (row === undefined) return null;
      const user = toUserRecord(row);
      if (byTokenCache.size >= MAX_CACHED_TOKEN_USERS) byTokenCache.clear();
      byTokenCache.set(tokenHash, user);
      return user;
    },
    async list() {
      return all.all().map((row) => ({ ...toUserRecord(row), revokedAt: row.revoked_at }));
    },
    async count() {
      return count.get()?.n ?? 0;
    },
    async replaceTokenHash(id, tokenHash) {
      replaceToken(tokenHash, id);
      byTokenCache.clear();
    },
    async revokeAccess(id, tokenHash, at) {
      const revoked = revoke(id, tokenHash, at);
      byTokenCache.clear();
      return revoked;
    },
    async endAccess(id, unusableTokenHash, at) {
      const ended = end(id, unusableTokenHash, at);
      byTokenCache.clear();
      return ended;
    },
    async accessHistory(id) {
      if (byId.get(id) === undefined) return null;
      return events.all(id);
    },
  };
}

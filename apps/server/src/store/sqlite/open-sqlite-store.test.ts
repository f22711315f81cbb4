import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from './migrations';
import {
  DATA_DIR_MODE,
  DATABASE_FILE_MODE,
  openSqliteStore,
  SQLITE_FILE_NAME,
  type SqliteStore,
} from './open-sqlite-store';

const stores: SqliteStore[] = [];
const dirs: string[] = [];

let appendInWorker = true;
let walSync: 'background' | 'commit' = 'background';

function openTempStore(dir = mkdtempSync(join(tmpdir(), 'accord-store-'))): {
  store: SqliteStore;
  dir: string;
} {
  dirs.push(dir);
  const store = openSqliteStore(join(dir, 'accord.sqlite'), { appendInWorker, walSync });
  stores.push(store);
  return { store, dir };
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const doc = { id: 'd1', number: '9916/17', title: 'Cyber', createdBy: null, createdAt: 1 };
const entry = (update: number[], at = 2) => ({
  documentId: 'd1',
  update: Uint8Array.from(update),
  userId: 'u1',
  delegation: 'FR',
  at,
});

describe.each([
  ['with appends on a worker thread', true, 'commit'],
  ['with appends on the main thread, the WAL synced in the background', false, 'background'],
  ['with appends on the main thread, synced by the commit', false, 'commit'],
] as const)('the SQLite store %s', (_, inWorker, sync) => {
  beforeEach(() => {
    appendInWorker = inWorker;
    walSync = sync;
  });

  it('uses WAL with full synchronous commits and enforced foreign keys', () => {
    const { store } = openTempStore();
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('finds a user by the hash of their token and never stores the token', async () => {
    const { store } = openTempStore();
    await store.users.create(
      { id: 'u1', name: 'France delegation', role: 'delegate', delegation: 'FR', createdAt: 1 },
      'hash-1',
    );
    expect(await store.users.findByTokenHash('hash-1')).toMatchObject({ id: 'u1', delegation: 'FR' });
    expect(await store.users.findByTokenHash('hash-2')).toBeNull();
    await store.users.replaceTokenHash('u1', 'hash-2');
    expect(await store.users.findByTokenHash('hash-1')).toBeNull();
    expect(await store.users.count()).toBe(1);
  });

  it('finds the user of a session only until it expires', async () => {
    const { store } = openTempStore();
    await store.users.create(
      { id: 'u1', name: 'A', role: 'presidency', delegation: null, createdAt: 1 },
      'h',
    );
    expect(
      await store.sessions.create({ idHash: 's1', userId: 'u1', createdAt: 10, expiresAt: 100 }, 'h'),
    ).toBe(true);
    expect(await store.sessions.findSession('s1', 50)).toMatchObject({ user: { id: 'u1' }, expiresAt: 100 });
    expect(await store.sessions.findSession('s1', 100)).toBeNull();
    await store.sessions.delete('s1');
    expect(await store.sessions.findSession('s1', 50)).toBeNull();
  });

  it('makes a session only with the token the user has now: not one replaced or revoked since it was read', async () => {
    const { store } = openTempStore();
    await store.users.create({ id: 'u1', name: 'A', role: 'delegate', delegation: 'FR', createdAt: 1 }, 'h1');
    await store.users.replaceTokenHash('u1', 'h2');
    const session = (idHash: string) => ({ idHash, userId: 'u1', createdAt: 10, expiresAt: 100 });
    expect(await store.sessions.create(session('s1'), 'h1')).toBe(false);
    expect(await store.sessions.findSession('s1', 50)).toBeNull();
    expect(await store.users.revokeAccess('u1', 'h3', 20)).toBe(true);
    expect(await store.sessions.create(session('s2'), 'h2')).toBe(false);
    expect(await store.sessions.create(session('s3'), 'h3')).toBe(true);
    await store.users.endAccess('u1', 'h4', 30);
    expect(await store.sessions.create(session('s4'), 'h4')).toBe(false);
  });

  it("revokes a user's access: a new token, and every session of theirs signed out, another's kept", async () => {
    const { store } = openTempStore();
    await store.users.create({ id: 'u1', name: 'A', role: 'delegate', delegation: 'FR', createdAt: 1 }, 'h1');
    await store.users.create({ id: 'u2', name: 'B', role: 'delegate', delegation: 'DE', createdAt: 2 }, 'h2');
    for (const [idHash, userId] of [
      ['s1', 'u1'],
      ['s2', 'u1'],
      ['s3', 'u2'],
    ] as const) {
      await store.sessions.create(
        { idHash, userId, createdAt: 10, expiresAt: 100 },
        userId === 'u1' ? 'h1' : 'h2',
      );
    }
    expect(await store.users.findByTokenHash('h1')).toMatchObject({ id: 'u1' });
    expect(await store.users.revokeAccess('u1', 'h1-new', 60)).toBe(true);
    expect(await store.users.findByTokenHash('h1')).toBeNull();
    expect(await store.users.findByTokenHash('h1-new')).toMatchObject({ id: 'u1' });
    expect(await store.sessions.findSession('s1', 50)).toBeNull();
    expect(await store.sessions.findSession('s2', 50)).toBeNull();
    expect(await store.sessions.findSession('s3', 50)).toMatchObject({ user: { id: 'u2' } });
  });

  it("ends a user's access: the token and sessions gone, the first time kept, a new token clears it", async () => {
    const { store } = openTempStore();
    await store.users.create({ id: 'u1', name: 'A', role: 'delegate', delegation: 'FR', createdAt: 1 }, 'h1');
    await store.users.create({ id: 'u2', name: 'B', role: 'delegate', delegation: 'DE', createdAt: 2 }, 'h2');
    await store.sessions.create({ idHash: 's1', userId: 'u1', createdAt: 10, expiresAt: 100 }, 'h1');
    await store.sessions.create({ idHash: 's2', userId: 'u2', createdAt: 10, expiresAt: 100 }, 'h2');
    expect(await store.users.findByTokenHash('h1')).toMatchObject({ id: 'u1' });
    expect(await store.users.endAccess('u1', 'unusable', 40)).toBe(true);
    expect(await store.users.endAccess('u1', 'unusable-2', 45)).toBe(true);
    expect(await store.users.findByTokenHash('h1')).toBeNull();
    expect(await store.sessions.findSession('s1', 50)).toBeNull();
    expect(await store.sessions.findSession('s2', 50)).toMatchObject({ user: { id: 'u2' } });
    const revokedAt = async () => (await store.users.list()).map((user) => [user.id, user.revokedAt]);
    expect(await revokedAt()).toEqual([
      ['u1', 40],
      ['u2', null],
    ]);
    await store.users.revokeAccess('u1', 'h1-new', 60);
    expect(await revokedAt()).toEqual([
      ['u1', null],
      ['u2', null],
    ]);
    expect(await store.users.endAccess('nobody', 'unusable', 40)).toBe(false);
  });

  it('records a user made, given a new token and revoked, and gives users made before it their creation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-store-'));
    const old = new Database(join(dir, 'accord.sqlite'));
    runMigrations(
      old,
      MIGRATIONS.filter((m) => m.name !== '020-user-access-events'),
    );
    old.exec(`INSERT INTO users (id, name, role, delegation, token_hash, created_at, revoked_at) VALUES
      ('old1', 'A', 'delegate', 'FR', 'h1', 5, NULL),
      ('old2', 'B', 'delegate', 'DE', 'h2', 6, 9)`);
    old.close();
    const { store } = openTempStore(dir);
    await store.users.create(
      { id: 'u3', name: 'C', role: 'presidency', delegation: null, createdAt: 20 },
      'h3',
    );
    await store.users.revokeAccess('u3', 'h3-new', 30);
    await store.users.endAccess('u3', 'unusable', 40);
    expect(await store.users.accessHistory('old1')).toEqual([{ action: 'created', at: 5 }]);
    expect(await store.users.accessHistory('old2')).toEqual([
      { action: 'created', at: 6 },
      { action: 'revoked', at: 9 },
    ]);
    expect(await store.users.accessHistory('u3')).toEqual([
      { action: 'created', at: 20 },
      { action: 'token-replaced', at: 30 },
      { action: 'revoked', at: 40 },
    ]);
    expect(await store.users.accessHistory('nobody')).toBeNull();
    expect(() => store.db.exec('DELETE FROM user_access_events')).toThrow(/append-only/);
  });

  it('revokes nothing for a user who does not exist', async () => {
    const { store } = openTempStore();
    expect(await store.users.revokeAccess('nobody', 'h', 60)).toBe(false);
    expect(await store.users.findByTokenHash('h')).toBeNull();
  });

  it('creates a document with its initial state as the first snapshot', async () => {
    const { store } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([1, 2, 3]));
    expect(await store.documents.findById('d1')).toMatchObject({ number: '9916/17', revision: 0 });
    const state = await store.updates.load('d1');
    expect([...(state.snapshot ?? [])]).toEqual([1, 2, 3]);
    expect(state.updates).toEqual([]);
  });

  it('refuses a second document with the same id and leaves the first as it was', async () => {
    const { store } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([1]));
    await expect(
      store.documents.create({ ...doc, number: '7923/17', title: 'Other' }, Uint8Array.from([2])),
    ).rejects.toThrow();
    expect((await store.documents.findById('d1'))?.title).toBe('Cyber');
    expect([...((await store.updates.load('d1')).snapshot ?? [])]).toEqual([1]);
  });

  it('refuses, under a free number, a document whose number is another’s however written, and writes nothing', async () => {
    const { store } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([1]));
    for (const [id, number] of [
      ['d2', 'ST 9916 2017 INIT'],
      ['d3', '9916/1/17 REV 1'],
      ['d4', '9916/2/17 REV 2'],
    ] as const) {
      const refused = await store.documents.createUnderFreeNumber(
        { ...doc, id, number },
        Uint8Array.from([2]),
      );
      expect(refused).toEqual({
        ok: false,
        error: { code: 'number-taken', holder: { ...doc, revision: 0 } },
      });
      expect(await store.documents.findById(id)).toBeNull();
      expect((await store.updates.load(id)).snapshot).toBeNull();
    }
    // A corrigendum and an addendum are documents of their own; a document without a number takes none.
    for (const [id, number] of [
      ['d5', '9916/17 COR 1'],
      ['d6', '9916/17 ADD 1'],
      ['d7', null],
      ['d8', null],
    ] as const) {
      const created = await store.documents.createUnderFreeNumber(
        { ...doc, id, number },
        Uint8Array.from([3]),
      );
      expect(created.ok, id).toBe(true);
    }
    const cor = await store.documents.createUnderFreeNumber(
      { ...doc, id: 'd9', number: 'ST 9916 2017 COR 1' },
      Uint8Array.from([3]),
    );
    expect(cor.ok ? null : cor.error.holder.id).toBe('d5');
  });

  it('creates a document under a number another has (a text imported twice)', async () => {
    const { store } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([1]));
    const again = await store.documents.create({ ...doc, id: 'd2' }, Uint8Array.from([2]));
    expect(again).toEqual({ ...doc, id: 'd2', revision: 0 });
    expect((await store.documents.list()).map((d) => [d.id, d.number])).toEqual([
      ['d1', doc.number],
      ['d2', doc.number],
    ]);
    // The first stays the holder a new number is checked against.
    const refused = await store.documents.createUnderFreeNumber({ ...doc, id: 'd3' }, Uint8Array.from([3]));
    expect(refused.ok ? null : refused.error.holder.id).toBe('d1');
  });

  it('fills in the register identity of documents stored before it was kept, and refuses their numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-store-'));
    const old = new Database(join(dir, 'accord.sqlite'));
    runMigrations(
      old,
      MIGRATIONS.filter((m) => m.name !== '016-document-register-identity'),
    );
    old.exec(`INSERT INTO documents (id, number, title, created_at) VALUES
      ('old1', 'ST 9916 2017 INIT', 'Cyber', 1),
      ('old2', 'Draft  3', 'Loose', 2),
      ('old3', NULL, 'Blank', 3)`);
    old.close();
    const { store } = openTempStore(dir);
    for (const [id, number, holder] of [
      ['n1', '9916/1/17 REV 1', 'old1'],
      ['n2', 'DRAFT 3', 'old2'],
    ] as const) {
      const refused = await store.documents.createUnderFreeNumber(
        { ...doc, id, number },
        Uint8Array.from([1]),
      );
      expect(refused.ok ? null : refused.error.holder.id).toBe(holder);
    }
    const blank = await store.documents.createUnderFreeNumber(
      { ...doc, id: 'n3', number: null },
      Uint8Array.from([1]),
    );
    expect(blank.ok).toBe(true);
    // Found by the index, not by reading every number.
    const plan = store.db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM documents WHERE register_identity = ?')
      .all('ST 9916 2017')
      .map((row) => (row as { detail: string }).detail);
    expect(plan.join()).toContain('documents_by_register_identity');
  });

  it('appends updates in order with their authors and loads those after the snapshot', async () => {
    const { store } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([0]));
    const seqs = await store.updates.append([entry([1]), entry([2]), entry([3])]);
    expect(seqs).toHaveLength(3);
    expect(seqs[0]).toBeLessThan(seqs[1] as number);
    const state = await store.updates.load('d1');
    expect(state.updates.map((u) => [...u])).toEqual([[1], [2], [3]]);
    expect(state.lastSeq).toBe(seqs[2]);
    expect((await store.updates.list('d1'))[0]).toMatchObject({ userId: 'u1', delegation: 'FR', at: 2 });
  });

  it('keeps every other write fully synchronous after an append', async () => {
    const { store } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([0]));
    await store.updates.append([entry([1])]);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('writes nothing of a batch when one entry of it fails', async () => {
    const { store } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([0]));
    await expect(
      store.updates.append([entry([1]), { ...entry([2]), documentId: 'no-such-document' }]),
    ).rejects.toThrow();
    expect((await store.updates.load('d1')).updates).toEqual([]);
  });

  it('replaces a prefix of the log with a snapshot and keeps what came after it', async () => {
    const { store } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([0]));
    const [, second] = await store.updates.append([entry([1]), entry([2]), entry([3])]);
    await store.updates.compact('d1', Uint8Array.from([9]), second as number, 5);
    const state = await store.updates.load('d1');
    expect([...(state.snapshot ?? [])]).toEqual([9]);
    expect(state.snapshotSeq).toBe(second);
    expect(state.updates.map((u) => [...u])).toEqual([[3]]);
  });

  it('never reuses a seq after compaction removed the newest rows', async () => {
    const { store } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([0]));
    const [first] = await store.updates.append([entry([1])]);
    await store.updates.compact('d1', Uint8Array.from([9]), first as number, 5);
    const [next] = await store.updates.append([entry([2])]);
    expect(next).toBeGreaterThan(first as number);
    expect((await store.updates.load('d1')).updates.map((u) => [...u])).toEqual([[2]]);
  });

  it('keeps the first user to take each client id, with the batch, across compaction and reopen', async () => {
    const { store, dir } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([0]));
    const [seq] = await store.updates.append(
      [entry([1])],
      [
        { documentId: 'd1', client: 7, userId: 'u1' },
        { documentId: 'd1', client: 8, userId: 'u1' },
      ],
    );
    await store.updates.append([], [{ documentId: 'd1', client: 7, userId: 'u2' }]);
    await store.updates.compact('d1', Uint8Array.from([9]), seq as number, 5);
    await store.close();
    const { store: reopened } = openTempStore(dir);
    expect([...(await reopened.updates.load('d1')).writers]).toEqual([
      [7, 'u1'],
      [8, 'u1'],
    ]);
  });

  it('writes no claim of a batch that fails', async () => {
    const { store } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([0]));
    await expect(
      store.updates.append(
        [{ ...entry([2]), documentId: 'no-such-document' }],
        [{ documentId: 'd1', client: 7, userId: 'u1' }],
      ),
    ).rejects.toThrow();
    expect((await store.updates.load('d1')).writers.size).toBe(0);
  });

  it('tells a run whether the one before it ended cleanly', async () => {
    const { store, dir } = openTempStore();
    expect(await store.updates.beginRun()).toBe(true);
    expect(await store.updates.beginRun()).toBe(false);
    await store.updates.endRun();
    await store.close();
    const { store: reopened } = openTempStore(dir);
    expect(await reopened.updates.beginRun()).toBe(true);
  });

  it('keeps everything across a reopen of the file', async () => {
    const { store, dir } = openTempStore();
    await store.documents.create(doc, Uint8Array.from([0]));
    await store.updates.append([entry([1])]);
    await store.close();
    const { store: reopened } = openTempStore(dir);
    expect((await reopened.updates.load('d1')).updates.map((u) => [...u])).toEqual([[1]]);
  });
});

describe('the SQLite user store', () => {
  const user = {
    id: 'u1',
    name: 'FR delegate',
    role: 'delegate' as const,
    delegation: 'FR' as const,
    createdAt: 1,
  };

  it('finds a user by token hash until the token is replaced, then only by the new one', async () => {
    const { store } = openTempStore();
    await store.users.create(user, 'hash-1');
    expect(await store.users.findByTokenHash('hash-1')).toEqual(user);
    expect(await store.users.findByTokenHash('hash-1')).toEqual(user);
    await store.users.replaceTokenHash('u1', 'hash-2');
    expect(await store.users.findByTokenHash('hash-1')).toBeNull();
    expect(await store.users.findByTokenHash('hash-2')).toEqual(user);
  });

  it('finds a user created after its token hash was looked up in vain', async () => {
    const { store } = openTempStore();
    expect(await store.users.findByTokenHash('hash-1')).toBeNull();
    await store.users.create(user, 'hash-1');
    expect(await store.users.findByTokenHash('hash-1')).toEqual(user);
  });
});

describe('the database file', () => {
  it('is made readable by its owner alone, its write-ahead log too, and an existing one keeps its mode', () => {
    const parent = mkdtempSync(join(tmpdir(), 'accord-store-'));
    dirs.push(parent);
    const dir = join(parent, 'data');
    const file = join(dir, SQLITE_FILE_NAME);
    const store = openSqliteStore(file);
    stores.push(store);
    store.db.exec('CREATE TABLE probe (x); INSERT INTO probe VALUES (1)');
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(dir)).toBe(DATA_DIR_MODE);
    expect(mode(file)).toBe(DATABASE_FILE_MODE);
    expect(mode(`${file}-wal`)).toBe(DATABASE_FILE_MODE);

    const shared = join(parent, 'shared.sqlite');
    writeFileSync(shared, '');
    chmodSync(shared, 0o640);
    stores.push(openSqliteStore(shared));
    expect(mode(shared)).toBe(0o640);
  });
});

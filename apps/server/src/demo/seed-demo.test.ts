import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEMBER_STATE_CODES } from '@accord/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/tokens';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/open-sqlite-store';
import { DEMO_LOGINS_FILE, seedDemo } from './seed-demo';

let store: SqliteStore;
let n = 0;
const options = { now: () => 1_000, newId: () => `id-${++n}` };

beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(() => store.close());

describe('seedDemo', () => {
  it('seeds an empty database with the fixture and one user per delegation, each with a working link', async () => {
    const logins = await seedDemo(store, options);
    const users = await store.users.list();
    expect(users.filter((u) => u.role === 'delegate').map((u) => u.delegation)).toEqual(MEMBER_STATE_CODES);
    expect(users.map((u) => u.role)).toEqual(
      expect.arrayContaining(['presidency', 'secretariat', 'archivist', 'observer']),
    );
    expect(users.find((u) => u.delegation === 'FR')?.name).toBe('France delegation');
    expect(logins).toHaveLength(users.length);
    for (const { user, token } of logins)
      expect((await store.users.findByTokenHash(hashToken(token)))?.id).toBe(user.id);
    const documents = await store.documents.list();
    expect(documents).toHaveLength(1);
    expect(documents[0]?.number).toBe('9916/17');
  });

  it("opens the demo document from every user's link, at a restart too: the archivist's at its revisions", async () => {
    const loginsFile = join(mkdtempSync(join(tmpdir(), 'accord-demo-')), DEMO_LOGINS_FILE);
    for (const logins of [
      await seedDemo(store, { ...options, loginsFile }),
      await seedDemo(store, { ...options, loginsFile }),
    ]) {
      const [demo] = await store.documents.list();
      const room = `/documents/${demo?.id}`;
      const expected: Record<string, string> = {
        delegate: room,
        presidency: room,
        secretariat: room,
        observer: room,
        archivist: `${room}/revisions`,
      };
      expect(logins.filter(({ user }) => user.role === 'delegate')).toHaveLength(MEMBER_STATE_CODES.length);
      for (const { user, next } of logins) {
        expect({ name: user.name, next }).toEqual({ name: user.name, next: expected[user.role] });
      }
    }
  });

  it('gives demo users fresh links at a restart and seeds nothing twice', async () => {
    const first = await seedDemo(store, options);
    const second = await seedDemo(store, options);
    expect(await store.documents.list()).toHaveLength(1);
    expect(second).toHaveLength(first.length);
    expect(await store.users.findByTokenHash(hashToken(first[0]?.token ?? ''))).toBeNull();
    expect((await store.users.findByTokenHash(hashToken(second[0]?.token ?? '')))?.id).toBe(
      second[0]?.user.id,
    );
  });

  it('gives a demo user whose access was revoked no link and no access at a restart', async () => {
    const loginsFile = join(mkdtempSync(join(tmpdir(), 'accord-demo-')), DEMO_LOGINS_FILE);
    const first = await seedDemo(store, { ...options, loginsFile });
    const france = first.find(({ user }) => user.delegation === 'FR');
    expect(await store.users.endAccess(france?.user.id ?? '', hashToken('nobody has it'), 2_000)).toBe(true);
    for (const file of [loginsFile, undefined]) {
      const again = await seedDemo(store, { ...options, loginsFile: file });
      expect(again.map(({ user }) => user.id)).not.toContain(france?.user.id);
      expect(again).toHaveLength(first.length - 1);
      for (const { token } of [...first, ...again].filter(({ user }) => user.id === france?.user.id)) {
        expect(await store.users.findByTokenHash(hashToken(token))).toBeNull();
      }
    }
    const listed = (await store.users.list()).find((user) => user.id === france?.user.id);
    expect(listed?.revokedAt).toBe(2_000);
  });

  it('prints the same links at a restart when it kept them, and fresh ones when the file is gone', async () => {
    const loginsFile = join(mkdtempSync(join(tmpdir(), 'accord-demo-')), DEMO_LOGINS_FILE);
    const first = await seedDemo(store, { ...options, loginsFile });
    expect(statSync(loginsFile).mode & 0o777).toBe(0o600);
    const second = await seedDemo(store, { ...options, loginsFile });
    expect(second).toEqual(first);
    for (const { user, token } of second)
      expect((await store.users.findByTokenHash(hashToken(token)))?.id).toBe(user.id);
    rmSync(loginsFile);
    const third = await seedDemo(store, { ...options, loginsFile });
    expect(await store.users.findByTokenHash(hashToken(first[0]?.token ?? ''))).toBeNull();
    expect((await store.users.findByTokenHash(hashToken(third[0]?.token ?? '')))?.id).toBe(third[0]?.user.id);
    // A file whose tokens no longer open their users (another database's) is not trusted.
    writeFileSync(loginsFile, JSON.stringify({ 'demo-fr': 'not-a-token' }));
    const fourth = await seedDemo(store, { ...options, loginsFile });
    expect(fourth.map((l) => l.token)).not.toContain('not-a-token');
  });

  it('leaves a database with other users alone', async () => {
    await store.users.create(
      { id: 'real', name: 'Real', role: 'presidency', delegation: null, createdAt: 0 },
      'h',
    );
    expect(await seedDemo(store, options)).toEqual([]);
    expect(await store.documents.list()).toEqual([]);
  });
});

import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareDurableCommit, WalSync } from './wal-sync';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-wal-'));
  dirs.push(dir);
  const file = join(dir, 'accord.sqlite-wal');
  writeFileSync(file, 'frames');
  return file;
}

describe('syncing the write-ahead log in the background', () => {
  it('resolves once the file is synced, and again for later writes', async () => {
    const file = tempFile();
    const wal = new WalSync(file);
    await wal.sync();
    appendFileSync(file, 'more frames');
    await wal.sync();
    await wal.close();
  });

  it('has calls made during a sync share the one sync that starts after it', async () => {
    const wal = new WalSync(tempFile());
    const first = wal.sync();
    const second = wal.sync();
    const third = wal.sync();
    expect(third).toBe(second);
    expect(second).not.toBe(first);
    await Promise.all([first, second, third]);
    await wal.close();
  });

  it('fails when the log cannot be opened, and tries again on the next call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-wal-'));
    dirs.push(dir);
    const file = join(dir, 'missing-wal');
    const wal = new WalSync(file);
    await expect(wal.sync()).rejects.toThrow();
    writeFileSync(file, 'frames');
    await wal.sync();
    await wal.close();
  });
});

describe('a commit made durable by the background sync', () => {
  it('commits, resolves with the result once synced, and leaves the connection syncing fully', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-wal-'));
    dirs.push(dir);
    const db = new Database(join(dir, 'accord.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (x INTEGER)');
    const wal = new WalSync(`${db.name}-wal`);
    const commit = prepareDurableCommit(db, wal);
    const insert = db.transaction((x: number) => db.prepare('INSERT INTO t (x) VALUES (?)').run(x).changes);

    await expect(commit(() => insert(1))).resolves.toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    await expect(
      commit(() => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual([1]);
    await wal.close();
    db.close();
  });
});

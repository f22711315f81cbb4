import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_DIR_LOCK_FILE, type DataDirLock, lockDataDir } from './data-dir-lock';

const dirs: string[] = [];
const locks: DataDirLock[] = [];

afterEach(() => {
  for (const lock of locks.splice(0)) lock.release();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-lock-'));
  dirs.push(dir);
  return dir;
}

function take(dir: string): DataDirLock | null {
  const lock = lockDataDir(dir);
  if (lock !== null) locks.push(lock);
  return lock;
}

describe('lockDataDir', () => {
  it('gives a data directory to one holder at a time', () => {
    const dir = tempDir();
    expect(take(dir)).not.toBeNull();
    expect(take(dir)).toBeNull();
  });

  it('gives it again once released', () => {
    const dir = tempDir();
    take(dir)?.release();
    expect(take(dir)).not.toBeNull();
  });

  it('leaves other directories alone', () => {
    expect(take(tempDir())).not.toBeNull();
    expect(take(tempDir())).not.toBeNull();
  });

  it('creates a directory that does not exist yet', () => {
    expect(take(join(tempDir(), 'new', 'data'))).not.toBeNull();
  });

  it('makes the lock file and its journal readable by their owner alone, as the database is', () => {
    const dir = tempDir();
    const previous = process.umask(0o022);
    try {
      expect(take(dir)).not.toBeNull();
    } finally {
      process.umask(previous);
    }
    const lockFile = join(dir, DATA_DIR_LOCK_FILE);
    const modes = [lockFile, `${lockFile}-journal`]
      .filter((file) => existsSync(file))
      .map((file) => [file, statSync(file).mode & 0o777]);
    expect(modes.map(([file]) => file)).toContain(lockFile);
    expect(modes).toEqual(modes.map(([file]) => [file, 0o600]));
  });

  it('narrows a lock file an older version left readable by all to its owner', () => {
    const dir = tempDir();
    const lockFile = join(dir, DATA_DIR_LOCK_FILE);
    writeFileSync(lockFile, '', { mode: 0o644 });
    expect(take(dir)).not.toBeNull();
    expect(statSync(lockFile).mode & 0o777).toBe(0o600);
    expect(statSync(`${lockFile}-journal`).mode & 0o777).toBe(0o600);
  });
});

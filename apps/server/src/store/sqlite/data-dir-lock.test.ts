import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DataDirLock, lockDataDir } from './data-dir-lock';

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
});

import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WalSync } from './wal-sync';

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

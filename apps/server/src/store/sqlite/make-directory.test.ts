import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDirectory } from './make-directory';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-mkdir-'));
  dirs.push(dir);
  return dir;
}

describe('makeDirectory', () => {
  it('makes a directory and its missing parents with the mode given', () => {
    const dir = join(tempDir(), 'a', 'b');
    makeDirectory(dir, 0o700);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('leaves a directory that is there as it is', () => {
    const dir = tempDir();
    expect(() => makeDirectory(dir, 0o700)).not.toThrow();
  });

  it.each([
    ['under a file', (root: string) => join(writeFile(root), 'data'), 'ENOTDIR'],
    ['that is a file', (root: string) => writeFile(root), 'EEXIST'],
    ['under a dangling link', (root: string) => join(danglingLink(root), 'data'), 'ENOENT'],
    ['under /proc, which takes no such child', () => '/proc/accord-data/db', 'ENOENT'],
  ])('throws for a path %s, never spinning', (_, pathIn, code) => {
    expect(() => makeDirectory(pathIn(tempDir()), 0o700)).toThrow(expect.objectContaining({ code }));
  });
});

function writeFile(root: string): string {
  const file = join(root, 'file');
  writeFileSync(file, '');
  return file;
}

function danglingLink(root: string): string {
  const link = join(root, 'link');
  symlinkSync(join(root, 'nowhere'), link);
  return link;
}

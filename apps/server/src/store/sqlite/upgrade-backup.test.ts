import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeOlderUpgradeCopies } from './upgrade-backup';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data directory holding `names`, and its database file's path. */
function makeDataDir(names: readonly string[]): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'accord-upgrade-'));
  dirs.push(dir);
  for (const name of names) writeFileSync(join(dir, name), name);
  return { dir, file: join(dir, 'accord.sqlite') };
}

const copy = (stamp: string) => `accord.sqlite.before-upgrade-${stamp}`;

describe('removing the copies of earlier upgrades', () => {
  it.each([
    ['none', [], []],
    ['one', [copy('2026-01-01T00-00-00Z')], []],
    ['two', [copy('2026-01-01T00-00-00Z'), copy('2026-02-01T00-00-00Z')], []],
    [
      'four, the oldest two by their stamp',
      [
        copy('2026-02-01T00-00-00Z'),
        copy('2025-12-31T23-59-59Z'),
        copy('2026-11-30T10-00-00Z'),
        copy('2026-01-15T08-30-00Z'),
      ],
      [copy('2025-12-31T23-59-59Z'), copy('2026-01-15T08-30-00Z')],
    ],
  ])('keeps the newest two of %s', (_of, copies: string[], removed: string[]) => {
    const { dir, file } = makeDataDir(['accord.sqlite', ...copies]);
    expect(removeOlderUpgradeCopies(file)).toEqual({
      removed: removed.map((name) => join(dir, name)),
      failed: [],
    });
    expect(readdirSync(dir).sort()).toEqual(
      ['accord.sqlite', ...copies.filter((name) => !removed.includes(name))].sort(),
    );
  });

  it('leaves alone what it did not name: a copy renamed by hand, another database’s, an unfinished one', () => {
    const others = [
      'accord.sqlite.before-upgrade-mine',
      `${copy('2025-01-01T00-00-00Z')}.old`,
      'other.sqlite.before-upgrade-2025-01-01T00-00-00Z',
      `.${copy('2025-01-01T00-00-00Z')}.partial-123`,
    ];
    const { dir, file } = makeDataDir(others);
    expect(removeOlderUpgradeCopies(file, 0)).toEqual({ removed: [], failed: [] });
    expect(readdirSync(dir).sort()).toEqual([...others].sort());
  });
});

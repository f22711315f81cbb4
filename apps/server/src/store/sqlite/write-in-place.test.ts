import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseLostError } from '../store';
import { prepareWriteInPlace } from './write-in-place';

/** A store's write of one row, its loss checks answered in turn by `inPlace` (true: still there). */
function prepareRowWrite(inPlace: readonly boolean[]) {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE rows (n INTEGER)');
  const answers = [...inPlace];
  const checks: ('before commit' | 'after commit')[] = [];
  const transact = prepareWriteInPlace(db, (written = false) => {
    checks.push(written ? 'after commit' : 'before commit');
    if (answers.shift() === false) throw new DatabaseLostError('gone', written);
  });
  const insert = db.prepare('INSERT INTO rows (n) VALUES (?)');
  const write = transact((n: number) => insert.run(n).changes);
  const rows = () => (db.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n;
  return { write, rows, checks };
}

describe('a write acknowledged only on the database file still in place', () => {
  it.each([
    ['as a statement', 'call'],
    ['under an immediate lock', 'immediate'],
  ] as const)(
    'is committed and returned when the file is in place before and after its commit, %s',
    (_how, how) => {
      const { write, rows, checks } = prepareRowWrite([true, true]);
      expect(how === 'call' ? write(1) : write.immediate(1)).toBe(1);
      expect(rows()).toBe(1);
      expect(checks).toEqual(['before commit', 'after commit']);
    },
  );

  it('writes nothing anywhere when the loss is found before its commit', () => {
    const { write, rows } = prepareRowWrite([false]);
    expect(() => write(1)).toThrow(expect.objectContaining({ name: 'DatabaseLostError', written: false }));
    expect(rows()).toBe(0);
  });

  it('is refused, saying it was written to the lost file, when the loss is found after its commit', () => {
    const { write, rows } = prepareRowWrite([true, false]);
    expect(() => write.immediate(1)).toThrow(
      expect.objectContaining({ name: 'DatabaseLostError', written: true }),
    );
    // Committed, to the file that is lost: not acknowledged.
    expect(rows()).toBe(1);
  });
});

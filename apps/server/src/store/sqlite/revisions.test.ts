import { type CouncilDocument, EMPTY_METADATA } from '@accord/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IssuedRevision } from '../store';
import { openSqliteStore, type SqliteStore } from './open-sqlite-store';

let store: SqliteStore;

const content: CouncilDocument = {
  metadata: { ...EMPTY_METADATA, number: '7923/17' },
  blocks: [{ id: 'b1', kind: 'numbered', number: '1', text: 'The EU recalls.' }],
  footnotes: [],
};

function revision(rev: number, overrides: Partial<IssuedRevision> = {}): IssuedRevision {
  return {
    documentId: 'd1',
    rev,
    label: rev === 0 ? '7923/17' : `7923/${rev}/17 REV ${rev}`,
    note: null,
    createdBy: 'u1',
    createdAt: 1000 + rev,
    sha256: 'ab'.repeat(32),
    state: Uint8Array.from([0, 0]),
    content,
    ...overrides,
  };
}

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  await store.documents.create(
    { id: 'd1', number: '7923/17', title: 'Cyber', createdBy: 'u1', createdAt: 1 },
    Uint8Array.from([0, 0]),
  );
});

afterEach(async () => {
  await store.close();
});

describe('the SQLite revision store', () => {
  it('stores revisions in sequence and gives them back as issued', async () => {
    for (const rev of [0, 1, 2]) expect((await store.revisions.create(revision(rev))).ok).toBe(true);
    expect((await store.revisions.list('d1')).map((r) => [r.rev, r.label])).toEqual([
      [0, '7923/17'],
      [1, '7923/1/17 REV 1'],
      [2, '7923/2/17 REV 2'],
    ]);
    const found = await store.revisions.find('d1', 1);
    expect(found).toMatchObject({ rev: 1, createdAt: 1001, content });
    expect([...(found?.state ?? [])]).toEqual([0, 0]);
    expect(await store.revisions.latest('d1')).toBe(2);
    expect(await store.revisions.find('d1', 3)).toBeNull();
  });

  it('makes the latest revision the document record’s revision', async () => {
    expect((await store.documents.findById('d1'))?.revision).toBe(0);
    await store.revisions.create(revision(0));
    await store.revisions.create(revision(1));
    expect((await store.documents.findById('d1'))?.revision).toBe(1);
    expect((await store.documents.list()).map((d) => d.revision)).toEqual([1]);
  });

  it('refuses a number that is not the next one and writes nothing', async () => {
    await store.revisions.create(revision(0));
    const skipped = await store.revisions.create(revision(2));
    expect(skipped).toMatchObject({ ok: false, error: { code: 'out-of-sequence' } });
    const repeated = await store.revisions.create(revision(0, { note: 'again' }));
    expect(repeated).toMatchObject({ ok: false, error: { code: 'out-of-sequence' } });
    expect(await store.revisions.list('d1')).toHaveLength(1);
    expect((await store.revisions.find('d1', 0))?.note).toBeNull();
  });

  it('writes the audit entry in the same transaction, and none when the revision is refused', async () => {
    const audit = (rev: number) => ({
      documentId: 'd1',
      at: 1000 + rev,
      actor: { id: 'u1', name: 'Presidency', role: 'presidency' as const, delegation: null },
      action: 'revision.issued' as const,
      blockId: null,
      summary: `REV ${rev} issued`,
      details: { rev },
    });
    await store.revisions.create(revision(0));
    expect((await store.revisions.create(revision(1), audit(1))).ok).toBe(true);
    expect((await store.revisions.create(revision(3), audit(3))).ok).toBe(false);
    expect((await store.audit.list('d1')).map((entry) => entry.summary)).toEqual(['REV 1 issued']);
  });

  it('refuses at the SQL level to update, delete or replace an issued revision', async () => {
    await store.revisions.create(revision(0));
    await store.revisions.create(revision(1));
    expect(() => store.db.prepare("UPDATE revisions SET note = 'changed' WHERE rev = 1").run()).toThrow(
      /an issued revision cannot be changed/,
    );
    expect(() => store.db.prepare('DELETE FROM revisions WHERE rev = 1').run()).toThrow(
      /an issued revision cannot be deleted/,
    );
    expect(() =>
      store.db
        .prepare(
          `INSERT OR REPLACE INTO revisions (document_id, rev, label, state, content, sha256, created_at)
           VALUES ('d1', 1, 'forged', x'00', '{}', '', 0)`,
        )
        .run(),
    ).toThrow(/next number/);
    expect((await store.revisions.find('d1', 1))?.label).toBe('7923/1/17 REV 1');
  });

  it('finds the latest revision number through an index, never reading the stored documents', () => {
    const plan = store.db
      .prepare('EXPLAIN QUERY PLAN SELECT MAX(rev) FROM revisions WHERE document_id = ?')
      .all('d1') as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toContain('COVERING INDEX revisions_by_document');
  });
});

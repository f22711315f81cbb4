import { EMPTY_METADATA, normalizeDocument } from '@accord/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/open-sqlite-store';
import { storeNewDocument } from './store-new-document';

let store: SqliteStore;
beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(() => store.close());

const content = {
  council: normalizeDocument({
    metadata: { ...EMPTY_METADATA, number: '10234/17', subject: 'A note' },
    blocks: [{ id: 'b1', kind: 'numbered', number: null, text: 'The Council approves.' }],
    footnotes: [],
  }),
  number: '10234/17',
  title: 'A note',
};

const entry = (documentId: string) => ({
  documentId,
  at: 1,
  actor: { id: null, name: null, role: null, delegation: null },
  action: 'document.forwarded' as const,
  blockId: null,
  summary: 'forwarded',
  details: {},
});

describe('storeNewDocument', () => {
  it('writes the document, its revision 0 and the audit entry together', async () => {
    await store.documents.create(
      { id: 'src', number: '9916/17', title: 'Text', createdBy: null, createdAt: 0 },
      new Uint8Array([0, 0]),
    );
    const created = await storeNewDocument(
      store,
      content,
      { id: 'note', createdBy: null, createdAt: 1 },
      entry('src'),
    );
    expect(created).toMatchObject({ ok: true, value: { id: 'note', number: '10234/17', revision: 0 } });
    expect((await store.revisions.list('note')).map((r) => [r.rev, r.label])).toEqual([[0, '10234/17']]);
    expect((await store.audit.list('src')).map((e) => e.action)).toEqual(['document.forwarded']);
  });

  it('writes nothing when any part is refused', async () => {
    // An audit entry for a document that does not exist breaks the foreign key: the last write fails.
    await expect(
      storeNewDocument(store, content, { id: 'note', createdBy: null, createdAt: 1 }, entry('nowhere')),
    ).rejects.toThrow();
    expect(await store.documents.findById('note')).toBeNull();
    expect(await store.revisions.list('note')).toEqual([]);
    expect((await store.updates.load('note')).snapshot).toBeNull();
  });

  it('refuses a number another document has, however written, and writes nothing', async () => {
    const first = await storeNewDocument(store, content, { id: 'a', createdBy: null, createdAt: 1 });
    if (!first.ok) throw new Error('not stored');
    for (const number of ['ST 10234 2017 INIT', '10234/1/17 REV 1']) {
      const again = await storeNewDocument(
        store,
        { ...content, number },
        { id: 'b', createdBy: null, createdAt: 2 },
      );
      expect(again).toEqual({ ok: false, error: { code: 'number-taken', holder: first.value } });
    }
    expect(await store.documents.findById('b')).toBeNull();
    const addendum = await storeNewDocument(
      store,
      { ...content, number: '10234/17 ADD 1' },
      { id: 'c', createdBy: null, createdAt: 3 },
    );
    expect(addendum.ok).toBe(true);
  });

  it('compares numbers outside the register’s grammar as written', async () => {
    await storeNewDocument(
      store,
      { ...content, number: 'Non-paper 3' },
      { id: 'a', createdBy: null, createdAt: 1 },
    );
    const again = await storeNewDocument(
      store,
      { ...content, number: ' non-paper 3' },
      { id: 'b', createdBy: null, createdAt: 2 },
    );
    expect(again.ok).toBe(false);
  });

  it('stores one of two documents with one number created at once', async () => {
    const results = await Promise.all(
      ['a', 'b'].map((id) => storeNewDocument(store, content, { id, createdBy: null, createdAt: 1 })),
    );
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(await store.documents.list()).toHaveLength(1);
  });
});

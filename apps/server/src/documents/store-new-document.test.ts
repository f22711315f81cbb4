import { EMPTY_METADATA, normalizeDocument } from '@accord/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/open-sqlite-store';
import { storeNewDocument, storeNewDocumentUnderFreeNumber } from './store-new-document';

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
  it('writes the document, its revision 0 and the audit entries, in its own log and another’s, together', async () => {
    await store.documents.create(
      { id: 'src', number: '9916/17', title: 'Text', createdBy: null, createdAt: 0 },
      new Uint8Array([0, 0]),
    );
    const created = await storeNewDocument(store, content, { id: 'note', createdBy: null, createdAt: 1 }, [
      entry('src'),
      entry('note'),
    ]);
    expect(created).toMatchObject({ id: 'note', number: '10234/17', revision: 0 });
    expect((await store.revisions.list('note')).map((r) => [r.rev, r.label])).toEqual([[0, '10234/17']]);
    expect((await store.audit.list('src')).map((e) => e.action)).toEqual(['document.forwarded']);
    expect((await store.audit.list('note')).map((e) => e.documentId)).toEqual(['note']);
  });

  it('writes nothing when any part is refused', async () => {
    // An audit entry for a document that does not exist breaks the foreign key: the last write fails.
    await expect(
      storeNewDocument(store, content, { id: 'note', createdBy: null, createdAt: 1 }, [entry('nowhere')]),
    ).rejects.toThrow();
    expect(await store.documents.findById('note')).toBeNull();
    expect(await store.revisions.list('note')).toEqual([]);
    expect((await store.updates.load('note')).snapshot).toBeNull();
  });

  it('writes nothing under a free number, not even the audit entry, when the number is another document’s', async () => {
    await store.documents.create(
      { id: 'src', number: '10234/17', title: 'Text', createdBy: null, createdAt: 0 },
      new Uint8Array([0, 0]),
    );
    const refused = await storeNewDocumentUnderFreeNumber(
      store,
      { ...content, number: 'ST 10234 2017 INIT' },
      { id: 'note', createdBy: null, createdAt: 1 },
      [entry('src')],
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'number-taken', holder: { id: 'src' } } });
    expect(await store.documents.findById('note')).toBeNull();
    expect(await store.revisions.list('note')).toEqual([]);
    expect(await store.audit.list('src')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clearAllPendingEdits, createPendingEdits, pendingEditsKey, readClocks } from './pending-edits';

/** The Web Storage interface over a Map, optionally refusing writes as a full or disabled storage does. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  constructor(private readonly refuseWrites = false) {}
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.refuseWrites) throw new DOMException('quota exceeded', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

/** A document with one paragraph of text, and the updates of `edits` typed into it. */
function typeInto(doc: Y.Doc, ...edits: string[]): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('t');
  for (const edit of edits) text.insert(text.length, edit);
  return updates;
}

describe('pending edits', () => {
  it('keeps what was typed for the next visit, merged into one update, until cleared', () => {
    const storage = new MemoryStorage();
    const key = pendingEditsKey('u-fr', 'doc 1');
    const typist = new Y.Doc();
    const pending = createPendingEdits(storage, key);
    for (const update of typeInto(typist, 'Typed ', 'offline.')) pending.add(update);

    const nextVisit = createPendingEdits(storage, key);
    const left = nextVisit.read();
    if (left === null) throw new Error('nothing kept');
    const restored = new Y.Doc();
    Y.applyUpdate(restored, left);
    expect(restored.getText('t').toString()).toBe('Typed offline.');
    expect(readClocks(left)).toEqual(new Map([[typist.clientID, 'Typed offline.'.length]]));

    // A later edit of the next visit joins what was left; once acked, nothing is kept.
    const later = new Y.Doc();
    Y.applyUpdate(later, left);
    for (const update of typeInto(later, ' More.')) nextVisit.add(update);
    const both = new Y.Doc();
    Y.applyUpdate(both, nextVisit.read() as Uint8Array);
    expect(both.getText('t').toString()).toBe('Typed offline. More.');
    nextVisit.clear();
    expect(nextVisit.read()).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('keeps each user’s and document’s edits apart, and forgets them all on sign-out', () => {
    const storage = new MemoryStorage();
    storage.setItem('unrelated', 'kept');
    const [update] = typeInto(new Y.Doc(), 'x');
    createPendingEdits(storage, pendingEditsKey('u-fr', 'd1')).add(update as Uint8Array);
    expect(createPendingEdits(storage, pendingEditsKey('u-de', 'd1')).read()).toBeNull();
    expect(createPendingEdits(storage, pendingEditsKey('u-fr', 'd2')).read()).toBeNull();
    clearAllPendingEdits(storage);
    expect(createPendingEdits(storage, pendingEditsKey('u-fr', 'd1')).read()).toBeNull();
    expect(storage.getItem('unrelated')).toBe('kept');
  });

  it('carries on without it when the storage refuses writes or holds something unreadable', () => {
    const [update] = typeInto(new Y.Doc(), 'x');
    const full = createPendingEdits(new MemoryStorage(true), 'k');
    expect(() => full.add(update as Uint8Array)).not.toThrow();
    expect(full.read()).toBeNull();

    const storage = new MemoryStorage();
    storage.setItem('k', '%%% not base64 %%%');
    expect(createPendingEdits(storage, 'k').read()).toBeNull();
    expect(storage.getItem('k')).toBeNull();
  });
});

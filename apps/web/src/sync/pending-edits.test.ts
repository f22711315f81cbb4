import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryStorage } from '../testing/memory-storage';
import { clearAllPendingEdits, createPendingEdits, pendingEditsScope, readClocks } from './pending-edits';

/** A document with one paragraph of text, and the updates of `edits` typed into it. */
function typeInto(doc: Y.Doc, ...edits: string[]): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('t');
  for (const edit of edits) text.insert(text.length, edit);
  return updates;
}

describe('pending edits', () => {
  it('keeps what was typed for the next visit, until the next visit has it on the server', () => {
    const storage = new MemoryStorage();
    const scope = pendingEditsScope('u-fr', 'doc 1');
    const typist = new Y.Doc();
    const pending = createPendingEdits(storage, scope, typist.clientID);
    for (const update of typeInto(typist, 'Typed ', 'offline.')) pending.add(update);

    const visit = new Y.Doc();
    const nextVisit = createPendingEdits(storage, scope, visit.clientID);
    const left = nextVisit.read();
    if (left === null) throw new Error('nothing kept');
    Y.applyUpdate(visit, left);
    expect(visit.getText('t').toString()).toBe('Typed offline.');
    expect(readClocks(left)).toEqual(new Map([[typist.clientID, 'Typed offline.'.length]]));

    // The next visit's own edits are kept beside what it took over; once acked, neither is.
    for (const update of typeInto(visit, ' More.')) nextVisit.add(update);
    const both = new Y.Doc();
    Y.applyUpdate(both, nextVisit.read() as Uint8Array);
    expect(both.getText('t').toString()).toBe('Typed offline. More.');
    nextVisit.clear();
    expect(storage.length).toBe(0);
  });

  it('never lets two tabs overwrite each other’s edits', () => {
    const storage = new MemoryStorage();
    const scope = pendingEditsScope('u-fr', 'd1');
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    const tabA = createPendingEdits(storage, scope, a.clientID);
    const tabB = createPendingEdits(storage, scope, b.clientID);
    for (const update of typeInto(a, 'A')) tabA.add(update);
    for (const update of typeInto(b, 'B')) tabB.add(update);
    for (const update of typeInto(a, 'a')) tabA.add(update);
    tabB.clear();

    const later = new Y.Doc();
    Y.applyUpdate(later, createPendingEdits(storage, scope, later.clientID).read() as Uint8Array);
    expect(later.getText('t').toString()).toBe('Aa');
  });

  it('keeps each user’s and document’s edits apart, and forgets them all on sign-out', () => {
    const storage = new MemoryStorage();
    storage.setItem('unrelated', 'kept');
    const [update] = typeInto(new Y.Doc(), 'x');
    createPendingEdits(storage, pendingEditsScope('u-fr', 'd1'), 1).add(update as Uint8Array);
    expect(createPendingEdits(storage, pendingEditsScope('u-de', 'd1'), 2).read()).toBeNull();
    expect(createPendingEdits(storage, pendingEditsScope('u-fr', 'd2'), 2).read()).toBeNull();
    expect(createPendingEdits(storage, pendingEditsScope('u-fr', 'd1'), 2).read()).not.toBeNull();
    clearAllPendingEdits(storage);
    expect(createPendingEdits(storage, pendingEditsScope('u-fr', 'd1'), 2).read()).toBeNull();
    expect(storage.getItem('unrelated')).toBe('kept');
  });

  it('carries on without it when the storage refuses writes or holds something unreadable', () => {
    const [update] = typeInto(new Y.Doc(), 'x');
    const full = createPendingEdits(new MemoryStorage(true), 's:', 1);
    expect(() => full.add(update as Uint8Array)).not.toThrow();
    expect(full.read()).toBeNull();

    const storage = new MemoryStorage();
    storage.setItem('s:9', '%%% not base64 %%%');
    expect(createPendingEdits(storage, 's:', 1).read()).toBeNull();
    expect(storage.getItem('s:9')).toBeNull();
  });
});

import { type CouncilDocument, EMPTY_METADATA, normalizeDocument } from '@accord/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BLOCK_NODE, BlockAttr, getFragment, readDocument, writeDocument } from './layout';
import { shrinkDocument } from './shrink';

const council: CouncilDocument = normalizeDocument({
  metadata: { ...EMPTY_METADATA, number: '9916/17', subject: 'Cyber diplomacy' },
  blocks: [
    { id: 'a', kind: 'numbered', number: null, text: 'The EU recalls its strategy' },
    { id: 'b', kind: 'paragraph', number: null, text: 'Follow-on with [bracketed] text' },
    { id: 'c', kind: 'bullet', number: null, text: 'A bullet.' },
    { id: 'd', kind: 'numbered', number: null, text: 'Another paragraph.' },
  ],
  footnotes: [
    { id: 'n1', number: 0, blockId: 'a', offset: 'The EU recalls its strategy'.length, text: '12109/13.' },
  ],
});

/** A document as the server holds it after a load: its stored state applied to a new Y.Doc. */
function loaded(state: Uint8Array, shrink: boolean): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  if (shrink) shrinkDocument(doc);
  return doc;
}

function storedState(): Uint8Array {
  const doc = new Y.Doc();
  writeDocument(doc, council);
  return Y.encodeStateAsUpdate(doc);
}

/** What a client does to the text: every kind of change the editor makes to blocks and attributes. */
function edit(client: Y.Doc): void {
  const fragment = getFragment(client);
  const first = fragment.get(0) as Y.XmlElement;
  first.setAttribute(BlockAttr.kind, 'paragraph');
  (first.get(0) as Y.XmlText).insert(4, 'Council ');
  fragment.delete(2, 1);
  const added = new Y.XmlElement(BLOCK_NODE);
  added.setAttribute(BlockAttr.id, 'e');
  added.setAttribute(BlockAttr.kind, 'numbered');
  const run = new Y.XmlText();
  run.insert(0, 'A new paragraph.');
  added.insert(0, [run]);
  fragment.insert(1, [added]);
}

describe('shrinkDocument', () => {
  it('leaves what the document holds and encodes unchanged', () => {
    const state = storedState();
    const plain = loaded(state, false);
    const shrunk = loaded(state, true);
    expect(readDocument(shrunk)).toEqual(readDocument(plain));
    expect(Y.encodeStateAsUpdate(shrunk)).toEqual(Y.encodeStateAsUpdate(plain));
    expect(getFragment(shrunk).toString()).toBe(getFragment(plain).toString());
  });

  it('takes every later edit as the document before it would', () => {
    const state = storedState();
    const plain = loaded(state, false);
    const shrunk = loaded(state, true);
    const client = loaded(state, false);
    const before = Y.encodeStateVector(client);
    edit(client);
    const update = Y.encodeStateAsUpdate(client, before);
    Y.applyUpdate(plain, update);
    Y.applyUpdate(shrunk, update);
    expect(readDocument(shrunk)).toEqual(readDocument(plain));
    expect(readDocument(shrunk).blocks.map((b) => b.id)).toEqual(['a', 'e', 'b', 'd']);
    expect(Y.encodeStateAsUpdate(shrunk)).toEqual(Y.encodeStateAsUpdate(plain));
    // And what the shrunk copy sends back is what the other copy would have sent.
    expect(Y.encodeStateAsUpdate(shrunk, before)).toEqual(Y.encodeStateAsUpdate(plain, before));
  });

  it('still lets the server hear the document: its update events and the fragment’s deep observers', () => {
    const state = storedState();
    const shrunk = loaded(state, true);
    const updates: Uint8Array[] = [];
    shrunk.on('update', (update: Uint8Array) => updates.push(update));
    const deepEvents: number[] = [];
    getFragment(shrunk).observeDeep((events) => deepEvents.push(events.length));
    const client = loaded(state, false);
    const before = Y.encodeStateVector(client);
    edit(client);
    Y.applyUpdate(shrunk, Y.encodeStateAsUpdate(client, before));
    expect(updates).toHaveLength(1);
    expect(deepEvents.length).toBeGreaterThan(0);
  });

  it('reshapes the Yjs internals it relies on, and a shrunk block refuses an observer', () => {
    const shrunk = loaded(storedState(), true);
    const [first, second] = getFragment(shrunk).toArray() as Y.XmlElement[];
    const internals = (type: unknown) => type as { _eH: unknown; _dEH: unknown; _map: Map<string, unknown> };
    // One shared listener list: the fields exist under these names (a Yjs upgrade that renames them fails here).
    expect(internals(first)._eH).toBeDefined();
    expect(internals(first)._eH).toBe(internals(second)._eH);
    expect(internals(first)._dEH).toBe(internals(second)._eH);
    expect([...internals(first)._map.keys()].sort()).toEqual([BlockAttr.id, BlockAttr.kind]);
    expect(first?.getAttribute(BlockAttr.kind)).toBe('numbered');
    // Observing a block loudly fails instead of hearing every other block's changes.
    expect(() => first?.observe(() => {})).toThrow(TypeError);
    // A block added later is a normal type.
    const added = new Y.XmlElement(BLOCK_NODE);
    getFragment(shrunk).insert(0, [added]);
    expect(() => added.observe(() => {})).not.toThrow();
  });
});

import { type CouncilDocument, EMPTY_METADATA, normalizeDocument } from '@accord/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { findBlockElement, getFragment, readDocument, writeDocument } from './layout';

const council: CouncilDocument = normalizeDocument({
  metadata: {
    ...EMPTY_METADATA,
    number: '9916/17',
    codes: ['CYBER 91', 'CFSP/PESC 476'],
    subject: 'Cyber\n- Adoption',
  },
  blocks: [
    { id: 'a', kind: 'numbered', number: null, text: 'The EU recalls its strategy, in particular.' },
    {
      id: 'b',
      kind: 'paragraph',
      number: null,
      text: 'Follow-on with [bracketed] words and [two [nested] spans].',
    },
    { id: 'c', kind: 'bullet', number: null, text: 'a bullet' },
    { id: 'd', kind: 'heading', number: null, text: 'ANNEX' },
    { id: 'e', kind: 'numbered', number: null, text: 'Restarts at one.', start: 1 },
    { id: 'f', kind: 'numbered', number: null, text: 'a stray ] and [ stay literal' },
  ],
  footnotes: [
    { id: 'n1', number: 0, blockId: 'a', offset: 'The EU recalls its strategy'.length, text: '12109/13.' },
    { id: 'n2', number: 0, blockId: 'b', offset: 'Follow-on with [bracketed]'.length, text: 'after a span' },
    { id: 'n3', number: 0, blockId: 'e', offset: 'Restarts at one.'.length, text: 'at the end' },
  ],
});

function roundTrip(doc: CouncilDocument): CouncilDocument {
  const ydoc = new Y.Doc();
  writeDocument(ydoc, doc);
  // Through an update, as a client or the store would receive it.
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
  return readDocument(copy);
}

describe('the Yjs layout', () => {
  it('reads back exactly what was written: metadata, kinds, numbers, text, brackets and footnotes', () => {
    expect(roundTrip(council)).toEqual(council);
  });

  it('stores a bracketed span as a marked run without its brackets', () => {
    const ydoc = new Y.Doc();
    writeDocument(ydoc, council);
    const text = findBlockElement(ydoc, 'b')?.get(0) as Y.XmlText;
    expect(text.toDelta()).toEqual([
      { insert: 'Follow-on with ' },
      { insert: 'bracketed', attributes: { bracket: {} } },
    ]);
  });

  it('renumbers live when a numbered paragraph is deleted', () => {
    const ydoc = new Y.Doc();
    writeDocument(ydoc, council);
    getFragment(ydoc).delete(0, 1);
    expect(readDocument(ydoc).blocks.map((b) => [b.id, b.number])).toEqual([
      ['b', null],
      ['c', null],
      ['d', null],
      ['e', '1'],
      ['f', '2'],
    ]);
  });

  it('gives repeated or missing ids a unique name', () => {
    const ydoc = new Y.Doc();
    const fragment = getFragment(ydoc);
    const make = (id?: string) => {
      const el = new Y.XmlElement('paragraph');
      if (id) el.setAttribute('id', id);
      el.insert(0, [new Y.XmlText('x')]);
      return el;
    };
    fragment.insert(0, [make('x'), make('x'), make()]);
    expect(readDocument(ydoc).blocks.map((b) => b.id)).toEqual(['x', 'x~2', 'block-2']);
  });

  it('places a footnote at the edge of a bracketed span outside it', () => {
    const doc = normalizeDocument({
      ...council,
      blocks: [{ id: 'a', kind: 'paragraph', number: null, text: '[foo] bar' }],
      footnotes: [{ id: 'n', number: 0, blockId: 'a', offset: 4, text: 'inside' }],
    });
    expect(roundTrip(doc).footnotes[0]?.offset).toBe(5);
  });
});

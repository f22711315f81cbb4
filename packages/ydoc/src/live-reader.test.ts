import { type CouncilDocument, EMPTY_METADATA, normalizeDocument } from '@accord/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BlockAttr,
  createBlockElement,
  FOOTNOTE_NODE,
  FootnoteAttr,
  findBlockElement,
  getFragment,
  getMeta,
  readDocument,
  writeDocument,
} from './layout';
import { createLiveDocumentReader } from './live-reader';

const council: CouncilDocument = normalizeDocument({
  metadata: { ...EMPTY_METADATA, number: '9916/17' },
  blocks: [
    { id: 'a', kind: 'numbered', number: null, text: 'First, with a note.' },
    { id: 'b', kind: 'paragraph', number: null, text: 'Follow-on with [bracketed] words.' },
    { id: 'c', kind: 'numbered', number: null, text: 'Second.' },
    { id: 'd', kind: 'numbered', number: null, text: 'Third.' },
  ],
  footnotes: [{ id: 'n1', number: 0, blockId: 'a', offset: 'First'.length, text: 'A note.' }],
});

function textOf(doc: Y.Doc, blockId: string): Y.XmlText {
  return findBlockElement(doc, blockId)?.get(0) as Y.XmlText;
}

function setUp() {
  const doc = new Y.Doc();
  writeDocument(doc, council);
  const reader = createLiveDocumentReader(doc);
  return { doc, reader };
}

describe('the live document reader', () => {
  it('reads what readDocument reads after every kind of change', () => {
    const { doc, reader } = setUp();
    const changes: ((doc: Y.Doc) => void)[] = [
      (d) => textOf(d, 'b').insert(3, 'typed '),
      (d) => textOf(d, 'b').format(0, 4, { bracket: {} }),
      (d) => findBlockElement(d, 'c')?.setAttribute(BlockAttr.kind, 'bullet'),
      (d) => findBlockElement(d, 'd')?.setAttribute(BlockAttr.start, 5 as unknown as string),
      (d) => getFragment(d).delete(1, 1),
      (d) =>
        getFragment(d).insert(1, [
          createBlockElement({ id: 'e', kind: 'numbered', number: null, text: 'Inserted.' }, []),
        ]),
      (d) => findBlockElement(d, 'e')?.setAttribute(BlockAttr.id, 'a'),
      (d) => {
        const footnote = new Y.XmlElement(FOOTNOTE_NODE);
        footnote.setAttribute(FootnoteAttr.id, 'n2');
        footnote.setAttribute(FootnoteAttr.text, 'Another note.');
        findBlockElement(d, 'd')?.insert(1, [footnote]);
      },
      (d) => {
        const footnote = findBlockElement(d, 'd')?.get(1) as Y.XmlElement;
        footnote.setAttribute(FootnoteAttr.text, 'Changed note.');
      },
      (d) => getMeta(d).set('title', 'A new title'),
    ];
    expect(reader.read()).toEqual(readDocument(doc));
    for (const change of changes) {
      doc.transact(() => change(doc));
      expect(reader.read()).toEqual(readDocument(doc));
    }
  });

  it('reads changes that arrive as updates from another replica', () => {
    const { doc, reader } = setUp();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    reader.read();
    textOf(other, 'c').insert(0, 'Remote ');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    expect(reader.read()).toEqual(readDocument(doc));
    expect(reader.read().blocks[2]?.text).toBe('Remote Second.');
  });

  it('keeps the objects of the blocks, header and footnotes a change left alone', () => {
    const { doc, reader } = setUp();
    const before = reader.read();
    textOf(doc, 'b').insert(0, 'x');
    const after = reader.read();
    expect(after.blocks[0]).toBe(before.blocks[0]);
    expect(after.blocks[1]).not.toBe(before.blocks[1]);
    expect(after.blocks[2]).toBe(before.blocks[2]);
    expect(after.metadata).toBe(before.metadata);
    expect(after.footnotes).toBe(before.footnotes);
  });

  it('gives a block whose number changed a new object', () => {
    const { doc, reader } = setUp();
    const before = reader.read();
    findBlockElement(doc, 'c')?.setAttribute(BlockAttr.kind, 'paragraph');
    const after = reader.read();
    expect(after.blocks[3]?.number).toBe('2');
    expect(after.blocks[3]).not.toBe(before.blocks[3]);
    expect(after.blocks[0]).toBe(before.blocks[0]);
  });

  it('stops observing once destroyed', () => {
    const { doc, reader } = setUp();
    reader.read();
    reader.destroy();
    textOf(doc, 'b').insert(0, 'x');
    expect(reader.read().blocks[1]?.text).toBe('Follow-on with [bracketed] words.');
  });
});

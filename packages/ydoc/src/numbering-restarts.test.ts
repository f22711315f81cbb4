import { type Block, type CouncilDocument, EMPTY_METADATA, normalizeDocument } from '@accord/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BlockAttr, findBlockElement, getFragment, readDocument, writeDocument } from './layout';
import { repairHiddenRestarts, touchesRestarts } from './numbering-restarts';

/** A cover note's two paragraphs, then the annex's title and its paragraphs. */
function councilOf(blocks: Omit<Block, 'number'>[]): CouncilDocument {
  return normalizeDocument({
    metadata: EMPTY_METADATA,
    blocks: blocks.map((block) => ({ ...block, number: null })),
    footnotes: [],
  });
}

const note = councilOf([
  { id: 'n1', kind: 'numbered', text: 'The Working Party agreed.' },
  { id: 'n2', kind: 'numbered', text: 'Coreper is invited to confirm.' },
  { id: 'title', kind: 'heading', text: 'ANNEX' },
  { id: 'a1', kind: 'numbered', text: 'The Council recalls.' },
  { id: 'a2', kind: 'numbered', text: 'The Council stresses.' },
]);

/** The server's copy and two delegates' copies, synced. */
function three(council: CouncilDocument): Y.Doc[] {
  const server = new Y.Doc();
  writeDocument(server, council);
  return [server, ...[1, 2].map(() => copyOf(server))];
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function element(doc: Y.Doc, id: string): Y.XmlElement {
  const found = findBlockElement(doc, id);
  if (found === undefined) throw new Error(`no block ${id}`);
  return found;
}

/** Applies each delegate's changes on the server, noting whether the server's check would look. */
function applyOnServer(server: Y.Doc, ...clients: Y.Doc[]): boolean {
  let touched = false;
  const watch = (transaction: Y.Transaction) => {
    touched ||= touchesRestarts(transaction, server);
  };
  server.on('afterTransaction', watch);
  for (const client of clients)
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
  server.off('afterTransaction', watch);
  return touched;
}

function numbers(doc: Y.Doc): [string, string | null][] {
  return readDocument(doc).blocks.map((block) => [block.id, block.number]);
}

describe('repairHiddenRestarts', () => {
  it('gives the annex its restart when one delegate restarts a paragraph the other makes a heading', () => {
    const [server, france, germany] = three(note) as [Y.Doc, Y.Doc, Y.Doc];
    // France makes the annex's title a numbered paragraph and restarts the count on it …
    france.transact(() => {
      element(france, 'title').setAttribute(BlockAttr.kind, 'numbered');
    });
    Y.applyUpdate(germany, Y.encodeStateAsUpdate(france));
    element(france, 'title').setAttribute(BlockAttr.start, 1 as unknown as string);
    // … while Germany, not having seen the restart, makes it a heading again.
    element(germany, 'title').setAttribute(BlockAttr.kind, 'heading');

    expect(applyOnServer(server, france, germany)).toBe(true);
    expect(numbers(server)).toContainEqual(['a1', '3']);

    expect(repairHiddenRestarts(server, 'server')).toBe(2);
    expect(element(server, 'title').getAttribute(BlockAttr.start)).toBeUndefined();
    expect(numbers(server)).toEqual([
      ['n1', '1'],
      ['n2', '2'],
      ['title', null],
      ['a1', '1'],
      ['a2', '2'],
    ]);
  });

  it('leaves nothing on the heading to come back when it is made numbered again', () => {
    const [server, france, germany] = three(
      councilOf([
        { id: 'n1', kind: 'numbered', text: 'Cover.' },
        { id: 'a1', kind: 'numbered', text: 'Annex one.', start: 1 },
        { id: 'a2', kind: 'numbered', text: 'Annex two.' },
      ]),
    ) as [Y.Doc, Y.Doc, Y.Doc];
    element(france, 'a1').setAttribute(BlockAttr.start, 5 as unknown as string);
    element(germany, 'a1').setAttribute(BlockAttr.kind, 'paragraph');
    applyOnServer(server, france, germany);
    repairHiddenRestarts(server, 'server');
    expect(numbers(server)).toEqual([
      ['n1', '1'],
      ['a1', null],
      ['a2', '5'],
    ]);

    element(server, 'a1').setAttribute(BlockAttr.kind, 'numbered');
    expect(numbers(server)).toEqual([
      ['n1', '1'],
      ['a1', '2'],
      ['a2', '5'],
    ]);
  });

  it('keeps the next paragraph’s own restart, and drops one with no numbered paragraph after it', () => {
    const doc = new Y.Doc();
    writeDocument(
      doc,
      councilOf([
        { id: 'p', kind: 'numbered', text: 'One.' },
        { id: 'h', kind: 'heading', text: 'Heading.' },
        { id: 'q', kind: 'numbered', text: 'Two.', start: 7 },
        { id: 'last', kind: 'bullet', text: 'Item.' },
      ]),
    );
    element(doc, 'h').setAttribute(BlockAttr.start, 3 as unknown as string);
    element(doc, 'last').setAttribute(BlockAttr.start, '4');

    expect(repairHiddenRestarts(doc, null)).toBe(2);
    expect(numbers(doc)).toEqual([
      ['p', '1'],
      ['h', null],
      ['q', '7'],
      ['last', null],
    ]);
    const starts = getFragment(doc)
      .toArray()
      .map((node) => (node as Y.XmlElement).getAttribute(BlockAttr.start));
    expect(starts).toEqual([undefined, undefined, 7, undefined]);
  });

  it('writes nothing when every restart is on a numbered paragraph', () => {
    const doc = new Y.Doc();
    writeDocument(doc, note);
    element(doc, 'a1').setAttribute(BlockAttr.start, 1 as unknown as string);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    expect(repairHiddenRestarts(doc, null)).toBe(0);
    expect(transactions).toBe(0);
  });
});

describe('touchesRestarts', () => {
  it('does not look at the blocks for a change of text', () => {
    const [server, france] = three(note) as [Y.Doc, Y.Doc];
    const run = element(france, 'a1').get(0) as Y.XmlText;
    run.insert(run.length, ' Again.');
    expect(applyOnServer(server, france)).toBe(false);
  });
});

import { type CouncilDocument, EMPTY_METADATA, normalizeDocument, WHOLE_TEXT_ID } from '@accord/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { repairBlockIds, touchesBlockIds } from './block-ids';
import { BLOCK_NODE, BlockAttr, getFragment, readDocument, writeDocument } from './layout';

const council: CouncilDocument = normalizeDocument({
  metadata: EMPTY_METADATA,
  blocks: [
    { id: 'one', kind: 'numbered', number: null, text: 'One.' },
    { id: 'two', kind: 'numbered', number: null, text: 'Two.' },
    { id: 'three', kind: 'numbered', number: null, text: 'Three.' },
  ],
  footnotes: [],
});

/** The server's copy and a client's, synced. */
function pair(): { server: Y.Doc; client: Y.Doc } {
  const server = new Y.Doc();
  writeDocument(server, council);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}

function paragraph(text: string, id?: string): Y.XmlElement {
  const element = new Y.XmlElement(BLOCK_NODE);
  if (id !== undefined) element.setAttribute(BlockAttr.id, id);
  element.setAttribute(BlockAttr.kind, 'numbered');
  const run = new Y.XmlText();
  run.insert(0, text);
  element.insert(0, [run]);
  return element;
}

/** Applies the client's change on the server, then repairs; returns the blocks as read. */
function applyAndRepair(server: Y.Doc, client: Y.Doc, change: (fragment: Y.XmlFragment) => void) {
  const owners = repairBlockIds(server, new Map(), () => 'unused', null);
  const before = Y.encodeStateVector(server);
  change(getFragment(client));
  let touched = false;
  const watch = (tr: Y.Transaction) => {
    touched ||= touchesBlockIds(tr, server);
  };
  server.on('afterTransaction', watch);
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client, before));
  server.off('afterTransaction', watch);
  let n = 0;
  repairBlockIds(server, owners, () => `fresh-${++n}`, 'server');
  return { touched, blocks: readDocument(server).blocks.map((b) => [b.id, b.text]) };
}

describe('repairBlockIds', () => {
  it('keeps an id with the block that held it when a paragraph with the same id is inserted above it', () => {
    const { server, client } = pair();
    const { touched, blocks } = applyAndRepair(server, client, (f) =>
      f.insert(1, [paragraph('Hijack.', 'two')]),
    );
    expect(touched).toBe(true);
    expect(blocks).toEqual([
      ['one', 'One.'],
      ['fresh-1', 'Hijack.'],
      ['two', 'Two.'],
      ['three', 'Three.'],
    ]);
  });

  it('gives a block without an id one, written into the document the clients share', () => {
    const { server, client } = pair();
    const { blocks } = applyAndRepair(server, client, (f) => f.insert(0, [paragraph('No id.')]));
    expect(blocks[0]).toEqual(['fresh-1', 'No id.']);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
    expect((getFragment(client).get(0) as Y.XmlElement).getAttribute(BlockAttr.id)).toBe('fresh-1');
  });

  it('gives a fresh id to a block carrying the id general reservations are kept under', () => {
    const { server, client } = pair();
    const { blocks } = applyAndRepair(server, client, (f) =>
      f.insert(0, [paragraph('Whole?', WHOLE_TEXT_ID)]),
    );
    expect(blocks[0]).toEqual(['fresh-1', 'Whole?']);
    // Read before any repair, it is named by its place, as a block without an id is.
    const unrepaired = new Y.Doc();
    writeDocument(unrepaired, council);
    getFragment(unrepaired).insert(0, [paragraph('Whole?', WHOLE_TEXT_ID)]);
    expect(readDocument(unrepaired).blocks[0]?.id).toBe('block-0');
  });

  it('keeps the first in document order when no block held the id before (the same paragraph moved twice)', () => {
    const { server, client } = pair();
    const { blocks } = applyAndRepair(server, client, (f) => {
      f.delete(1, 1);
      f.insert(0, [paragraph('Two.', 'two')]);
      f.insert(3, [paragraph('Two.', 'two')]);
    });
    expect(blocks.map(([id]) => id)).toEqual(['two', 'one', 'three', 'fresh-1']);
  });

  it('leaves an id moved from one block to another alone, and writes nothing when ids are unique', () => {
    const { server, client } = pair();
    let updates = 0;
    server.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin === 'server') updates++;
    });
    const { blocks } = applyAndRepair(server, client, (f) => {
      (f.get(1) as Y.XmlElement).setAttribute(BlockAttr.id, 'new-id');
      f.insert(1, [paragraph('', 'two')]);
    });
    expect(blocks.map(([id]) => id)).toEqual(['one', 'two', 'new-id', 'three']);
    expect(updates).toBe(0);
  });

  it('does not count typing as touching block ids', () => {
    const { server, client } = pair();
    const { touched } = applyAndRepair(server, client, (f) =>
      ((f.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'x'),
    );
    expect(touched).toBe(false);
  });
});

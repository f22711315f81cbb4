import { type BlockKind, numberBlocks } from '@accord/model';
import { BLOCK_NODE, BlockAttr } from '@accord/ydoc';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { changeBlockKind, splitContinuingCount } from './block-node';
import { createDocumentSchema } from './document-schema';

const schema = createDocumentSchema();

/** The note's last paragraph, then the annex's first, which restarts the count at 1, and its second. */
function annexState(): EditorState {
  const block = (id: string, text: string, start: number | null = null) =>
    schema.node(BLOCK_NODE, { [BlockAttr.id]: id, kind: 'numbered', start }, schema.text(text));
  return EditorState.create({
    doc: schema.node('doc', null, [
      block('a', 'Against this background.'),
      block('b', 'The EU recognises the opportunities.', 1),
      block('c', 'The EU recalls its conclusions.'),
    ]),
  });
}

/** Each paragraph's id and number, as the room numbers them. */
function readNumbers(state: EditorState): [unknown, string | null][] {
  const blocks: { id: string; kind: 'numbered'; number: null; text: string; start?: number }[] = [];
  state.doc.forEach((node) => {
    blocks.push({
      id: String(node.attrs[BlockAttr.id]),
      kind: 'numbered',
      number: null,
      text: node.textContent,
      ...(node.attrs.start == null ? {} : { start: node.attrs.start }),
    });
  });
  return numberBlocks(blocks).map((block) => [block.id, block.number]);
}

describe('Enter in the paragraph that restarts the numbering', () => {
  it.each([
    ['in its middle', 'The EU '.length],
    ['at its start', 0],
    ['at its end', 'The EU recognises the opportunities.'.length],
  ])('leaves the part after the caret continuing the count, %s', (_where, offset) => {
    const state = annexState();
    const caret = state.doc.child(0).nodeSize + 1 + offset;
    const placed = state.apply(state.tr.setSelection(TextSelection.create(state.doc, caret)));
    let split: Transaction | undefined;

    expect(splitContinuingCount(placed, (tr) => (split = tr))).toBe(true);

    expect(readNumbers(placed.apply(split as Transaction))).toEqual([
      ['a', '1'],
      ['b', '1'],
      ['null', '2'],
      ['c', '3'],
    ]);
  });

  it('is left to the editor elsewhere', () => {
    const state = annexState();
    const placed = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 3)));
    expect(splitContinuingCount(placed, () => undefined)).toBe(false);
  });
});

describe("changing the kind of the annex's first paragraph", () => {
  const block = (id: string, kind: string, start: number | null = null) =>
    schema.node(BLOCK_NODE, { [BlockAttr.id]: id, kind, start }, schema.text(`Text of ${id}.`));
  /** Each block's id, kind and restart after the caret (or selection) from block `from` to `to` changes kind. */
  function change(blocks: ReturnType<typeof block>[], from: string, to: string, kind: BlockKind) {
    const state = EditorState.create({ doc: schema.node('doc', null, blocks) });
    const positions = new Map<string, number>();
    state.doc.forEach((node, offset) => {
      positions.set(String(node.attrs[BlockAttr.id]), offset + 1);
    });
    const tr = state.tr.setSelection(
      TextSelection.create(state.doc, positions.get(from) as number, positions.get(to) as number),
    );
    const after = state.apply(changeBlockKind(tr, kind));
    const read: [string, string, unknown][] = [];
    after.doc.forEach((node) => {
      read.push([String(node.attrs[BlockAttr.id]), node.attrs.kind, node.attrs.start]);
    });
    return read;
  }

  it('gives its restart to the next numbered paragraph, so the annex still begins at 1', () => {
    const blocks = [
      block('a', 'numbered'),
      block('b', 'numbered', 1),
      block('h', 'bullet'),
      block('c', 'numbered'),
    ];
    expect(change(blocks, 'b', 'b', 'heading')).toEqual([
      ['a', 'numbered', null],
      ['b', 'heading', null],
      ['h', 'bullet', null],
      ['c', 'numbered', 1],
    ]);
  });

  it('leaves a next paragraph that restarts the count itself as it is', () => {
    const blocks = [block('a', 'numbered'), block('b', 'numbered', 1), block('c', 'numbered', 5)];
    expect(change(blocks, 'b', 'b', 'paragraph')).toEqual([
      ['a', 'numbered', null],
      ['b', 'paragraph', null],
      ['c', 'numbered', 5],
    ]);
  });

  it('carries it past every selected paragraph, and keeps it on one made numbered', () => {
    const blocks = [block('b', 'numbered', 1), block('c', 'numbered'), block('d', 'numbered')];
    expect(change(blocks, 'b', 'c', 'bullet')).toEqual([
      ['b', 'bullet', null],
      ['c', 'bullet', null],
      ['d', 'numbered', 1],
    ]);
    expect(change([block('b', 'numbered', 1)], 'b', 'b', 'numbered')).toEqual([['b', 'numbered', 1]]);
  });
});

import { describe, expect, it } from 'vitest';
import type { DiffBlock, DiffFootnote, DocumentDiff } from '../api/client';
import { listFootnoteCalls } from './footnote-calls';
import { selectShownBlocks } from './shown-blocks';

const side = (id: string, number: string) => ({
  id,
  number,
  text: 'The Council notes the paper.',
  kind: 'numbered',
});
const unchanged = (id: string, number: string): DiffBlock => ({
  change: 'unchanged',
  old: side(id, number),
  new: side(id, number),
  ops: [{ op: 'equal', text: 'The Council notes the paper.' }],
  textChanged: false,
  kindChanged: false,
});
const note = (patch: Partial<DiffFootnote>): DiffFootnote => ({
  change: 'unchanged',
  old: { id: 'f', number: 1, blockId: 'a', offset: 11, text: '12109/13.' },
  new: { id: 'f', number: 1, blockId: 'a', offset: 11, text: '12109/13.' },
  ops: [{ op: 'equal', text: '12109/13.' }],
  ...patch,
});
const diffOf = (blocks: DiffBlock[], footnotes: DiffFootnote[]) =>
  ({ blocks, footnotes }) as unknown as Pick<DocumentDiff, 'blocks' | 'footnotes'>;

describe('the blocks a comparison shows', () => {
  it('shows an unchanged paragraph that gained a footnote call, and one that lost its call to another', () => {
    const blocks = [unchanged('a', '1'), unchanged('b', '2'), unchanged('c', '3'), unchanged('d', '4')];
    const footnotes = [
      note({
        change: 'inserted',
        old: null,
        new: { id: 'g', number: 1, blockId: 'b', offset: 3, text: 'WK 1.' },
      }),
      note({ change: 'moved', new: { id: 'f', number: 2, blockId: 'c', offset: 3, text: '12109/13.' } }),
    ];
    const diff = diffOf(blocks, footnotes);
    const shown = selectShownBlocks(diff.blocks, listFootnoteCalls(diff), false);
    expect(shown.map((block) => block.new?.id)).toEqual(['a', 'b', 'c']);
  });

  it('shows an unchanged paragraph whose footnote changed its words, so the change is tied to its paragraph', () => {
    const blocks = [unchanged('a', '1'), unchanged('b', '2')];
    const diff = diffOf(blocks, [note({ change: 'modified' })]);
    expect(selectShownBlocks(diff.blocks, listFootnoteCalls(diff), false)).toEqual([blocks[0]]);
    expect(selectShownBlocks(diff.blocks, listFootnoteCalls(diff), true)).toEqual(blocks);
  });

  it('hides an unchanged paragraph whose footnotes are unchanged', () => {
    const blocks = [unchanged('a', '1'), unchanged('b', '2')];
    const diff = diffOf(blocks, [note({})]);
    expect(selectShownBlocks(diff.blocks, listFootnoteCalls(diff), false)).toEqual([]);
  });
});

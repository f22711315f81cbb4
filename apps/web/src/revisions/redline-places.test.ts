import { describe, expect, it } from 'vitest';
import type { DiffBlock } from '../api/client';
import { placeUnnumberedBlocks } from './redline-places';

let next = 0;
const side = (number: string | null, kind: string, text = 't') => ({ id: `b${next++}`, number, text, kind });
const kept = (number: string | null, kind = 'numbered', oldIndex = 0, text = 't'): DiffBlock => {
  const both = side(number, kind, text);
  return {
    change: 'unchanged',
    old: both,
    new: both,
    oldIndex,
    ops: [],
    textChanged: false,
    kindChanged: false,
  };
};
const changed = (change: DiffBlock['change'], kind: string, oldIndex: number | null): DiffBlock => ({
  change,
  old: change === 'inserted' ? null : side(null, kind),
  new: change === 'deleted' ? null : side(null, kind),
  oldIndex,
  ops: [],
  textChanged: true,
  kindChanged: false,
});

describe('where an unnumbered paragraph of a comparison stands', () => {
  it('cites a changed subparagraph or indent as the new text does, a deleted one as the old text did', () => {
    const modified = changed('modified', 'paragraph', 1);
    const inserted = changed('inserted', 'paragraph', null);
    const deleted = changed('deleted', 'bullet', 3);
    const blocks = [
      kept('1', 'numbered', 0),
      modified,
      inserted,
      kept('2', 'numbered', 2),
      // The old text had a first indent under paragraph 2; the new one has none.
      deleted,
      kept(null, 'bullet', 4),
    ];
    const places = placeUnnumberedBlocks(blocks, '9916/1/17 REV 1');
    expect(places.get(modified)).toBe('Paragraph 1, second subparagraph');
    expect(places.get(inserted)).toBe('Paragraph 1, third subparagraph');
    expect(places.get(deleted)).toBe('Paragraph 2, first indent of 9916/1/17 REV 1');
    expect(places.get(blocks[5] as DiffBlock)).toBe('Paragraph 2, first indent');
    // A numbered paragraph shows its number.
    expect(places.has(blocks[0] as DiffBlock)).toBe(false);
  });

  it('names the part where the numbering restarts, as the conclusions in an annex do', () => {
    const modified = changed('modified', 'paragraph', 3);
    const blocks = [kept('1', 'numbered', 0), kept(null, 'heading', 1), kept('1', 'numbered', 2), modified];
    expect(placeUnnumberedBlocks(blocks, 'REV 1').get(modified)).toBe(
      'Annex, paragraph 1, second subparagraph',
    );
  });

  it('names an annex by its label, in the new text and in the old', () => {
    const modified = changed('modified', 'paragraph', 3);
    const deleted = changed('deleted', 'bullet', 4);
    const blocks = [
      kept('1', 'numbered', 0),
      kept(null, 'heading', 1, 'ANNEX'),
      kept('1', 'numbered', 2),
      modified,
      deleted,
    ];
    const places = placeUnnumberedBlocks(blocks, 'REV 1');
    expect(places.get(modified)).toBe('Annex, paragraph 1, second subparagraph');
    expect(places.get(deleted)).toBe('Annex, paragraph 1, first indent of REV 1');
  });
});

import { describe, expect, it } from 'vitest';
import type { DiffBlock } from '../api/client';
import { partsOfBlocks } from './redline-parts';

const block = (
  change: DiffBlock['change'],
  number: string | null,
  kind = 'numbered',
  text = 't',
): DiffBlock => {
  const side = { id: `${change}-${number}-${text}`, number, text, kind };
  return {
    change,
    old: change === 'inserted' ? null : side,
    new: change === 'deleted' ? null : side,
    ops: [],
    textChanged: change !== 'unchanged',
    kindChanged: false,
  };
};

describe('the parts of a comparison', () => {
  it('numbers the parts where the numbering restarts, a deleted block in the part it is shown in', () => {
    const blocks = [
      block('unchanged', '1'),
      block('modified', '2'),
      block('unchanged', null, 'heading'),
      block('unchanged', '1'),
      block('deleted', '2'),
      block('modified', '2'),
      block('unchanged', '1'),
    ];
    expect([...partsOfBlocks(blocks).values()]).toEqual([
      'Part 1',
      'Part 1',
      'Part 2',
      'Part 2',
      'Part 2',
      'Part 2',
      'Part 3',
    ]);
  });

  it('names the second of two parts, a cover note’s annex without its label, "Annex", and the first "Cover note"', () => {
    const blocks = [block('unchanged', '1'), block('unchanged', '1'), block('deleted', '2')];
    expect([...partsOfBlocks(blocks).values()]).toEqual(['Cover note', 'Annex', 'Annex']);
  });

  it('names a part labelled an annex as the Council cites it', () => {
    const blocks = [
      block('unchanged', '1'),
      block('unchanged', null, 'heading', 'ANNEX'),
      block('modified', '1'),
      block('deleted', '2'),
    ];
    expect([...partsOfBlocks(blocks).values()]).toEqual(['Cover note', 'Annex', 'Annex', 'Annex']);
  });

  it('names no part in a text with one numbering', () => {
    const blocks = [block('unchanged', '1'), block('deleted', '2'), block('modified', '2')];
    expect([...partsOfBlocks(blocks).values()]).toEqual([null, null, null]);
  });
});

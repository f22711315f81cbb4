import { describe, expect, it } from 'vitest';
import { diffDocuments } from './document-diff';
import { describeMove } from './redline-labels';
import { type BlockSpec, makeDocument } from './test-documents';

const movedLabels = (oldBlocks: BlockSpec[], newBlocks: BlockSpec[], fromLabel?: string) =>
  diffDocuments(makeDocument(oldBlocks), makeDocument(newBlocks))
    .blocks.filter((block) => block.change === 'moved')
    .map((block) => [block.new?.number ?? null, describeMove(block, fromLabel)]);

describe('describeMove', () => {
  it('names the old paragraph and the old version, so a paragraph moved back to its old number reads right', () => {
    // Two paragraphs inserted above, and paragraph 5 moved up two places: it is 5 again.
    expect(
      movedLabels(
        [
          ['a', 'numbered', 'A.'],
          ['b', 'numbered', 'B.'],
          ['c', 'numbered', 'C.'],
          ['d', 'numbered', 'D.'],
          ['m', 'numbered', 'M.'],
        ],
        [
          ['x', 'numbered', 'X.'],
          ['y', 'numbered', 'Y.'],
          ['a', 'numbered', 'A.'],
          ['b', 'numbered', 'B.'],
          ['m', 'numbered', 'M.'],
          ['c', 'numbered', 'C.'],
          ['d', 'numbered', 'D.'],
        ],
        '7923/1/17 REV 1',
      ),
    ).toEqual([['5', 'Moved from paragraph 5 of 7923/1/17 REV 1']]);
  });

  it('says which bullet under which old paragraph a bullet moved within its list was', () => {
    expect(
      movedLabels(
        [
          ['a', 'numbered', 'A.'],
          ['b1', 'bullet', 'one'],
          ['b2', 'bullet', 'two'],
          ['b3', 'bullet', 'three'],
        ],
        [
          ['a', 'numbered', 'A.'],
          ['b2', 'bullet', 'two'],
          ['b3', 'bullet', 'three'],
          ['b1', 'bullet', 'one'],
        ],
        'REV 1',
      ),
    ).toEqual([[null, 'Moved from bullet 1 under paragraph 1 of REV 1']]);
  });

  it('places a block that stood before any numbered paragraph at the start of the old version', () => {
    expect(
      movedLabels(
        [
          ['h', 'heading', 'Title'],
          ['p', 'paragraph', 'Intro.'],
          ['a', 'numbered', 'A.'],
          ['b', 'numbered', 'B.'],
        ],
        [
          ['h', 'heading', 'Title'],
          ['a', 'numbered', 'A.'],
          ['b', 'numbered', 'B.'],
          ['p', 'paragraph', 'Intro.'],
        ],
      ),
    ).toEqual([[null, 'Moved from unnumbered paragraph 1 at the start of the old version']]);
  });

  it('says nothing for a block that did not move', () => {
    const [block] = diffDocuments(
      makeDocument([['a', 'numbered', 'A.']]),
      makeDocument([['a', 'numbered', 'A!']]),
    ).blocks;
    expect(block && describeMove(block, 'REV 1')).toBeNull();
  });
});

import { parseDocx, parseHtml } from '@accord/format';
import { acceptTrackedChanges } from '@accord/format/testing';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from './document-diff';
import { renderRedlineDocx } from './redline-docx';
import { REDLINE_DIFF, REDLINE_OPTIONS, REV_2 } from './redline-fixture';
import { renderRedlineHtml } from './redline-html';
import {
  citeNewBlocks,
  describeComparison,
  describeConvention,
  describeGoingBack,
  describeMetadataField,
  describeMove,
  describeMoveTo,
  describeRedlineTitle,
  isRedline,
  placeMovedAway,
} from './redline-labels';
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
    ).toEqual([[null, 'Moved from paragraph 1, first indent of REV 1']]);
  });

  it('calls a block that stood before any numbered paragraph introductory', () => {
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
    ).toEqual([[null, 'Moved from first introductory paragraph of the old version']]);
  });

  it('names the part a block moved from where the old numbering restarts, as in an annex', () => {
    // A cover note's two points, then the annex's conclusions from 1 again; its paragraph 2 moves up.
    const version = (order: string[]) => {
      const doc = makeDocument(
        order.map((id) => [id, id === 't' ? 'heading' : 'numbered', id.toUpperCase()]),
      );
      return { ...doc, blocks: doc.blocks.map((b) => (b.id === order[3] ? { ...b, start: 1 } : b)) };
    };
    const moved = diffDocuments(version(['a', 'b', 't', 'c', 'd']), version(['a', 'b', 't', 'd', 'c']))
      .blocks.filter((block) => block.change === 'moved')
      .map((block) => describeMove(block, 'REV 1'));
    expect(moved).toEqual(['Moved from Annex, paragraph 2 of REV 1']);
  });

  it('names the annex a block moved from by its label, as the Council cites it, in the API too', () => {
    const version = (order: string[]) => {
      const doc = makeDocument(
        order.map((id) => [id, id === 't' ? 'heading' : 'numbered', id === 't' ? 'ANNEX' : id.toUpperCase()]),
      );
      return { ...doc, blocks: doc.blocks.map((b) => (b.id === order[3] ? { ...b, start: 1 } : b)) };
    };
    const diff = diffDocuments(version(['a', 'b', 't', 'c', 'd']), version(['a', 'b', 't', 'd', 'c']));
    const moved = diff.blocks.filter((block) => block.change === 'moved');
    expect(moved.map((block) => describeMove(block, 'REV 1'))).toEqual([
      'Moved from Annex, paragraph 2 of REV 1',
    ]);
    // As the web app reads it back from the diff API's JSON.
    expect(moved.map((block) => describeMove(JSON.parse(JSON.stringify(block)), 'REV 1'))).toEqual([
      'Moved from Annex, paragraph 2 of REV 1',
    ]);
    expect(describeMoveTo(citeNewBlocks(diff.blocks).get('c'))).toBe('Moved to Annex, paragraph 2');
  });

  it('says nothing for a block that did not move', () => {
    const [block] = diffDocuments(
      makeDocument([['a', 'numbered', 'A.']]),
      makeDocument([['a', 'numbered', 'A!']]),
    ).blocks;
    expect(block && describeMove(block, 'REV 1')).toBeNull();
  });
});

describe('the cover lines', () => {
  it.each([
    [
      { fromLabel: '7923/1/17 REV 1', toLabel: '7923/2/17 REV 2' },
      'Changes from 7923/1/17 REV 1 to 7923/2/17 REV 2: 1 modified.',
      'Changes compared to 7923/1/17 REV 1 are marked in bold underline (insertions) and strikethrough (deletions).',
    ],
    [
      { fromLabel: '7923/1/17 REV 1', toLabel: '7923/2/17 REV 2', againstPrevious: true },
      'Changes from 7923/1/17 REV 1 to 7923/2/17 REV 2: 1 modified.',
      'Changes compared to the previous version are marked in bold underline (insertions) and strikethrough (deletions).',
    ],
    [
      { fromLabel: '7923/17', toLabel: '7923/2/17 REV 2', insertions: 'bold' as const },
      'Changes from 7923/17 to 7923/2/17 REV 2: 1 modified.',
      'Changes compared to 7923/17 are marked in bold (insertions) and strikethrough (deletions).',
    ],
    [
      { fromLabel: '7923/2/17 REV 2', toLabel: '7923/17', backwards: true },
      'Changes from 7923/2/17 REV 2 back to 7923/17: 1 modified.',
      'Changes compared to 7923/2/17 REV 2, a later version, are marked in bold underline (insertions) and strikethrough (deletions).',
    ],
  ])('name what is compared with what, and say when it goes back: %o', (options, comparison, convention) => {
    expect(`${describeComparison(options, '1 modified')}.`).toBe(comparison);
    expect(describeConvention(options)).toBe(convention);
  });
});

describe('the title', () => {
  it.each([
    [
      { fromLabel: '7923/1/17 REV 1', toLabel: '7923/2/17 REV 2' },
      '7923/2/17 REV 2 compared with 7923/1/17 REV 1',
    ],
    [
      { fromLabel: '7923/2/17 REV 2', toLabel: '7923/1/17 REV 1', backwards: true },
      '7923/1/17 REV 1 compared with 7923/2/17 REV 2, a later version (going back)',
    ],
    [
      { fromLabel: 'live text', toLabel: '7923/17', backwards: true },
      '7923/17 compared with live text, a later version (going back)',
    ],
  ])(
    'says which version is compared with which, and that it goes back when it does: %o',
    (options, title) => {
      expect(describeRedlineTitle(options)).toBe(title);
    },
  );

  it('says going back what the marks are, in terms of the later version', () => {
    expect(describeGoingBack('7923/2/17 REV 2')).toBe(
      'Going back in time: what 7923/2/17 REV 2 added is shown deleted, and what it removed inserted.',
    );
  });
});

describe('isRedline', () => {
  it.each([
    ['a forward convention line', describeConvention({ fromLabel: '7923/1/17 REV 1' }), true],
    [
      'one going back',
      describeConvention({ fromLabel: 'live text', backwards: true, insertions: 'bold' }),
      true,
    ],
    [
      'the line of redlines made before it named the version',
      'Changes compared to the previous version are marked in bold underline (insertions) and strikethrough (deletions).',
      true,
    ],
    [
      "a Council cover's own convention line",
      'Changes compared to the previous version are marked in bold underline and strikethrough.',
      false,
    ],
    ['a paragraph that only starts like one', 'Changes compared to 2016 are marked in the annex.', false],
  ])('tells %s', (_, text, expected) => {
    expect(isRedline({ blocks: [{ text: `  ${text} ` }] })).toBe(expected);
  });

  it('knows our Word and HTML redlines read back as documents, in either convention, and not a text', async () => {
    const bytes = await renderRedlineDocx(REDLINE_DIFF, {
      ...REDLINE_OPTIONS,
      date: '2017-06-07T10:00:00.000Z',
    });
    // As Word leaves it after "Accept All Changes": unaccepted, its tracked changes are refused first.
    const word = await parseDocx(bytes, { trackedChanges: 'accept' });
    // The file itself with every change accepted (the test helper uploads use), whole paragraphs
    // inserted and deleted included, reads as a document, and a redline.
    const accepted = await parseDocx(await acceptTrackedChanges(bytes));
    if (!accepted.ok) throw new Error(accepted.error.message);
    expect(isRedline(accepted.value)).toBe(true);
    const html = parseHtml(
      renderRedlineHtml(REDLINE_DIFF, { ...REDLINE_OPTIONS, insertions: 'bold', backwards: true }),
    );
    if (!word.ok || !html.ok) throw new Error('a redline did not read back');
    expect(isRedline(word.value)).toBe(true);
    expect(isRedline(html.value)).toBe(true);
    expect(isRedline(REV_2)).toBe(false);
  });
});

describe('describeMetadataField', () => {
  it('names a header field as a reader knows it, also when given as the diff JSON names it', () => {
    expect(describeMetadataField('previous')).toBe('Previous documents');
    expect(describeMetadataField('codes')).toBe('Subject codes');
    expect(describeMetadataField('toString')).toBe('toString');
  });
});

describe('placeMovedAway', () => {
  /** The redline's order: each block by id, a moved block's old place as "<id". */
  const order = (oldBlocks: BlockSpec[], newBlocks: BlockSpec[]) =>
    placeMovedAway(diffDocuments(makeDocument(oldBlocks), makeDocument(newBlocks)).blocks).map(
      ({ block, place }) => (place === 'moved-away' ? `<${block.new?.id}` : (block.new?.id ?? block.old?.id)),
    );
  const numbered = (...ids: string[]): BlockSpec[] => ids.map((id) => [id, 'numbered', `Text ${id}.`]);

  it.each([
    [
      'a paragraph moved down',
      numbered('a', 'b', 'c', 'd'),
      numbered('b', 'c', 'a', 'd'),
      ['<a', 'b', 'c', 'a', 'd'],
    ],
    [
      'a paragraph moved up',
      numbered('a', 'b', 'c', 'd'),
      numbered('a', 'd', 'b', 'c'),
      ['a', 'd', 'b', 'c', '<d'],
    ],
    [
      'two paragraphs moved together, in their old order,',
      numbered('a', 'b', 'c', 'd', 'e'),
      numbered('a', 'd', 'e', 'b', 'c'),
      ['a', 'd', 'e', 'b', 'c', '<d', '<e'],
    ],
    [
      'a paragraph that followed one since deleted',
      numbered('a', 'b', 'c', 'd', 'e'),
      numbered('a', 'd', 'c', 'e'),
      ['a', 'b', 'd', 'c', '<d', 'e'],
    ],
  ])('marks where %s stood', (_, oldBlocks, newBlocks, expected) => {
    expect(order(oldBlocks, newBlocks)).toEqual(expected);
  });

  it('names where the moved block went in the new numbering', () => {
    const diff = diffDocuments(makeDocument(numbered('a', 'b', 'c')), makeDocument(numbered('b', 'c', 'a')));
    const citations = citeNewBlocks(diff.blocks);
    const moved = diff.blocks.find((block) => block.change === 'moved');
    expect(describeMoveTo(citations.get(moved?.new?.id ?? ''))).toBe('Moved to paragraph 3');
  });
});

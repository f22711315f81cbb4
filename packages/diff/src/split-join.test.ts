import { describe, expect, it } from 'vitest';
import { type BlockDiff, diffDocuments, type FootnoteDiff } from './document-diff';
import { JOIN_DIFF, SPLIT_DIFF } from './redline-fixture';
import { listFootnoteCalls } from './redline-footnote-calls';
import { describeFootnoteMove, numberNewBlocks } from './redline-labels';
import { matchParts } from './split-join';
import { type BlockSpec, makeDocument } from './test-documents';

/** One line per block: change, ids, and its runs in wdiff notation, with ¶ where a mark changed. */
const outline = (blocks: readonly BlockDiff[]) =>
  blocks.map((b) => {
    const runs = b.ops
      .map((op) => (op.op === 'equal' ? op.text : op.op === 'insert' ? `{+${op.text}+}` : `[-${op.text}-]`))
      .join('');
    const mark = b.splitAt !== undefined ? '{+¶+}' : b.joinedAt !== undefined ? '[-¶-]' : '';
    return `${b.change} ${b.old?.id ?? '-'}→${b.new?.id ?? '-'}: ${runs}${mark}`;
  });

const X = 'The Council welcomes the joint communication.';
const Y = 'It calls on the Commission to report.';
const Z = 'It invites the Member States to act.';
const before: BlockSpec = ['a', 'numbered', 'The Council recalls its conclusions.'];
const after: BlockSpec = ['z', 'numbered', 'The Council will revert to the matter.'];
const diff = (oldBlocks: BlockSpec[], newBlocks: BlockSpec[], align: 'id' | 'text' = 'id') =>
  diffDocuments(makeDocument(oldBlocks), makeDocument(newBlocks), { align });

describe('diffDocuments: paragraphs split and joined', () => {
  it.each(['id', 'text'] as const)(
    'shows a paragraph split in two as a paragraph mark inserted, the words kept (align: %s)',
    (align) => {
      const result = diff(
        [before, ['p', 'numbered', `${X} ${Y}`], after],
        [before, ['p', 'numbered', X], ['q', 'numbered', Y], after],
        align,
      );
      expect(outline(result.blocks)).toEqual([
        'unchanged a→a: The Council recalls its conclusions.',
        `modified p→p: ${X}[- -]{+¶+}`,
        `inserted -→q: ${Y}`,
        'unchanged z→z: The Council will revert to the matter.',
      ]);
      const [, first, second] = result.blocks as BlockDiff[];
      expect(first?.splitAt).toBe(X.length + 1);
      expect(second).toMatchObject({
        splitFrom: 'p',
        splitOffset: X.length + 1,
        splitFromCitation: { part: null, paragraph: '2', kind: 'numbered', ordinal: null },
      });
      expect(result.summary).toMatchObject({ modified: 1, inserted: 1, split: 1, joined: 0 });
    },
  );

  it.each(['id', 'text'] as const)(
    'shows two paragraphs joined as a paragraph mark deleted, the second one’s words kept (align: %s)',
    (align) => {
      const result = diff(
        [before, ['p', 'numbered', X], ['q', 'numbered', Y], after],
        [before, ['p', 'numbered', `${X} ${Y}`], after],
        align,
      );
      expect(outline(result.blocks)).toEqual([
        'unchanged a→a: The Council recalls its conclusions.',
        `modified p→p: ${X}[-¶-]`,
        `deleted q→-: {+ +}${Y}`,
        'unchanged z→z: The Council will revert to the matter.',
      ]);
      expect(result.blocks[2]).toMatchObject({
        joinedInto: 'p',
        joinOffset: X.length,
        joinedToCitation: { paragraph: '2', kind: 'numbered' },
      });
      expect(result.summary).toMatchObject({ modified: 1, deleted: 1, split: 0, joined: 1 });
    },
  );

  it.each(['id', 'text'] as const)(
    'shows a paragraph split in three with two marks inserted (align: %s)',
    (align) => {
      const result = diff(
        [['p', 'numbered', `${X} ${Y} ${Z}`]],
        [
          ['p', 'numbered', X],
          ['q', 'paragraph', Y],
          ['r', 'paragraph', Z],
        ],
        align,
      );
      // By text the old paragraph may pair with any of its parts; the others are split from it.
      expect(outline(result.blocks).map((line) => line.replace(/^\w+ [pqr-]→/, ''))).toEqual([
        `p: ${X}[- -]{+¶+}`,
        `q: ${Y}[- -]{+¶+}`,
        `r: ${Z}`,
      ]);
      expect(result.summary).toMatchObject({ modified: 1, inserted: 2, split: 2 });
    },
  );

  it('shows a join whose new paragraph kept the id of its second old one, the first joined onto it', () => {
    const result = diff(
      [before, ['p', 'numbered', X], ['q', 'numbered', Y], after],
      [before, ['q', 'numbered', `${X} ${Y}`], after],
    );
    expect(outline(result.blocks)).toEqual([
      'unchanged a→a: The Council recalls its conclusions.',
      `deleted p→-: ${X}[-¶-]`,
      `modified q→q: {+ +}${Y}`,
      'unchanged z→z: The Council will revert to the matter.',
    ]);
    expect(result.blocks[1]).toMatchObject({ joinedInto: 'q', joinedToCitation: { paragraph: '3' } });
    expect(result.blocks[2]).toMatchObject({ joinOffset: X.length });
  });

  it('keeps the edits in each part of a split as edits, and only those', () => {
    const result = diff(
      [['p', 'numbered', `${X} ${Y}`]],
      [
        ['p', 'numbered', 'The Council warmly welcomes the joint communication.'],
        ['q', 'numbered', 'It calls on the High Representative to report.'],
      ],
    );
    expect(outline(result.blocks)).toEqual([
      'modified p→p: The Council{+ warmly+} welcomes the joint communication.[- -]{+¶+}',
      'inserted -→q: It calls on the[- Commission-]{+ High Representative+} to report.',
    ]);
  });

  it('keeps a footnote with the words it follows into the part split off, unmoved', () => {
    expect(SPLIT_DIFF.footnotes.map((note) => note.change)).toEqual(['unchanged']);
    const second = SPLIT_DIFF.blocks.find((block) => block.new?.id === 'q') as BlockDiff;
    const [call] = listFootnoteCalls(SPLIT_DIFF).get(second) ?? [];
    expect(call).toMatchObject({ status: 'kept', oldOffset: 72 - 46, newOffset: 35 });
  });

  // A call that crossed the cut is cited in the other paragraph now: the archivist looks for it there.
  it.each<[string, number, string, number, string]>([
    [
      'from the end of the first part to the end of the part split off',
      X.length,
      'q',
      Y.length,
      'Now cited in paragraph 2',
    ],
    [
      'from the end of the part split off to the end of the first part',
      X.length + 1 + Y.length,
      'p',
      X.length,
      'Now cited in paragraph 1',
    ],
  ])(
    'says a footnote call moved %s is now cited in that paragraph',
    (_title, oldOffset, newBlock, newOffset, label) => {
      const result = diffDocuments(
        makeDocument(
          [['p', 'numbered', `${X} ${Y}`]],
          [{ id: 'f1', blockId: 'p', offset: oldOffset, text: 'N.' }],
        ),
        makeDocument(
          [
            ['p', 'numbered', X],
            ['q', 'numbered', Y],
          ],
          [{ id: 'f1', blockId: newBlock, offset: newOffset, text: 'N.' }],
        ),
        { align: 'id' },
      );
      const [note] = result.footnotes;
      expect(note).toMatchObject({ change: 'moved' });
      expect(note?.movedWithinBlock).toBeUndefined();
      const citedIn = numberNewBlocks(result).get(newBlock) ?? null;
      expect(describeFootnoteMove(note as FootnoteDiff, citedIn)).toBe(label);
    },
  );

  it('keeps a footnote call at the cut of a split where it was, unmoved', () => {
    const result = diffDocuments(
      makeDocument(
        [['p', 'numbered', `${X} ${Y}`]],
        [{ id: 'f1', blockId: 'p', offset: X.length, text: 'N.' }],
      ),
      makeDocument(
        [
          ['p', 'numbered', X],
          ['q', 'numbered', Y],
        ],
        [{ id: 'f1', blockId: 'p', offset: X.length, text: 'N.' }],
      ),
      { align: 'id' },
    );
    expect(result.footnotes.map((note) => note.change)).toEqual(['unchanged']);
  });

  it.each<[string, BlockSpec[], BlockSpec[]]>([
    [
      'a new paragraph that repeats the last sentence of the one before',
      [['p', 'numbered', `${X} ${Y}`]],
      [
        ['p', 'numbered', `${X} ${Y}`],
        ['q', 'numbered', Y],
      ],
    ],
    [
      'an edited paragraph followed by a new one repeating a sentence of it',
      [['p', 'numbered', `${X} ${Y}`]],
      [
        ['p', 'numbered', `${X} ${Y} ${Z}`],
        ['q', 'numbered', Y],
      ],
    ],
    [
      'a paragraph cut short and a new one opening with its last words but rewritten',
      [['p', 'numbered', `${X} ${Y}`]],
      [
        ['p', 'numbered', X],
        [
          'q',
          'numbered',
          'It firmly demands that every party ceases all hostilities at once and without conditions.',
        ],
      ],
    ],
    [
      'a paragraph deleted after one that gained other words',
      [
        ['p', 'numbered', X],
        ['q', 'numbered', Y],
      ],
      [['p', 'numbered', `${X} Delegations asked for more time.`]],
    ],
  ])('finds no split or join in %s', (_, oldBlocks, newBlocks) => {
    const result = diff(oldBlocks, newBlocks);
    for (const block of result.blocks) {
      expect([block.splitAt, block.splitFrom, block.joinedAt, block.joinedInto]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    }
    expect(result.summary).toMatchObject({ split: 0, joined: 0 });
  });

  it('places a join in the redline right after the paragraph it joined, even when that one moved', () => {
    expect(outline(JOIN_DIFF.blocks).map((line) => line.split(':')[0])).toEqual([
      'unchanged a→a',
      'modified p→p',
      'deleted q→-',
      'unchanged z→z',
    ]);
    const moved = diff(
      [
        ['m', 'numbered', 'A paragraph that will move down.'],
        ['p', 'numbered', X],
        ['q', 'numbered', Y],
        after,
      ],
      [['p', 'numbered', `${X} ${Y}`], after, ['m', 'numbered', 'A paragraph that will move down.']],
    );
    expect(moved.summary.joined).toBe(1);
    const entries = outline(moved.blocks).map((line) => line.split(':')[0]);
    expect(entries.indexOf('deleted q→-')).toBe(entries.findIndex((line) => line?.endsWith('p→p')) + 1);
  });
});

describe('matchParts', () => {
  it('gives each part its share of the whole text, which the parts cover end to end', () => {
    const whole = `${X} ${Y} ${Z}`;
    const found = matchParts(whole, [X, Y, Z], 0, 'split');
    expect(found?.first).toBe(0);
    expect(found?.matches.map((m) => whole.slice(m.from, m.to))).toEqual([`${X} `, `${Y} `, Z]);
  });

  it('keeps only the parts that follow each other at cuts', () => {
    const found = matchParts(`${X} ${Y}`, [X, Y, 'A new paragraph of its own.'], 0, 'split');
    expect(found?.matches).toHaveLength(2);
  });

  it('refuses a whole whose diff against its parts passes the caps', () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    expect(matchParts(`${X} ${long}`, [X, long.split(' ').reverse().join(' ')], 0, 'split')).toBeNull();
  });
});

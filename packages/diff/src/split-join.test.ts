import { parseMarkdown } from '@accord/format';
import { COUNCIL_9916_17_MD } from '@accord/format/testing';
import type { Block, BlockKind, CouncilDocument } from '@accord/model';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { type BlockDiff, diffDocuments, type FootnoteDiff } from './document-diff';
import { renderRedlineDocx } from './redline-docx';
import { JOIN_DIFF, SPLIT_DIFF } from './redline-fixture';
import { listFootnoteCalls } from './redline-footnote-calls';
import { renderRedlineFragment } from './redline-html';
import {
  changedParagraphMark,
  citeNewBlocks,
  describeFootnoteMove,
  describeMove,
  describeSplitOrJoin,
  previousNumber,
  shownNumber,
} from './redline-labels';
import { renderRedlineText } from './redline-text';
import { matchParts } from './split-join';
import { type BlockSpec, makeDocument } from './test-documents';
import { readRedlineDocx, readVersion } from './testing/redline-docx-reading';

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
      for (const align of ['id', 'text'] as const) {
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
          { align },
        );
        const [note] = result.footnotes;
        expect(note, align).toMatchObject({ change: 'moved' });
        expect(note?.movedWithinBlock, align).toBeUndefined();
        const citedIn = citeNewBlocks(result.blocks).get(newBlock) ?? null;
        expect(describeFootnoteMove(note as FootnoteDiff, citedIn), align).toBe(label);
      }
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

  // The bound on a cut's edits, at its edges: at most MAX_CUT_EDIT_WORDS words changed, and then
  // MIN_KEPT_WORDS_BESIDE_CUT kept words on each side of them.
  const opening = 'The Council welcomes the joint communication on cyber diplomacy';
  // Each: the words after the opening in the whole, and the part split off after "<opening>.".
  it.each<[string, 'a cut' | 'no cut', string, string]>([
    [
      'a conjunction dropped (1 word)',
      'a cut',
      ' and calls on the Commission to report.',
      'Calls on the Commission to report.',
    ],
    [
      'a semicolon and a conjunction for a full stop (1)',
      'a cut',
      '; and calls on the Commission to report.',
      'Calls on the Commission to report.',
    ],
    [
      'a comma and "whereas" for a full stop (1)',
      'a cut',
      ', whereas it calls on the Commission to report.',
      'It calls on the Commission to report.',
    ],
    [
      'a conjunction dropped, a pronoun added (2)',
      'a cut',
      ' and calls on the Commission to report.',
      'It calls on the Commission to report.',
    ],
    [
      'a conjunction dropped, the subject repeated (3)',
      'a cut',
      ' and calls on the Commission to report.',
      'The Council calls on the Commission to report.',
    ],
    [
      'a conjunction dropped, a subject and an adverb added (4)',
      'no cut',
      ' and calls on the Commission to report.',
      'The Council also calls on the Commission to report.',
    ],
    [
      'a conjunction replaced (2)',
      'a cut',
      ' and calls on the Commission to report.',
      'Further calls on the Commission to report.',
    ],
    [
      'a pronoun added before four kept words',
      'a cut',
      ' and calls for swift action.',
      'It calls for swift action.',
    ],
    ['a pronoun added before three kept words', 'no cut', ' and calls for action.', 'It calls for action.'],
    [
      'only a capital changed before three kept words',
      'a cut',
      '; it calls for action.',
      'It calls for action.',
    ],
  ])('with %s at the cut, finds %s', (_title, expected, rest, second) => {
    const parts = [`${opening}.`, second];
    // A join is the same cut read the other way.
    for (const direction of ['split', 'join'] as const) {
      const found = matchParts(`${opening}${rest}`, parts, 0, direction);
      expect(found === null ? 'no cut' : 'a cut', direction).toBe(expected);
    }
  });

  it('refuses a whole whose diff against its parts passes the caps', () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    expect(matchParts(`${X} ${long}`, [X, long.split(' ').reverse().join(' ')], 0, 'split')).toBeNull();
  });
});

/** The Council's 9916/17 (tests/fixtures), as REV 1 of a revision made by editing it. */
const COUNCIL = (() => {
  const parsed = parseMarkdown(COUNCIL_9916_17_MD);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
})();

type Edit = (doc: CouncilDocument) => CouncilDocument;

/** Splits a block before `at` (white space before the cut dropped), the calls after it going with their words. */
const splitAt =
  (id: string, at: string, newId: string, kind: BlockKind): Edit =>
  (doc) => {
    const index = doc.blocks.findIndex((block) => block.id === id);
    const block = doc.blocks[index] as Block;
    const cut = block.text.indexOf(at);
    if (cut < 0) throw new Error(`no "${at}" in ${id}`);
    const first = block.text.slice(0, cut).trimEnd();
    const blocks = [...doc.blocks];
    blocks.splice(
      index,
      1,
      { ...block, text: first },
      { id: newId, kind, number: null, text: block.text.slice(cut) },
    );
    const footnotes = doc.footnotes.map((note) =>
      note.blockId === id && note.offset > first.length
        ? { ...note, blockId: newId, offset: note.offset - cut }
        : note,
    );
    return { ...doc, blocks, footnotes };
  };

/** Joins a block onto the one before it, with a space. */
const joinOnto =
  (id: string, next: string): Edit =>
  (doc) => {
    const first = doc.blocks.find((block) => block.id === id) as Block;
    const second = doc.blocks.find((block) => block.id === next) as Block;
    return {
      ...doc,
      blocks: doc.blocks
        .filter((block) => block.id !== next)
        .map((block) => (block.id === id ? { ...block, text: `${first.text} ${second.text}` } : block)),
      footnotes: doc.footnotes.map((note) =>
        note.blockId === next ? { ...note, blockId: id, offset: note.offset + first.text.length + 1 } : note,
      ),
    };
  };

/** Replaces the first occurrence of words in a block, the calls after them going with their words. */
const replace =
  (id: string, from: string, to: string): Edit =>
  (doc) => {
    const block = doc.blocks.find((b) => b.id === id) as Block;
    const at = block.text.indexOf(from);
    if (at < 0) throw new Error(`no "${from}" in ${id}`);
    return {
      ...doc,
      blocks: doc.blocks.map((b) =>
        b.id === id ? { ...b, text: `${b.text.slice(0, at)}${to}${b.text.slice(at + from.length)}` } : b,
      ),
      footnotes: doc.footnotes.map((note) =>
        note.blockId === id && note.offset >= at + from.length
          ? { ...note, offset: note.offset + to.length - from.length }
          : note,
      ),
    };
  };

/** Moves a block to stand after another. */
const moveAfter =
  (id: string, after: string): Edit =>
  (doc) => {
    const moved = doc.blocks.find((block) => block.id === id) as Block;
    const blocks = doc.blocks.filter((block) => block.id !== id);
    blocks.splice(blocks.findIndex((block) => block.id === after) + 1, 0, moved);
    return { ...doc, blocks };
  };

/** Inserts a new block after another. */
const insertAfter =
  (after: string, id: string, kind: BlockKind, text: string): Edit =>
  (doc) => {
    const blocks = [...doc.blocks];
    blocks.splice(blocks.findIndex((block) => block.id === after) + 1, 0, { id, kind, number: null, text });
    return { ...doc, blocks };
  };

/** Deletes a block (one citing no footnote). */
const remove =
  (id: string): Edit =>
  (doc) => ({ ...doc, blocks: doc.blocks.filter((block) => block.id !== id) });

const apply = (doc: CouncilDocument, ...edits: Edit[]) => edits.reduce((text, edit) => edit(text), doc);

/** The words a renderer marked: `<ins>`/`<del>` of the HTML, `{+…+}`/`[-…-]` of the text redline. */
const htmlMarks = (html: string) =>
  [...html.matchAll(/<(ins|del)\b[^>]*>(.*?)<\/\1>/gs)].map(([, tag, text]) => `${tag}:${text}`);
const textMarks = (text: string) =>
  [...text.matchAll(/\{\+(.*?)\+\}|\[-(.*?)-\]/gs)].map(([, ins, del]) =>
    ins !== undefined ? `ins:${ins}` : `del:${del}`,
  );

const SEMICOLON = replace(
  'b13',
  'criminal offence and that effective',
  'criminal offence; effective',
)(COUNCIL);
/** Paragraph 3 of the annex split before "that effective", its "and" dropped: "offence." and "That effective …". */
const B13_SPLIT_AND_DROPPED = [
  splitAt('b13', 'that effective', 'n10', 'paragraph'),
  replace('b13', 'criminal offence and', 'criminal offence.'),
  replace('n10', 'that effective', 'That effective'),
];
/** The second paragraph of annex paragraph 3 split before its second sentence. */
const B14_SPLIT = splitAt('b14', 'The EU and its Member States have', 'n14', 'paragraph')(COUNCIL);

const BRACKETED = replace(
  'b13',
  'and that effective investigation',
  '[and that effective investigation',
)(COUNCIL);

describe("paragraphs split and joined in the Council's 9916/17: every redline marks only the real edits", () => {
  // Each: the old version, the edits, the changed blocks (number, change, label or "was", edits), and the
  // marks the HTML and text redlines carry (the HTML's also the number of a numbered part, inserted or
  // struck).
  it.each<[string, CouncilDocument, Edit[], string[], string[]]>([
    [
      'a numbered paragraph citing a footnote split into it and an unnumbered follow-on',
      COUNCIL,
      [splitAt('b1', 'The latter was', 'n1', 'paragraph')],
      ['1 modified: [- -]{+¶+}', '- inserted Split from cover note, point 1 of REV 1: '],
      ['del: ', 'ins:¶'],
    ],
    [
      'a numbered paragraph split in two numbered ones, those after renumbered',
      COUNCIL,
      [splitAt('b11', 'of varying', 'n2', 'numbered')],
      [
        '2 modified: [- -]{+¶+}',
        '3 inserted Split from Annex, paragraph 2 of REV 1: ',
        '4 unchanged was 3: ',
        '5 unchanged was 4: ',
        '6 unchanged was 5: ',
        '7 unchanged was 6: ',
      ],
      ['del: ', 'ins:¶', 'ins:3.'],
    ],
    [
      'a bullet joined onto the paragraph above',
      COUNCIL,
      [joinOnto('b17', 'b18')],
      ['5 modified: [-¶-]', '- deleted Joined with Annex, paragraph 5 of REV 1: {+ +}'],
      ['del:¶', 'ins: '],
    ],
    [
      'a paragraph split and another moved',
      COUNCIL,
      [splitAt('b2', 'Delegations welcomed', 'n3', 'numbered'), moveAfter('b3', 'b4')],
      [
        '2 modified: [- -]{+¶+}',
        '3 inserted Split from cover note, point 2 of REV 1: ',
        '4 moved Moved from cover note, point 4 of REV 1: ',
        '5 unchanged was 3: ',
        '6 unchanged was 5: ',
      ],
      ['del: ', 'ins:¶', 'ins:3.'],
    ],
    [
      'a paragraph split with a word edited in each part',
      COUNCIL,
      [
        splitAt('b12', 'and should not knowingly', 'n4', 'paragraph'),
        replace('b12', 'malicious', 'hostile'),
        replace('n4', 'knowingly allow', 'knowingly permit'),
      ],
      [
        '- modified: [- malicious-]{+ hostile+}[- -]{+¶+}',
        '- inserted Split from Annex, paragraph 2, second subparagraph of REV 1: [- allow-]{+ permit+}',
      ],
      ['del:malicious', 'ins:hostile', 'del: ', 'ins:¶', 'del:allow', 'ins:permit'],
    ],
    [
      'a paragraph split with a full stop added at the cut',
      COUNCIL,
      [
        splitAt('b13', 'and that effective', 'n6', 'paragraph'),
        replace('b13', 'criminal offence', 'criminal offence.'),
      ],
      ['3 modified: [- -]{+.+}{+¶+}', '- inserted Split from Annex, paragraph 3 of REV 1: '],
      ['del: ', 'ins:.', 'ins:¶'],
    ],
    [
      'a paragraph split where a semicolon became a full stop and the next word took a capital',
      SEMICOLON,
      [
        splitAt('b13', 'effective investigation', 'n7', 'paragraph'),
        replace('b13', 'offence;', 'offence.'),
        replace('n7', 'effective', 'Effective'),
      ],
      [
        '3 modified: [-; -]{+.+}{+¶+}',
        '- inserted Split from Annex, paragraph 3 of REV 1: [-effective-]{+Effective+}',
      ],
      ['del:;', 'ins:.', 'ins:¶', 'del:effective', 'ins:Effective'],
    ],
    [
      'two paragraphs joined, the full stop between them a comma and the capital lowered',
      COUNCIL,
      [
        joinOnto('b1', 'b2'),
        replace('b1', 'examination. Following the tasking', 'examination, following the tasking'),
      ],
      [
        '1 modified: [-.-][-¶-]',
        '2 deleted Joined with cover note, point 1 of REV 1: [-Following-]{+, following+}',
        '2 unchanged was 3: ',
        '3 unchanged was 4: ',
        '4 unchanged was 5: ',
      ],
      ['del:.', 'del:¶', 'del:2.', 'del:Following', 'ins:, following'],
    ],
    [
      'a paragraph split with the part split off put in square brackets',
      COUNCIL,
      [
        splitAt('b13', 'and that effective', 'n8', 'paragraph'),
        replace('n8', 'and that effective', '[and that effective'),
        replace('n8', 'Member States.', 'Member States.]'),
      ],
      ['3 modified: [- -]{+¶+}', '- inserted Split from Annex, paragraph 3 of REV 1: {+[+}{+]+}'],
      ['del: ', 'ins:¶', 'ins:[', 'ins:]'],
    ],
    [
      'a subparagraph citing two footnotes joined onto the numbered paragraph above',
      COUNCIL,
      [joinOnto('b8', 'b9')],
      ['1 modified: [-¶-]', '- deleted Joined with Annex, paragraph 1 of REV 1: {+ +}'],
      ['del:¶', 'ins: '],
    ],
    [
      'a paragraph split at a square bracket',
      BRACKETED,
      [splitAt('b13', '[and that', 'n5', 'paragraph')],
      ['3 modified: [- -]{+¶+}', '- inserted Split from Annex, paragraph 3 of REV 1: '],
      ['del: ', 'ins:¶'],
    ],
    [
      'a paragraph split with the "and" at the cut dropped',
      COUNCIL,
      B13_SPLIT_AND_DROPPED,
      [
        '3 modified: [- and -]{+.+}{+¶+}',
        '- inserted Split from Annex, paragraph 3 of REV 1: [-that-]{+That+}',
      ],
      ['del:and', 'ins:.', 'ins:¶', 'del:that', 'ins:That'],
    ],
    [
      'two paragraphs joined with ", and" added at the cut',
      apply(COUNCIL, ...B13_SPLIT_AND_DROPPED),
      [joinOnto('b13', 'n10'), replace('b13', 'offence. That effective', 'offence, and that effective')],
      ['3 modified: [-.-][-¶-]', '- deleted Joined with Annex, paragraph 3 of REV 1: [-That-]{+, and that+}'],
      ['del:.', 'del:¶', 'del:That', 'ins:, and that'],
    ],
    [
      'a paragraph split with ", but" dropped at the cut and a subject added',
      COUNCIL,
      [
        splitAt('b8', 'but also poses', 'n11', 'paragraph'),
        replace('b8', 'opportunities,', 'opportunities.'),
        replace('n11', 'but also', 'It also'),
      ],
      ['1 modified: [-, but-]{+.+}{+¶+}', '- inserted Split from Annex, paragraph 1 of REV 1: {+It+}'],
      ['del:, but', 'ins:.', 'ins:¶', 'ins:It'],
    ],
    [
      'a paragraph split with "and" dropped at the cut and the subject repeated',
      COUNCIL,
      [
        splitAt('b12', 'emphasises that States', 'n12', 'paragraph'),
        replace('b12', 'international law and', 'international law.'),
        replace('n12', 'emphasises that', 'The EU emphasises that'),
      ],
      [
        '- modified: [- and-]{+.+}{+¶+}',
        '- inserted Split from Annex, paragraph 2, second subparagraph of REV 1: {+The EU+}',
      ],
      ['del:and', 'ins:.', 'ins:¶', 'ins:The EU'],
    ],
    [
      'a paragraph split with "Furthermore," added at the start of the part split off',
      COUNCIL,
      [
        splitAt('b16', 'The EU reminds', 'n13', 'paragraph'),
        replace('n13', 'The EU reminds', 'Furthermore, the EU reminds'),
      ],
      [
        '4 modified: [- -]{+¶+}',
        '- inserted Split from Annex, paragraph 4 of REV 1: [-The-]{+Furthermore, the+}',
      ],
      ['del: ', 'ins:¶', 'del:The', 'ins:Furthermore, the'],
    ],
    [
      'two paragraphs joined with ", while" added at the cut, the second one citing a footnote',
      B14_SPLIT,
      [
        joinOnto('b14', 'n14'),
        replace('b14', 'cyberspace. The EU and its', 'cyberspace, while the EU and its'),
      ],
      [
        '- modified: [-.-][-¶-]',
        '- deleted Joined with Annex, paragraph 3, second subparagraph of REV 1: [-The-]{+, while the+}',
      ],
      ['del:.', 'del:¶', 'del:The', 'ins:, while the'],
    ],
    [
      'a paragraph split right after a footnote call, ", and" dropped at the cut and a subject added',
      COUNCIL,
      [
        splitAt('b14', 'and are encouraged', 'n15', 'paragraph'),
        replace('b14', 'reports,', 'reports.'),
        replace('n15', 'and are encouraged', 'They are encouraged'),
      ],
      [
        '- modified: [-, and-]{+.+}{+¶+}',
        '- inserted Split from Annex, paragraph 3, second subparagraph of REV 1: {+They+}',
      ],
      ['del:, and', 'ins:.', 'ins:¶', 'ins:They'],
    ],
  ])('%s', async (_title, before, edits, changes, marks) => {
    const after = apply(before, ...edits);
    for (const align of ['id', 'text'] as const) {
      const diff = diffDocuments(before, after, { align });
      const changed = diff.blocks.filter((block) => block.change !== 'unchanged' || previousNumber(block));
      expect(
        changed.map((block) => {
          const label = describeSplitOrJoin(block, 'REV 1') ?? describeMove(block, 'REV 1');
          const was = previousNumber(block);
          const runs = block.ops
            .filter((op) => op.op !== 'equal')
            .map((op) => (op.op === 'insert' ? `{+${op.text}+}` : `[-${op.text}-]`))
            .join('');
          const mark = changedParagraphMark(block);
          const shown = mark === 'inserted' ? '{+¶+}' : mark === 'deleted' ? '[-¶-]' : '';
          return `${shownNumber(block) ?? '-'} ${block.change}${label ? ` ${label}` : ''}${was ? ` was ${was}` : ''}: ${runs}${shown}`;
        }),
        align,
      ).toEqual(changes);
      // No footnote changed: each call went with its words.
      expect(diff.footnotes.filter((note) => note.change !== 'unchanged')).toEqual([]);
    }

    const diff = diffDocuments(before, after, { align: 'id' });
    const options = { title: 'REV 2 compared with REV 1', fromLabel: 'REV 1', toLabel: 'REV 2' };
    expect(htmlMarks(renderRedlineFragment(diff, options))).toEqual(marks);
    const text = renderRedlineText(diff, options);
    expect(textMarks(text)).toEqual(marks.filter((mark) => !/^(?:ins|del):\d+\.$/.test(mark)));
    for (const change of changes) {
      const label = /^\S+ \w+ (\D.*?)(?: was \d+)?:/.exec(change)?.[1];
      if (label) expect(text).toContain(`(${label})`);
    }

    // The Word redline, every change accepted, is the new version, and every change rejected the old
    // one: block by block, kinds and numbers included, and the footnote list.
    const bytes = await renderRedlineDocx(diff, { ...options, date: '2017-06-07T10:00:00.000Z' });
    expect(await readRedlineDocx(bytes, diff, 'accept')).toEqual(readVersion(after, diff));
    expect(await readRedlineDocx(bytes, diff, 'reject')).toEqual(readVersion(before, diff));
  });
});

describe("edits at a cut in the Council's 9916/17 that make no split or join", () => {
  // Each passes the cheap tests (its words are among the old text's) and has kept words on both sides
  // of its boundary; it is the bound on the words changed at the cut, or on the kept words beside
  // them, that refuses it.
  const B16_LAST = 'In that regard, the EU stresses that not all measures';
  const B13_TAIL =
    ' and that effective investigation and prosecution of such crimes remains a common endeavour';
  it.each<[string, CouncilDocument, Edit[]]>([
    [
      'a new paragraph repeating the last sentence of the paragraph before, that one edited',
      COUNCIL,
      [
        replace('b16', 'clearly signaling', 'clearly and consistently signaling'),
        insertAfter(
          'b16',
          'n20',
          'paragraph',
          `${B16_LAST} of a joint EU diplomatic response to malicious cyber activities require attribution to a State or a non-State actor.`,
        ),
      ],
    ],
    [
      'a new paragraph repeating a sentence no longer than a cut may add, before the paragraph opening with it',
      replace('b11', 'The EU is concerned', 'The EU agrees. The EU is concerned')(COUNCIL),
      [
        replace('b11', 'increased ability', 'growing ability'),
        insertAfter('b10', 'n21', 'paragraph', 'The EU agrees.'),
      ],
    ],
    [
      'a new paragraph opening with the words the paragraph before lost, then saying something else',
      COUNCIL,
      [
        replace('b13', `${B13_TAIL} for Member States.`, '.'),
        insertAfter(
          'b13',
          'n22',
          'paragraph',
          'That effective cooperation with third countries and prosecution of such crimes remains essential.',
        ),
      ],
    ],
    [
      'a new paragraph opening with a common phrase in place of the last sentence of the paragraph before',
      COUNCIL,
      [
        replace(
          'b16',
          ` ${B16_LAST} of a joint EU diplomatic response to malicious cyber activities require attribution to a State or a non-State actor.`,
          '',
        ),
        insertAfter(
          'b16',
          'n23',
          'paragraph',
          'Furthermore, in that regard, the Council stresses that not all measures require attribution.',
        ),
      ],
    ],
    [
      'a paragraph split with its opening rewritten at the cut, "and" become "Member States agree"',
      COUNCIL,
      [
        splitAt('b13', 'that effective', 'n24', 'paragraph'),
        replace('b13', 'criminal offence and', 'criminal offence.'),
        replace('n24', 'that effective', 'Member States agree that effective'),
      ],
    ],
    [
      'two paragraphs joined with a clause written in at the cut',
      apply(COUNCIL, ...B13_SPLIT_AND_DROPPED),
      [
        joinOnto('b13', 'n10'),
        replace('b13', 'offence. That effective', 'offence, and the EU further stresses that effective'),
      ],
    ],
    [
      'a paragraph deleted and another inserted in its place, opening with the same words',
      COUNCIL,
      [
        replace('b11', ' and impact.', ' and impact of their actions.'),
        remove('b12'),
        insertAfter(
          'b11',
          'n25',
          'paragraph',
          'The EU affirms that malicious cyber activities call for a joint EU diplomatic response.',
        ),
      ],
    ],
  ])('%s', (_title, before, edits) => {
    const after = apply(before, ...edits);
    for (const align of ['id', 'text'] as const) {
      const result = diffDocuments(before, after, { align });
      expect(result.summary, align).toMatchObject({ split: 0, joined: 0 });
      expect(
        result.blocks.filter((block) => changedParagraphMark(block) !== null),
        align,
      ).toEqual([]);
    }
  });
});

describe("footnote calls that crossed the cut of a split in the Council's 9916/17", () => {
  // Paragraph 1 of the cover note split before "The latter", its footnote call moved to the end of the
  // unnumbered follow-on; the note has two numberings (cover note, annex), so a bare "paragraph 1" or
  // "another paragraph" would not tell the archivist where to look.
  const split = splitAt('b1', 'The latter was', 'n1', 'paragraph')(COUNCIL);
  const followOn = split.blocks.find((block) => block.id === 'n1') as Block;
  const after = {
    ...split,
    footnotes: split.footnotes.map((note) =>
      note.id === 'fn1' ? { ...note, blockId: 'n1', offset: followOn.text.length - 1 } : note,
    ),
  };
  const diff = diffDocuments(COUNCIL, after, { align: 'id' });
  const options = { title: 'REV 2 compared with REV 1', fromLabel: 'REV 1', toLabel: 'REV 2' };
  const label = 'Now cited in cover note, point 1, second subparagraph';

  it('says in every redline where it is now cited, as the room cites that paragraph', async () => {
    expect(diff.footnotes.filter((note) => note.change !== 'unchanged')).toMatchObject([
      { change: 'moved', old: { id: 'fn1', blockId: 'b1' }, new: { blockId: 'n1' } },
    ]);
    expect(renderRedlineText(diff, options)).toContain(`(${label}) WK 2569/2017 INIT.`);
    expect(renderRedlineFragment(diff, options)).toContain(`<span class="label moved-label">${label}</span>`);
    const bytes = await renderRedlineDocx(diff, { ...options, date: '2017-06-07T10:00:00.000Z' });
    // Word carries the label as a comment on the footnote.
    const comments = await (await JSZip.loadAsync(bytes)).file('word/comments.xml')?.async('string');
    expect(comments).toContain(label);
  });
});

import { diffDocuments } from './document-diff';
import { type BlockSpec, makeDocument } from './test-documents';

/**
 * REV 1 → REV 2 of a short text with one of every change: a replaced word, an inserted and a deleted
 * paragraph (so the rest renumber), a moved bullet, a paragraph turned into a bullet, markup typed into
 * the text, an edited footnote and a new document number.
 */
export const REV_1 = makeDocument(
  [
    ['h', 'heading', 'DRAFT COUNCIL CONCLUSIONS'],
    ['a', 'numbered', 'The Council notes the joint paper.'],
    ['b', 'numbered', 'Delegations asked for more time.'],
    ['b1', 'bullet', 'diplomatic measures'],
    ['b2', 'bullet', 'restrictive measures'],
    ['b3', 'bullet', 'support to Member States'],
    ['c', 'numbered', 'The EU recalls its strategy.'],
    ['d', 'paragraph', 'It stresses <b>cooperation</b>.'],
  ],
  [{ id: 'f1', blockId: 'a', offset: 11, text: 'DE, NL: scrutiny reservation.' }],
  { number: '7923/1/17 REV 1' },
);

export const REV_2 = makeDocument(
  [
    ['h', 'heading', 'DRAFT COUNCIL CONCLUSIONS'],
    ['a', 'numbered', 'The Council welcomes the joint paper.'],
    ['b2', 'bullet', 'restrictive measures'],
    ['b3', 'bullet', 'support to Member States'],
    ['b1', 'bullet', 'diplomatic measures'],
    ['c', 'numbered', 'The EU recalls its strategy and policy.'],
    ['x', 'numbered', 'A new paragraph with <script>alert(1)</script> in it.'],
    ['d', 'bullet', 'It stresses <b>cooperation</b>.'],
  ],
  [{ id: 'f1', blockId: 'a', offset: 11, text: 'DE, NL, FR: scrutiny reservation.' }],
  { number: '7923/2/17 REV 2' },
);

export const REDLINE_DIFF = diffDocuments(REV_1, REV_2);

export const REDLINE_OPTIONS = {
  title: '7923/2/17 REV 2 <compared>',
  fromLabel: '7923/1/17 REV 1',
  toLabel: '7923/2/17 REV 2',
};

/**
 * Footnote calls of every kind in two paragraphs: f1 kept (its text edited), f2 removed, f3 moved
 * within paragraph 1, f5 moved from paragraph 1 to 2, f4 added. Numbers in REV 2: f1 1, f3 2, f5 3, f4 4.
 */
export const FOOTNOTE_CALLS_VERSIONS = [
  makeDocument(
    [
      ['a', 'numbered', 'Alpha beta gamma delta.'],
      ['b', 'numbered', 'Epsilon zeta.'],
    ],
    [
      { id: 'f1', blockId: 'a', offset: 5, text: 'One.' },
      { id: 'f2', blockId: 'a', offset: 10, text: 'Two.' },
      { id: 'f3', blockId: 'a', offset: 16, text: 'Three.' },
      { id: 'f5', blockId: 'a', offset: 23, text: 'Five.' },
    ],
  ),
  makeDocument(
    [
      ['a', 'numbered', 'Alpha beta gamma delta.'],
      ['b', 'numbered', 'Epsilon zeta.'],
    ],
    [
      { id: 'f1', blockId: 'a', offset: 5, text: 'One, amended.' },
      { id: 'f3', blockId: 'a', offset: 23, text: 'Three.' },
      { id: 'f5', blockId: 'b', offset: 7, text: 'Five.' },
      { id: 'f4', blockId: 'b', offset: 13, text: 'Four.' },
    ],
  ),
] as const;
export const FOOTNOTE_CALLS_DIFF = diffDocuments(...FOOTNOTE_CALLS_VERSIONS);

/** A footnote added before the two others, which are only renumbered: 1 and 2 become 2 and 3. */
export const FOOTNOTE_ADDED_BEFORE_VERSIONS = (() => {
  const blocks: BlockSpec[] = [
    ['a', 'numbered', 'Alpha beta.'],
    ['b', 'numbered', 'Epsilon zeta.'],
  ];
  const notes = [
    { id: 'f1', blockId: 'a', offset: 5, text: 'One.' },
    { id: 'f2', blockId: 'b', offset: 7, text: 'Two.' },
  ];
  return [
    makeDocument(blocks, notes),
    makeDocument(blocks, [{ id: 'f0', blockId: 'a', offset: 0, text: 'Zero.' }, ...notes]),
  ] as const;
})();
export const FOOTNOTE_ADDED_BEFORE_DIFF = diffDocuments(...FOOTNOTE_ADDED_BEFORE_VERSIONS);

/**
 * Paragraph 2 of REV 1 split in two in REV 2, a word edited in each part ("warmly", "High
 * Representative"), the second part a numbered paragraph of its own, its footnote going with it.
 */
export const SPLIT_VERSIONS = [
  makeDocument(
    [
      ['a', 'numbered', 'The Council recalls its conclusions.'],
      [
        'p',
        'numbered',
        'The Council welcomes the joint communication. It calls on the Commission to report.',
      ],
      ['z', 'numbered', 'The Council will revert to the matter.'],
    ],
    [{ id: 'f1', blockId: 'p', offset: 72, text: 'By June.' }],
    { number: '7923/1/17 REV 1' },
  ),
  makeDocument(
    [
      ['a', 'numbered', 'The Council recalls its conclusions.'],
      ['p', 'numbered', 'The Council warmly welcomes the joint communication.'],
      ['q', 'numbered', 'It calls on the High Representative to report.'],
      ['z', 'numbered', 'The Council will revert to the matter.'],
    ],
    [{ id: 'f1', blockId: 'q', offset: 35, text: 'By June.' }],
    { number: '7923/2/17 REV 2' },
  ),
] as const;
export const SPLIT_DIFF = diffDocuments(...SPLIT_VERSIONS);

/** Paragraphs 2 and 3 of REV 1 joined into paragraph 2 of REV 2. */
export const JOIN_VERSIONS = [
  makeDocument(
    [
      ['a', 'numbered', 'The Council recalls its conclusions.'],
      ['p', 'numbered', 'The Council welcomes the joint communication.'],
      ['q', 'numbered', 'It calls on the Commission to report.'],
      ['z', 'numbered', 'The Council will revert to the matter.'],
    ],
    [],
    { number: '7923/1/17 REV 1' },
  ),
  makeDocument(
    [
      ['a', 'numbered', 'The Council recalls its conclusions.'],
      [
        'p',
        'numbered',
        'The Council welcomes the joint communication. It calls on the Commission to report.',
      ],
      ['z', 'numbered', 'The Council will revert to the matter.'],
    ],
    [],
    { number: '7923/2/17 REV 2' },
  ),
] as const;
export const JOIN_DIFF = diffDocuments(...JOIN_VERSIONS);

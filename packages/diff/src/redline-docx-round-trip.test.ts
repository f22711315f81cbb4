import type { CouncilDocument } from '@accord/model';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from './document-diff';
import { renderRedlineDocx } from './redline-docx';
import {
  FOOTNOTE_CALLS_VERSIONS,
  JOIN_VERSIONS,
  REDLINE_OPTIONS,
  REV_1,
  REV_2,
  SPLIT_VERSIONS,
} from './redline-fixture';
import { makeDocument } from './test-documents';
import { readRedlineDocx, readVersion } from './testing/redline-docx-reading';

const DATE = '2017-06-07T10:00:00.000Z';

// Each: what changed, the old version, the new one.
const CHANGES: [string, CouncilDocument, CouncilDocument][] = [
  [
    'words replaced, paragraphs inserted and deleted, a bullet moved, a paragraph turned bullet, the rest renumbered, a footnote and the number edited',
    REV_1,
    REV_2,
  ],
  ['footnotes added, removed, moved within a paragraph and to another one', ...FOOTNOTE_CALLS_VERSIONS],
  ['a paragraph split in two, a word edited in each part', ...SPLIT_VERSIONS],
  ['two paragraphs joined', ...JOIN_VERSIONS],
  [
    'a heading edited, a paragraph turned heading and a numbered paragraph turned unnumbered',
    makeDocument([
      ['h', 'heading', 'DRAFT CONCLUSIONS'],
      ['a', 'numbered', 'The Council adopts.'],
      ['t', 'paragraph', 'Annex'],
      ['b', 'numbered', 'It recalls.'],
      ['c', 'numbered', 'It stresses.'],
    ]),
    makeDocument([
      ['h', 'heading', 'DRAFT COUNCIL CONCLUSIONS'],
      ['a', 'numbered', 'The Council adopts.'],
      ['t', 'heading', 'Annex'],
      ['b', 'paragraph', 'It recalls.'],
      ['c', 'numbered', 'It stresses.'],
    ]),
  ],
  [
    'a numbered paragraph moved to the end, those it passed renumbered',
    makeDocument([
      ['a', 'numbered', 'The Council adopts the conclusions.'],
      ['b', 'numbered', 'It recalls its strategy.'],
      ['c', 'numbered', 'It stresses cooperation.'],
      ['d', 'numbered', 'It will revert to the matter.'],
    ]),
    makeDocument([
      ['b', 'numbered', 'It recalls its strategy.'],
      ['c', 'numbered', 'It stresses cooperation.'],
      ['d', 'numbered', 'It will revert to the matter.'],
      ['a', 'numbered', 'The Council adopts the conclusions, as amended.'],
    ]),
  ],
  [
    'a paragraph deleted with the footnote it cited, one inserted citing a new one, the rest renumbered',
    makeDocument(
      [
        ['a', 'numbered', 'The Council adopts.'],
        ['b', 'numbered', 'It recalls.'],
        ['c', 'numbered', 'It stresses.'],
      ],
      [
        { id: 'f1', blockId: 'a', offset: 19, text: 'One.' },
        { id: 'f2', blockId: 'c', offset: 12, text: 'Two.' },
      ],
    ),
    makeDocument(
      [
        ['b', 'numbered', 'It recalls.'],
        ['x', 'bullet', 'a new indent'],
        ['c', 'numbered', 'It stresses.'],
      ],
      [
        { id: 'f3', blockId: 'x', offset: 12, text: 'New.' },
        { id: 'f2', blockId: 'c', offset: 12, text: 'Two.' },
      ],
    ),
  ],
  [
    'a paragraph moved and edited, the footnote it cites renumbered as the one before it went',
    makeDocument(
      [
        ['a', 'numbered', 'The Council adopts.'],
        ['b', 'numbered', 'It recalls its strategy.'],
        ['c', 'numbered', 'It stresses close cooperation.'],
        ['d', 'numbered', 'It will revert.'],
        ['e', 'numbered', 'It invites the Commission.'],
      ],
      [
        { id: 'f0', blockId: 'a', offset: 19, text: 'Zero.' },
        { id: 'f1', blockId: 'c', offset: 30, text: 'One.' },
      ],
    ),
    makeDocument(
      [
        ['a', 'numbered', 'The Council adopts.'],
        ['b', 'numbered', 'It recalls its strategy.'],
        ['d', 'numbered', 'It will revert.'],
        ['e', 'numbered', 'It invites the Commission.'],
        ['c', 'numbered', 'It firmly stresses cooperation.'],
      ],
      [{ id: 'f1', blockId: 'c', offset: 31, text: 'One.' }],
    ),
  ],
  [
    'footnotes renumbered out of their old order, one removed between them',
    makeDocument(
      [
        ['a', 'numbered', 'Alpha.'],
        ['b', 'numbered', 'Beta.'],
        ['c', 'numbered', 'Gamma.'],
      ],
      [
        { id: 'f1', blockId: 'a', offset: 6, text: 'One.' },
        { id: 'f2', blockId: 'b', offset: 5, text: 'Two.' },
        { id: 'f3', blockId: 'c', offset: 6, text: 'Three.' },
      ],
    ),
    makeDocument(
      [
        ['a', 'numbered', 'Alpha.'],
        ['b', 'numbered', 'Beta.'],
        ['c', 'numbered', 'Gamma.'],
      ],
      [
        { id: 'f3', blockId: 'a', offset: 6, text: 'Three.' },
        { id: 'f1', blockId: 'c', offset: 6, text: 'One.' },
      ],
    ),
  ],
  [
    'two footnotes cited at one place, the second removed',
    makeDocument(
      [['a', 'numbered', 'The Council adopts.']],
      [
        { id: 'f1', blockId: 'a', offset: 19, text: 'DE: scrutiny reservation.' },
        { id: 'f2', blockId: 'a', offset: 19, text: 'NL: parliamentary reservation.' },
      ],
    ),
    makeDocument(
      [['a', 'numbered', 'The Council adopts.']],
      [{ id: 'f1', blockId: 'a', offset: 19, text: 'DE: scrutiny reservation.' }],
    ),
  ],
  [
    'the last paragraph, a bullet, moved to the top',
    makeDocument([
      ['a', 'numbered', 'The Council adopts.'],
      ['b', 'bullet', 'restrictive measures'],
    ]),
    makeDocument([
      ['b', 'bullet', 'restrictive measures'],
      ['a', 'numbered', 'The Council adopts.'],
    ]),
  ],
  [
    'a paragraph moved to stand before one that is split',
    makeDocument([
      ['a', 'numbered', 'The Council adopts. It recalls its strategy.'],
      ['b', 'numbered', 'It will revert.'],
    ]),
    makeDocument([
      ['b', 'numbered', 'It will revert.'],
      ['a', 'numbered', 'The Council adopts.'],
      ['n', 'numbered', 'It recalls its strategy.'],
    ]),
  ],
  [
    'a paragraph moved to the top and split there, and two joined',
    makeDocument(
      [
        ['a', 'numbered', 'The Council adopts.'],
        ['b', 'numbered', 'It recalls its strategy.'],
        ['c', 'paragraph', 'It stresses cooperation. It invites the Commission.'],
        ['d', 'numbered', 'It will revert.'],
        ['e', 'bullet', 'to the matter'],
      ],
      [{ id: 'f1', blockId: 'c', offset: 51, text: 'COM(2017) 1.' }],
    ),
    makeDocument(
      [
        ['c', 'paragraph', 'It stresses cooperation.'],
        ['n', 'numbered', 'It invites the Commission.'],
        ['a', 'numbered', 'The Council adopts.'],
        ['b', 'numbered', 'It recalls its strategy.'],
        ['d', 'numbered', 'It will revert to the matter'],
      ],
      [{ id: 'f1', blockId: 'n', offset: 26, text: 'COM(2017) 1.' }],
    ),
  ],
  [
    'a paragraph reworded throughout, the second of the two footnotes it cites at its end removed',
    makeDocument(
      [['a', 'numbered', 'The Council notes the paper.']],
      [
        { id: 'f1', blockId: 'a', offset: 28, text: 'DE: scrutiny reservation.' },
        { id: 'f2', blockId: 'a', offset: 28, text: 'NL: parliamentary reservation.' },
      ],
    ),
    makeDocument(
      [['a', 'numbered', 'Delegations welcome a new text.']],
      [{ id: 'f1', blockId: 'a', offset: 31, text: 'DE: scrutiny reservation.' }],
    ),
  ],
  [
    'the header: number, subject (on two lines) and previous documents changed, the date added',
    makeDocument([['a', 'numbered', 'The Council adopts.']], [], {
      number: '9916/17',
      subject: 'Cyber Diplomacy Toolbox\n- Adoption',
      previous: ['7923/2/17 REV 2'],
    }),
    makeDocument([['a', 'numbered', 'The Council adopts.']], [], {
      number: '9916/1/17 REV 1',
      date: '8 June 2017',
      subject: 'Cyber Diplomacy Toolbox\n- Approval',
      previous: ['7923/2/17 REV 2', '9916/17'],
    }),
  ],
];

describe('the Word redline in Word', () => {
  it.each(CHANGES)(
    'reads back as the new version, each block of its kind, once every change is accepted, and as the old one once every change is rejected: %s',
    async (_what, before, after) => {
      const diff = diffDocuments(before, after);
      const bytes = await renderRedlineDocx(diff, { ...REDLINE_OPTIONS, date: DATE });
      expect(await readRedlineDocx(bytes, diff, 'accept')).toEqual(readVersion(after, diff));
      expect(await readRedlineDocx(bytes, diff, 'reject')).toEqual(readVersion(before, diff));
      // Uploaded or imported as it is, the parser (mammoth) takes the changes as accepted.
      expect(await readRedlineDocx(bytes, diff, 'mammoth')).toEqual(readVersion(after, diff));
    },
  );
});

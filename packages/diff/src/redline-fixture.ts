import { diffDocuments } from './document-diff';
import { makeDocument } from './test-documents';

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
  [{ id: 'f1', blockId: 'a', offset: 9, text: 'DE, NL: scrutiny reservation.' }],
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
  [{ id: 'f1', blockId: 'a', offset: 9, text: 'DE, NL, FR: scrutiny reservation.' }],
  { number: '7923/2/17 REV 2' },
);

export const REDLINE_DIFF = diffDocuments(REV_1, REV_2);

export const REDLINE_OPTIONS = {
  title: '7923/2/17 REV 2 <compared>',
  fromLabel: '7923/1/17 REV 1',
  toLabel: '7923/2/17 REV 2',
};

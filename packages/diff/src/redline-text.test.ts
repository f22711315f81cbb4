import { describe, expect, it } from 'vitest';
import { diffDocuments } from './document-diff';
import {
  FOOTNOTE_ADDED_BEFORE_DIFF,
  FOOTNOTE_CALLS_DIFF,
  JOIN_DIFF,
  REDLINE_DIFF,
  REDLINE_OPTIONS,
  SPLIT_DIFF,
} from './redline-fixture';
import { renderRedlineText } from './redline-text';
import { makeDocument } from './test-documents';

describe('renderRedlineText', () => {
  it('writes one line per block, marked by what happened to it, with wdiff-style runs', () => {
    expect(renderRedlineText(REDLINE_DIFF, REDLINE_OPTIONS)).toBe(
      [
        'Changes from 7923/1/17 REV 1 to 7923/2/17 REV 2: 3 modified, 1 inserted, 1 deleted, 1 moved, 1 footnote changed, 1 header field changed',
        '',
        'Header:',
        '~ Document number: [-7923/1/17 REV 1-] {+7923/2/17 REV 2+}',
        '',
        '      DRAFT COUNCIL CONCLUSIONS',
        '~ 1.  The Council¹ [-notes-] {+welcomes+} the joint paper.',
        '- 2.  [-Delegations asked for more time.-]',
        '<     (Moved to paragraph 1, third indent)',
        '  –   restrictive measures',
        '  –   support to Member States',
        '> –   (Moved from paragraph 2, first indent of 7923/1/17 REV 1) diplomatic measures',
        '~ 2.  (was 3) The EU recalls its strategy {+and policy+}.',
        '+ 3.  {+A new paragraph with <script>alert(1)</script> in it.+}',
        '~ –   (Was an unnumbered paragraph) It stresses <b>cooperation</b>.',
        '',
        'Footnotes:',
        '~ 1)  DE, NL{+, FR+}: scrutiny reservation.',
        '',
      ].join('\n'),
    );
  });

  it('keeps the marker where a moved block stood when only the changes are shown', () => {
    const lines = renderRedlineText(REDLINE_DIFF, { changedOnly: true }).split('\n');
    expect(lines.filter((line) => line.startsWith('<') || line.startsWith('>'))).toEqual([
      '<     (Moved to paragraph 1, third indent)',
      '> –   (Moved from paragraph 2, first indent of the old version) diplomatic measures',
    ]);
  });

  it('says when the comparison goes back to an earlier version', () => {
    const [first] = renderRedlineText(REDLINE_DIFF, {
      fromLabel: '7923/2/17 REV 2',
      toLabel: '7923/1/17 REV 1',
      backwards: true,
    }).split('\n');
    expect(first).toMatch(/^Changes from 7923\/2\/17 REV 2 back to 7923\/1\/17 REV 1: 3 modified/);
  });

  it('leaves out unchanged blocks when asked for the changes only', () => {
    const lines = renderRedlineText(REDLINE_DIFF, { changedOnly: true }).split('\n');
    expect(lines.filter((line) => line.startsWith('  '))).toEqual([]);
    expect(lines[0]).toBe(
      'Changes: 3 modified, 1 inserted, 1 deleted, 1 moved, 1 footnote changed, 1 header field changed',
    );
  });

  it('shows an empty paragraph inserted as its paragraph mark, not as nothing', () => {
    const before = makeDocument([['a', 'numbered', 'The Council adopts.']]);
    const after = makeDocument([
      ['a', 'numbered', 'The Council adopts.'],
      ['c', 'paragraph', ''],
    ]);
    const lines = renderRedlineText(diffDocuments(before, after), { changedOnly: true }).split('\n');
    expect(lines).toContain('+     {+¶+}');
  });

  it('says where a footnote whose call moved now stands', () => {
    const text = 'The Council notes the paper and the annex.';
    const note = { id: 'f1', text: '12109/13.' };
    const moved = diffDocuments(
      makeDocument(
        [
          ['a', 'numbered', text],
          ['b', 'numbered', text],
        ],
        [
          { ...note, blockId: 'a', offset: 17 },
          { id: 'f2', blockId: 'a', offset: 41, text: 'WK 1.' },
        ],
      ),
      makeDocument(
        [
          ['a', 'numbered', text],
          ['b', 'numbered', text],
        ],
        [
          { ...note, blockId: 'a', offset: 41 },
          { id: 'f2', blockId: 'b', offset: 41, text: 'WK 1.' },
        ],
      ),
    );
    const lines = renderRedlineText(moved).split('\n');
    expect(lines.slice(lines.indexOf('Footnotes:') + 1, -1)).toEqual([
      '> 1)  (Moved within paragraph 1) 12109/13.',
      '> 2)  (Now cited in paragraph 2) WK 1.',
    ]);
  });

  it('shows footnote calls where they stand: kept, added and removed ones, a moved one at both places', () => {
    const lines = renderRedlineText(FOOTNOTE_CALLS_DIFF).split('\n');
    expect(lines.slice(2, 4)).toEqual([
      '  1.  Alpha¹ beta[-²-] gamma[-²-] delta.[-³-]{+²+}',
      '  2.  Epsilon{+³+} zeta.{+⁴+}',
    ]);
  });

  it('colours insertions and deletions for a terminal only when asked', () => {
    expect(renderRedlineText(REDLINE_DIFF)).not.toContain('\u001b[');
    expect(renderRedlineText(REDLINE_DIFF, { color: true })).toContain('\u001b[1;4;32m{+welcomes+}\u001b[0m');
  });
});

describe('renderRedlineText: a paragraph split or joined', () => {
  const blockLines = (text: string) => text.split('\n').filter((line) => /^[~+\- >] \d+\./.test(line));

  it('ends the first part with {+¶+} and keeps the words split off plain', () => {
    const text = renderRedlineText(SPLIT_DIFF, { fromLabel: '7923/1/17 REV 1', toLabel: 'REV 2' });
    expect(text).toMatch(
      /^Changes from 7923\/1\/17 REV 1 to REV 2: 1 modified, 1 split, 1 header field changed\n/,
    );
    expect(blockLines(text)).toEqual([
      '  1.  The Council recalls its conclusions.',
      '~ 2.  The Council {+warmly+} welcomes the joint communication.[- -]{+¶+}',
      '+ 3.  (Split from paragraph 2 of 7923/1/17 REV 1) It calls on the [-Commission-] {+High Representative+}¹ to report.',
      '  4.  (was 3) The Council will revert to the matter.',
    ]);
  });

  it('ends the first paragraph of a join with [-¶-]', () => {
    const text = renderRedlineText(JOIN_DIFF, { fromLabel: '7923/1/17 REV 1' });
    expect(blockLines(text).slice(1, 3)).toEqual([
      '~ 2.  The Council welcomes the joint communication.[-¶-]',
      '- 3.  (Joined with paragraph 2 of 7923/1/17 REV 1) {+ +}It calls on the Commission to report.',
    ]);
  });

  it('marks no change on a footnote only renumbered, by one added before it', () => {
    expect(renderRedlineText(FOOTNOTE_ADDED_BEFORE_DIFF).split('\n')).toEqual(
      expect.arrayContaining(['  1.  {+¹+}Alpha² beta.', '  2.  Epsilon³ zeta.', '  2)  One.', '  3)  Two.']),
    );
  });
});

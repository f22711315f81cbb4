import { describe, expect, it } from 'vitest';
import { computeConsensus } from './consensus';
import { MEMBER_STATE_CODES } from './delegations';
import type { Block, Footnote } from './document';
import { type CurrentPositions, recordPosition } from './position';
import { readStatementText, statementBlocks, statementText } from './statement-text';
import { hashBlockText } from './text-hash';

const AT = '2017-06-07T10:00:00.000Z';
const blocks: Block[] = [
  { id: 'b1', kind: 'numbered', number: '1', text: 'The Council recalls its conclusions.' },
  { id: 'b2', kind: 'numbered', number: '2', text: 'It welcomes the report.' },
];
const footnote = (text: string, offset = 35): Footnote => ({
  id: 'f1',
  number: 1,
  blockId: 'b1',
  offset,
  text,
});

/** Every Member State agrees to `b1` as it reads with `footnotes`. */
function agreedOn(footnotes: readonly Footnote[]): CurrentPositions {
  const [pinned] = statementBlocks(blocks, footnotes);
  const given = new Map();
  for (const delegation of MEMBER_STATE_CODES) {
    const record = recordPosition({
      blockId: 'b1',
      delegation,
      position: 'agree',
      text: pinned?.text as string,
      revision: 0,
      at: AT,
      userId: `u-${delegation}`,
    });
    if (!record.ok) throw new Error(record.error.message);
    given.set(delegation, record.value);
  }
  return new Map([['b1', given]]);
}

function statusOfFirst(footnotes: readonly Footnote[], positions: CurrentPositions) {
  const report = computeConsensus({
    blocks: statementBlocks(blocks, footnotes),
    footnotes,
    positions,
    now: AT,
  });
  return report.blocks[0];
}

describe('statementText', () => {
  it('is the text alone for a block that cites no footnote, so positions pinned before footnotes counted hold', () => {
    expect(statementText('The Council recalls.', [])).toBe('The Council recalls.');
    const [pinned, plain] = statementBlocks(blocks, [footnote('Doc. 9916/17.')]);
    expect(plain?.textHash).toBe(hashBlockText('It welcomes the report.'));
    expect(pinned?.textHash).not.toBe(hashBlockText('The Council recalls its conclusions.'));
  });

  it('differs when a footnote cites another document, or its mark moves, and not when it is renumbered', () => {
    const base = statementText('The Council recalls its conclusions.', [
      { offset: 35, text: 'Doc. 9916/17.' },
    ]);
    expect(
      statementText('The Council recalls its conclusions.', [{ offset: 35, text: 'Doc. 9916/1/17 REV 1.' }]),
    ).not.toBe(base);
    expect(
      statementText('The Council recalls its conclusions.', [{ offset: 19, text: 'Doc. 9916/17.' }]),
    ).not.toBe(base);
    const moved: Footnote = { ...footnote('Doc. 9916/17.'), id: 'other', number: 4 };
    const renumbered = statementBlocks(blocks, [moved]);
    expect(renumbered[0]?.text).toBe(base);
  });

  it('is read back into the words and the footnotes it joined', () => {
    const cited = [
      { offset: 3, text: 'Doc. 9916/17.' },
      { offset: 20, text: 'OJ C 1, 4.1.2017, p. 1.' },
    ];
    expect(readStatementText(statementText('The Council recalls.', cited))).toEqual({
      text: 'The Council recalls.',
      footnotes: cited,
    });
    expect(readStatementText('No footnote.')).toEqual({ text: 'No footnote.', footnotes: [] });
  });

  it('orders a block’s footnotes by their marks, whatever order the document lists them in', () => {
    const first: Footnote = { id: 'a', number: 1, blockId: 'b1', offset: 3, text: 'One.' };
    const second: Footnote = { id: 'b', number: 2, blockId: 'b1', offset: 20, text: 'Two.' };
    expect(statementBlocks(blocks, [second, first])[0]?.text).toBe(
      statementBlocks(blocks, [first, second])[0]?.text,
    );
  });
});

describe('consensus on a paragraph with a footnote', () => {
  it('agrees the paragraph while its footnote reads as it did, and counts the agreement stale once it cites another document', () => {
    const positions = agreedOn([footnote('Doc. 9916/17.')]);
    expect(statusOfFirst([footnote('Doc. 9916/17.')], positions)).toMatchObject({ status: 'agreed' });
    const changed = statusOfFirst([footnote('Doc. 9916/1/17 REV 1.')], positions);
    expect(changed?.status).toBe('open');
    expect(changed?.missing).toHaveLength(27);
  });

  it('keeps the paragraph open while its footnote holds a square bracket, even with every Member State agreeing', () => {
    const footnotes = [footnote('[Doc. 9916/17.]')];
    const block = statusOfFirst(footnotes, agreedOn(footnotes));
    expect(block).toMatchObject({ status: 'open', brackets: 1 });
  });

  it('does not let a footnote’s closing bracket close one the paragraph left open', () => {
    const open: Block[] = [{ ...(blocks[0] as Block), text: 'The Council [recalls its conclusions.' }];
    expect(statementBlocks(open, [footnote('Doc.] 9916/17.')])[0]?.brackets).toBe(2);
  });
});

import { diffArrays } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSequences, EDIT } from './myers';
import { tokenizeText } from './tokens';
import { type DiffOp, diffText, MAX_DIFF_TOKENS_PER_BLOCK, MAX_EDIT_TOKENS_PER_BLOCK } from './word-diff';

const textOf = (ops: readonly DiffOp[], side: 'old' | 'new') =>
  ops
    .filter((op) => op.op === 'equal' || op.op === (side === 'old' ? 'delete' : 'insert'))
    .map((op) => op.text)
    .join('');

describe('tokenizeText', () => {
  it.each([
    ['strategy and policy.', ['strategy', ' and', ' policy', '.']],
    ["the 'toolbox' (cyber)", ['the', " '", 'toolbox', "'", ' (', 'cyber', ')']],
    ['Ελλάδα και Βουλγαρία', ['Ελλάδα', ' και', ' Βουλγαρία']],
    ['ends with spaces  ', ['ends', ' with', ' spaces', '  ']],
    ['a \nb', ['a', ' \n', 'b']],
    ['', []],
  ])('splits %j into words that carry the space before them', (text, tokens) => {
    expect(tokenizeText(text)).toEqual(tokens);
  });

  it('gives back the text when the tokens are joined', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => tokenizeText(text).join('') === text));
  });
});

describe('diffText', () => {
  it.each<[string, string, string, DiffOp[]]>([
    [
      'keeps an unchanged text as one equal run',
      'The EU recalls.',
      'The EU recalls.',
      [{ op: 'equal', text: 'The EU recalls.' }],
    ],
    [
      'inserts words added before a full stop',
      'The EU recalls its strategy.',
      'The EU recalls its strategy and policy.',
      [
        { op: 'equal', text: 'The EU recalls its strategy' },
        { op: 'insert', text: ' and policy' },
        { op: 'equal', text: '.' },
      ],
    ],
    [
      'inserts words added before the first word, keeping that word',
      'In view of this, the Presidency prepared draft conclusions.',
      'Accordingly, In view of this, the Presidency prepared draft conclusions.',
      [
        { op: 'insert', text: 'Accordingly, ' },
        { op: 'equal', text: 'In view of this, the Presidency prepared draft conclusions.' },
      ],
    ],
    [
      'deletes words removed before a word that then starts the text',
      'Accordingly, the Council notes the paper.',
      'The Council notes the paper.',
      [
        { op: 'delete', text: 'Accordingly, the' },
        { op: 'insert', text: 'The' },
        { op: 'equal', text: ' Council notes the paper.' },
      ],
    ],
    [
      'shows a replaced word as a deletion followed by an insertion',
      'The Council notes the paper.',
      'The Council welcomes the paper.',
      [
        { op: 'equal', text: 'The Council' },
        { op: 'delete', text: ' notes' },
        { op: 'insert', text: ' welcomes' },
        { op: 'equal', text: ' the paper.' },
      ],
    ],
    [
      'deletes the dropped bracketed option and the brackets around the kept one, keeping its word',
      'Member States [shall] [should] act.',
      'Member States should act.',
      [
        { op: 'equal', text: 'Member States ' },
        { op: 'delete', text: '[shall] [' },
        { op: 'equal', text: 'should' },
        { op: 'delete', text: ']' },
        { op: 'equal', text: ' act.' },
      ],
    ],
    [
      'deletes only the brackets of text no longer bracketed, not the space before them',
      'to give full effect to the framework [by the end of the year].',
      'to give full effect to the framework by the end of the year.',
      [
        { op: 'equal', text: 'to give full effect to the framework ' },
        { op: 'delete', text: '[' },
        { op: 'equal', text: 'by the end of the year' },
        { op: 'delete', text: ']' },
        { op: 'equal', text: '.' },
      ],
    ],
    [
      'inserts only the opening bracket of text newly bracketed',
      'Delegations [take into account] the broader context.',
      'Delegations [take into account] the [broader] context.',
      [
        { op: 'equal', text: 'Delegations [take into account] the ' },
        { op: 'insert', text: '[' },
        { op: 'equal', text: 'broader' },
        { op: 'insert', text: ']' },
        { op: 'equal', text: ' context.' },
      ],
    ],
    [
      'diffs Greek by word, not by letter',
      'Η Ελλάδα συμφωνεί.',
      'Η Ελλάδα διαφωνεί.',
      [
        { op: 'equal', text: 'Η Ελλάδα' },
        { op: 'delete', text: ' συμφωνεί' },
        { op: 'insert', text: ' διαφωνεί' },
        { op: 'equal', text: '.' },
      ],
    ],
    [
      'inserts the whole text of a block that was empty',
      '',
      'New text.',
      [{ op: 'insert', text: 'New text.' }],
    ],
    [
      'deletes the whole text of a block that is now empty',
      'Old text.',
      '',
      [{ op: 'delete', text: 'Old text.' }],
    ],
  ])('%s', (_title, oldText, newText, ops) => {
    expect(diffText(oldText, newText)).toEqual({ ops, rewritten: false });
  });

  const words = fc.constantFrom(
    'the',
    'Council',
    'EU',
    'cyber',
    '[shall]',
    'states',
    'Ελλάδα',
    ',',
    '.',
    '(',
    ')',
    '\n',
  );
  const draftText = fc
    .array(fc.tuple(words, fc.constantFrom('', ' ', ' ', '  ')), { maxLength: 40 })
    .map((parts) => parts.map(([word, space]) => space + word).join(''));

  it('gives back the old text from equal and deleted runs, the new text from equal and inserted runs', () => {
    fc.assert(
      fc.property(fc.oneof(draftText, fc.string()), fc.oneof(draftText, fc.string()), (oldText, newText) => {
        const { ops } = diffText(oldText, newText);
        expect(textOf(ops, 'old')).toBe(oldText);
        expect(textOf(ops, 'new')).toBe(newText);
      }),
      { numRuns: 500 },
    );
  });

  it('merges neighbouring runs of the same kind, leaves no empty run and puts deletions before insertions', () => {
    fc.assert(
      fc.property(draftText, draftText, (oldText, newText) => {
        const { ops } = diffText(oldText, newText);
        for (const [index, op] of ops.entries()) {
          expect(op.text).not.toBe('');
          const next = ops[index + 1];
          if (next === undefined) continue;
          expect(next.op).not.toBe(op.op);
          expect([op.op, next.op]).not.toEqual(['insert', 'delete']);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('shows a block beyond the edit cap as rewritten: the old text deleted and the new inserted whole', () => {
    // The same words in reverse order: nothing a word diff could keep in order, though every word is shared.
    const forward = Array.from({ length: MAX_EDIT_TOKENS_PER_BLOCK }, (_, index) => `w${index}`);
    const oldText = forward.join(' ');
    const newText = [...forward].reverse().join(' ');
    expect(diffText(oldText, newText)).toEqual({
      ops: [
        { op: 'delete', text: oldText },
        { op: 'insert', text: newText },
      ],
      rewritten: true,
    });
  });

  it('shows a paragraph that keeps less than a third of its words as rewritten', () => {
    const result = diffText(
      'The Council recalls its conclusions on the EU Cybersecurity strategy of 2013.',
      'Delegations broadly welcomed a joint paper presented by the Commission services in March.',
    );
    expect(result.rewritten).toBe(true);
  });

  it('still diffs word by word a huge block where only one word changed', () => {
    const words = Array.from({ length: MAX_DIFF_TOKENS_PER_BLOCK * 5 }, (_, index) => `w${index % 977}`);
    const oldText = words.join(' ');
    const newText = oldText.replace(' w500 ', ' changed ');
    const { ops, rewritten } = diffText(oldText, newText);
    expect(rewritten).toBe(false);
    expect(ops.filter((op) => op.op !== 'equal')).toEqual([
      { op: 'delete', text: ' w500' },
      { op: 'insert', text: ' changed' },
    ]);
  });

  it('gives up on a huge, wholly reordered block instead of hanging, and says it was rewritten', () => {
    const words = Array.from({ length: 200_000 }, (_, index) => `w${index % 1000}`);
    const oldText = words.join(' ');
    const newText = [...words].reverse().join(' ');
    const { ops, rewritten } = diffText(oldText, newText);
    expect(rewritten).toBe(true);
    expect(textOf(ops, 'old')).toBe(oldText);
    expect(textOf(ops, 'new')).toBe(newText);
  });
});

describe('diffSequences', () => {
  const countEdits = (runs: { edit: number; length: number }[]) =>
    runs.filter((run) => run.edit !== EDIT.equal).reduce((sum, run) => sum + run.length, 0);

  it('finds a shortest edit script, as long as the one jsdiff finds', () => {
    const sequence = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60 });
    fc.assert(
      fc.property(sequence, sequence, (a, b) => {
        const script = diffSequences(Int32Array.from(a), Int32Array.from(b), 1000);
        const reference = diffArrays(a, b);
        const referenceEdits = reference
          .filter((change) => change.added || change.removed)
          .reduce((sum, change) => sum + change.count, 0);
        expect(script).not.toBeNull();
        expect(countEdits(script ?? [])).toBe(referenceEdits);
      }),
      { numRuns: 500 },
    );
  });

  it('replays to the new sequence', () => {
    const sequence = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 });
    fc.assert(
      fc.property(sequence, sequence, (a, b) => {
        const rebuilt: number[] = [];
        let x = 0;
        let y = 0;
        for (const run of diffSequences(Int32Array.from(a), Int32Array.from(b), 1000) ?? []) {
          if (run.edit === EDIT.equal) rebuilt.push(...a.slice(x, x + run.length));
          if (run.edit === EDIT.insert) rebuilt.push(...b.slice(y, y + run.length));
          if (run.edit !== EDIT.insert) x += run.length;
          if (run.edit !== EDIT.delete) y += run.length;
        }
        expect(rebuilt).toEqual(b);
        expect([x, y]).toEqual([a.length, b.length]);
      }),
    );
  });

  it('returns null when the script needs more edits than allowed', () => {
    expect(diffSequences(Int32Array.from([1, 2, 3]), Int32Array.from([4, 5, 6]), 5)).toBeNull();
    expect(diffSequences(Int32Array.from([1, 2, 3]), Int32Array.from([4, 5, 6]), 6)).not.toBeNull();
  });
});

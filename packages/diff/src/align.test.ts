import { describe, expect, it } from 'vitest';
import { alignById, alignByText, chooseAlignment, findInPlace } from './align';

const items = (...pairs: [string, string][]) => pairs.map(([id, text]) => ({ id, text }));

describe('chooseAlignment', () => {
  it.each([
    [
      'pairs by id when the versions share their ids',
      items(['a', 'One.'], ['b', 'Two.'], ['c', 'Three.']),
      items(['a', 'One.'], ['c', 'Three, amended.'], ['d', 'Four.']),
      'id',
    ],
    [
      'pairs by text when the ids have nothing in common',
      items(['a', 'One.'], ['b', 'Two.']),
      items(['x', 'One.'], ['y', 'Two.']),
      'text',
    ],
    [
      'pairs by text when ids were given by position and a paragraph was added at the top',
      items(['block-1', 'One.'], ['block-2', 'Two.'], ['block-3', 'Three.']),
      items(['block-1', 'Zero.'], ['block-2', 'One.'], ['block-3', 'Two.'], ['block-4', 'Three.']),
      'text',
    ],
    [
      'pairs by text when ids were given by position and a paragraph near the end was removed',
      items(['b1', 'One.'], ['b2', 'Two.'], ['b3', 'Three.'], ['b4', 'Four.'], ['b5', 'Five.']),
      items(['b1', 'One.'], ['b2', 'Two.'], ['b3', 'Three.'], ['b4', 'Five.']),
      'text',
    ],
    [
      'pairs by id when every paragraph was edited, though no text is left to compare',
      items(['a', 'One.'], ['b', 'Two.']),
      items(['a', 'One, amended.'], ['b', 'Two, amended.']),
      'id',
    ],
    ['pairs by id when one version is empty', [], items(['a', 'One.']), 'id'],
  ])('%s', (_title, oldItems, newItems, expected) => {
    expect(chooseAlignment(oldItems, newItems)).toBe(expected);
  });
});

const SHORT_SENTENCE =
  'The EU stresses that signalling the consequences of a joint response influences potential aggressors.';
const SHORT_SENTENCE_OPENING = 'The EU stresses that signalling the consequences of a joint response';
const LONG_SENTENCE =
  'The EU reminds that attribution to a State or a non-State actor remains a sovereign political decision based on all-source intelligence and should be established in accordance with international law of State responsibility, and that not all measures of a joint response require attribution.';

describe('alignByText', () => {
  it.each<[string, string[], string[], number[]]>([
    ['pairs identical texts', ['One.', 'Two.', 'Three.'], ['One.', 'Two.', 'Three.'], [0, 1, 2]],
    [
      'pairs an edited paragraph with its most similar old paragraph',
      ['The Council recalls its conclusions.', 'Delegations welcomed the paper.'],
      ['Delegations warmly welcomed the joint paper.', 'The Council recalls its conclusions.'],
      [1, 0],
    ],
    [
      'leaves a paragraph unpaired when nothing old is similar enough',
      ['The Council recalls its conclusions.'],
      ['An entirely different sentence about fisheries quotas.'],
      [-1],
    ],
    [
      'pairs repeated texts with the copy nearest to where they stand',
      ['Intro.', '–', 'Alpha.', '–', 'Beta.'],
      ['Intro.', 'Alpha.', '–', 'Beta.'],
      [0, 2, 3, 4],
    ],
    [
      'pairs the copies of a repeated text in their order when the paragraph before them moved',
      ['[…]', '[…]', 'The EU recalls its conclusions.'],
      ['The EU recalls its conclusions.', '[…]', '[…]'],
      [2, 0, 1],
    ],
    [
      'finds a paragraph that moved far and changed a little',
      [
        'The EU recalls its cyber diplomacy toolbox.',
        ...Array.from({ length: 30 }, (_, i) => `Filler paragraph number ${i}.`),
      ],
      [
        ...Array.from({ length: 30 }, (_, i) => `Filler paragraph number ${i}.`),
        'The EU firmly recalls its cyber diplomacy toolbox.',
      ],
      [...Array.from({ length: 30 }, (_, i) => i + 1), 0],
    ],
    // A split keeps the paragraph where it starts, as the editor's Enter does: paragraph 5 stays
    // paragraph 5 (and keeps its positions), its last sentences are a new paragraph, however long.
    [
      'pairs a split paragraph with its first part, though the second part is longer',
      ['Opening words.', `${SHORT_SENTENCE} ${LONG_SENTENCE}`, 'Closing words of the conclusions.'],
      ['Opening words.', SHORT_SENTENCE, LONG_SENTENCE, 'Closing words of the conclusions.'],
      [0, 1, -1, 2],
    ],
    // A join keeps the paragraph the text is joined onto, as the editor's Backspace does.
    [
      'pairs two joined paragraphs with the first, though the second is longer',
      ['Opening words.', SHORT_SENTENCE, LONG_SENTENCE, 'Closing words of the conclusions.'],
      ['Opening words.', `${SHORT_SENTENCE} ${LONG_SENTENCE}`, 'Closing words of the conclusions.'],
      [0, 1, 3],
    ],
    [
      'pairs an edited paragraph with its own old text, not with a shorter one it starts like',
      [SHORT_SENTENCE, `${SHORT_SENTENCE_OPENING}, and notes the toolbox with concern.`, 'Other words.'],
      [`${SHORT_SENTENCE_OPENING}, and notes the toolbox with great concern.`, 'Other words.'],
      [1, 2],
    ],
  ])('%s', (_title, oldTexts, newTexts, expected) => {
    expect([...alignByText(oldTexts, newTexts)]).toEqual(expected);
  });
});

describe('alignById', () => {
  it.each<[string, [string, string][], [string, string][], number[]]>([
    [
      'pairs items by id, wherever they stand',
      [
        ['a', 'One.'],
        ['b', 'Two.'],
      ],
      [
        ['b', 'Two, amended.'],
        ['a', 'One.'],
      ],
      [1, 0],
    ],
    [
      'pairs a new id with an old item gone from the text that had the same words: a paragraph cut and pasted',
      [
        ['a', 'One.'],
        ['b', 'Two.'],
        ['c', 'Three.'],
      ],
      [
        ['a', 'One.'],
        ['c', 'Three.'],
        ['x', 'Two.'],
      ],
      [0, 2, 1],
    ],
    [
      'leaves a copy unpaired while the item with its words is still there under its id',
      [['a', 'One.']],
      [
        ['a', 'One.'],
        ['x', 'One.'],
      ],
      [0, -1],
    ],
    [
      'does not pair empty items by their words',
      [
        ['a', ''],
        ['b', 'Two.'],
      ],
      [
        ['x', ''],
        ['b', 'Two.'],
      ],
      [-1, 1],
    ],
    [
      'pairs pasted copies of repeated words in their order',
      [
        ['a', 'Same.'],
        ['b', 'Same.'],
        ['c', 'Other.'],
      ],
      [
        ['c', 'Other.'],
        ['x', 'Same.'],
        ['y', 'Same.'],
      ],
      [2, 0, 1],
    ],
  ])('%s', (_title, oldItems, newItems, expected) => {
    expect([...alignById(items(...oldItems), items(...newItems))]).toEqual(expected);
  });
});

describe('findInPlace', () => {
  it.each<[string, number[], number[]]>([
    ['keeps every pair in place when the order is unchanged', [0, 1, 2], [1, 1, 1]],
    ['marks the one block that jumped ahead as out of place', [0, 2, 3, 1, 4], [1, 1, 1, 0, 1]],
    ['ignores unpaired blocks', [-1, 0, -1, 1], [0, 1, 0, 1]],
    ['keeps the longer run when two groups swap', [3, 4, 0, 1, 2], [0, 0, 1, 1, 1]],
  ])('%s', (_title, newToOld, expected) => {
    expect([...findInPlace(Int32Array.from(newToOld))]).toEqual(expected);
  });
});

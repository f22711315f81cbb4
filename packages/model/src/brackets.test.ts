import { describe, expect, it } from 'vitest';
import { countBracketSpans, findBracketSpans } from './brackets';

describe('countBracketSpans', () => {
  it.each([
    ['no brackets here', 0],
    ['the EU [strongly] condemns', 1],
    ['[option A] or [option B]', 2],
    ['[outer [inner] text]', 1],
    // Unbalanced brackets keep the block open (a closing bracket deleted in an edit).
    ['a stray ] bracket', 1],
    ['an unclosed [ bracket', 1],
    ['The Council [welcomes [or notes] the proposal.', 1],
    ['[a] and b] and [c', 3],
  ])('%j holds %i open spans', (text, count) => {
    expect(countBracketSpans(text)).toBe(count);
  });

  it('reports where each span starts and ends', () => {
    expect(findBracketSpans('ab [cd] e')).toEqual([{ start: 3, end: 7 }]);
  });

  it('marks no span for a stray bracket, which stays text', () => {
    expect(findBracketSpans('an unclosed [ bracket ] ]')).toEqual([{ start: 12, end: 23 }]);
    expect(findBracketSpans('an unclosed [ bracket')).toEqual([]);
  });
});

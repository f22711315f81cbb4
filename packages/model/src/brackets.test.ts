import { describe, expect, it } from 'vitest';
import { countBracketSpans, findBracketSpans } from './brackets';

describe('countBracketSpans', () => {
  it.each([
    ['no brackets here', 0],
    ['the EU [strongly] condemns', 1],
    ['[option A] or [option B]', 2],
    ['[outer [inner] text]', 1],
    ['a stray ] bracket', 0],
    ['an unclosed [ bracket', 0],
  ])('%j holds %i open spans', (text, count) => {
    expect(countBracketSpans(text)).toBe(count);
  });

  it('reports where each span starts and ends', () => {
    expect(findBracketSpans('ab [cd] e')).toEqual([{ start: 3, end: 7 }]);
  });
});

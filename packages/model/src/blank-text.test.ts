import { describe, expect, it } from 'vitest';
import { isBlank } from './blank-text';

describe('isBlank', () => {
  it.each([
    ['nothing', ''],
    ['spaces and a tab', ' \t '],
    ['a no-break space and a line separator', '\u00a0\u2028'],
    ['a zero-width space', '\u200b'],
    ['joiners, a word joiner and a soft hyphen', '\u200c\u200d\u2060\u00ad'],
    ['a byte-order mark between spaces', ' \ufeff '],
  ])('calls %s blank', (_, text) => {
    expect(isBlank(text)).toBe(true);
  });

  it.each([
    ['a letter', 'a'],
    ['a letter after a zero-width space', '\u200bFR'],
    ['a full stop', '.'],
    ['an emoji with a joiner', '👩\u200d💻'],
    ['Greek', 'Ελλάδα'],
  ])('calls %s not blank', (_, text) => {
    expect(isBlank(text)).toBe(false);
  });
});

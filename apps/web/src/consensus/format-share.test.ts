import { describe, expect, it } from 'vitest';
import { formatShare } from './format-share';

describe('formatShare', () => {
  it.each<[number, number, string]>([
    [(291_964_400 / 449_206_200) * 100, 0, '64'],
    [(291_964_400 / 449_206_200) * 100, 2, '64.99'],
    [65, 0, '65'],
    [65, 2, '65.00'],
    [29, 2, '29.00'],
    [0.29 * 100, 0, '29'],
    [100, 1, '100.0'],
    [0, 0, '0'],
  ])('writes %f %% with %i decimals as %s, never rounding up', (percent, digits, shown) => {
    expect(formatShare(percent, digits)).toBe(shown);
  });
});

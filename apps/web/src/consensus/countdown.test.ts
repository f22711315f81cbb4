import { describe, expect, it } from 'vitest';
import { formatCountdown } from './countdown';

describe('the silence countdown', () => {
  it.each([
    [-5, '0 s'],
    [0, '0 s'],
    [12_400, '12 s'],
    [249_000, '4 min 09 s'],
    [3 * 3600_000 + 5 * 60_000, '3 h 05 min'],
    [2 * 86_400_000 + 3 * 3600_000 + 59_000, '2 d 3 h'],
  ])('reads %i ms as %s', (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });
});

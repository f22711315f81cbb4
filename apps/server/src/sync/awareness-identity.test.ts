import { MEMBER_STATE_CODES, NON_VOTING_CODES } from '@accord/model';
import { differenceEuclidean, wcagContrast } from 'culori';
import { describe, expect, it } from 'vitest';
import { colorFor, ROLE_COLORS } from './awareness-identity';

/** OKLab distance: 0.02 is about the least two colours side by side differ by to the eye. */
const distance = differenceEuclidean('oklab');

describe('caret colours', () => {
  const colors = new Map<string, string>([
    ...[...MEMBER_STATE_CODES, ...NON_VOTING_CODES].map(
      (code) => [code, colorFor(code, code.length === 2 ? 'delegate' : 'observer')] as const,
    ),
    ['Presidency', colorFor(null, 'presidency')],
    ['Secretariat', colorFor(null, 'secretariat')],
    ['archivist', colorFor(null, 'archivist')],
  ]);

  it('tells every delegation and the Presidency and Secretariat apart at a glance, in a room of all 34', () => {
    const close: string[] = [];
    const entries = [...colors];
    entries.forEach(([a, colorA], i) => {
      for (const [b, colorB] of entries.slice(i + 1)) {
        if (distance(colorA, colorB) < 0.08) close.push(`${a} ~ ${b}`);
      }
    });
    expect(close).toEqual([]);
    expect(new Set(colors.values()).size).toBe(colors.size);
  });

  it('draws every caret legibly on white paper (contrast 3.5 or more)', () => {
    for (const [who, color] of colors)
      expect([who, wcagContrast(color, '#ffffff') >= 3.5]).toEqual([who, true]);
  });

  it('gives a role without a delegation its own colour', () => {
    expect(colorFor(null, 'presidency')).toBe(ROLE_COLORS.presidency);
    expect(colorFor('XX', 'delegate')).toBe(ROLE_COLORS.delegate);
  });
});

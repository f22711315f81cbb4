import { describe, expect, it } from 'vitest';
import { formatRegisterReference, formatRevisionLabel } from './revision-label';

describe('formatRevisionLabel', () => {
  it.each<[string | null, number, string]>([
    ['7923/17', 0, '7923/17'],
    ['7923/17', 1, '7923/1/17 REV 1'],
    ['7923/17', 2, '7923/2/17 REV 2'],
    ['7923/17', 12, '7923/12/17 REV 12'],
    ['WK 6162/2017 INIT', 0, 'WK 6162/2017 INIT'],
    ['WK 6162/2017 INIT', 1, 'WK 6162/2017 REV 1'],
    ['WK 6162/2017 INIT', 2, 'WK 6162/2017 REV 2'],
    ['ST 9916 2017 INIT', 1, 'ST 9916 2017 REV 1'],
    ['9916/17 ADD 1', 1, '9916/17 ADD 1 REV 1'],
    ['7923/1/17 REV 1', 1, '7923/2/17 REV 2'],
    [null, 0, 'INIT'],
    [null, 1, 'REV 1'],
    [null, 2, 'REV 2'],
    ['Draft A', 0, 'Draft A'],
    ['Draft A', 1, 'Draft A REV 1'],
  ])('labels %s at revision %i as %s', (number, rev, label) => {
    expect(formatRevisionLabel(number, rev)).toBe(label);
  });
});

describe('formatRegisterReference', () => {
  it.each<[string, string | null]>([
    ['9916/17', 'ST 9916 2017 INIT'],
    ['9916/1/17 REV 1', 'ST 9916 2017 REV 1'],
    ['7923/12/17 REV 12', 'ST 7923 2017 REV 12'],
    ['ST 9916 2017 REV 2', 'ST 9916 2017 REV 2'],
    ['9916/17 ADD 1 REV 1', 'ST 9916 2017 ADD 1 REV 1'],
    ['9916/17 COR 1', 'ST 9916 2017 COR 1'],
    // A working document's number is its register reference already; no number has none.
    ['WK 6162/2017 REV 1', null],
    ['REV 1', null],
    ['Draft A REV 1', null],
  ])('gives %s as the register cites it: %s', (label, reference) => {
    expect(formatRegisterReference(label)).toBe(reference);
  });
});

import { describe, expect, it } from 'vitest';
import { formatCouncilDate } from './council-date';

describe('formatCouncilDate', () => {
  it.each([
    ['2017-06-07T10:00:00Z', '7 June 2017'],
    // 00:30 in Brussels (summer time) is still 6 June in UTC.
    ['2017-06-06T22:30:00Z', '7 June 2017'],
    ['2026-12-31T23:30:00Z', '1 January 2027'],
  ])('%s is dated %s', (instant, written) => {
    expect(formatCouncilDate(Date.parse(instant))).toBe(written);
  });
});

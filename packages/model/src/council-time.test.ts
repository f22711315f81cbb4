import { describe, expect, it } from 'vitest';
import { councilTimeToInstant, formatCouncilTime } from './council-time';

describe('councilTimeToInstant', () => {
  it.each([
    ['2017-06-05T12:00', '2017-06-05T10:00:00.000Z', 'noon in summer is 10:00 UTC'],
    ['2017-01-05T12:00', '2017-01-05T11:00:00.000Z', 'noon in winter is 11:00 UTC'],
    ['2017-06-05T12:00:30', '2017-06-05T10:00:30.000Z', 'seconds are kept'],
    ['2017-06-05T00:30', '2017-06-04T22:30:00.000Z', 'half past midnight is the day before in UTC'],
    [
      '2017-03-26T02:30',
      '2017-03-26T01:30:00.000Z',
      'a time skipped when summer time begins is the hour after',
    ],
    ['2017-10-29T02:30', '2017-10-29T01:30:00.000Z', 'a time passed twice when it ends is the second'],
  ])('reads %s in Brussels as %s (%s)', (wallTime, instant) => {
    expect(councilTimeToInstant(wallTime)).toBe(instant);
  });

  it.each([
    '',
    '2017-06-05',
    '2017-06-05 12:00',
    '2017-06-05T12:00Z',
    '2017-04-31T12:00',
    '2017-06-05T24:00',
    '2017-06-05T12:60',
    'noon',
  ])('refuses %j, which is no Brussels time', (wallTime) => {
    expect(councilTimeToInstant(wallTime)).toBeNull();
  });
});

describe('formatCouncilTime', () => {
  it.each([
    ['2017-06-05T10:00:00.000Z', '5 Jun 2017, 12:00 CEST'],
    ['2017-01-05T11:00:00Z', '5 Jan 2017, 12:00 CET'],
    ['2017-06-04T22:30:00.000Z', '5 Jun 2017, 00:30 CEST'],
  ])('shows %s as Brussels reads it: %s', (instant, shown) => {
    expect(formatCouncilTime(instant)).toBe(shown);
  });

  it('gives back what is not an instant as it came', () => {
    expect(formatCouncilTime('soon')).toBe('soon');
  });

  it('shows what it reads back unchanged', () => {
    const instant = councilTimeToInstant('2099-12-31T12:00');
    expect(instant).not.toBeNull();
    expect(formatCouncilTime(instant as string)).toBe('31 Dec 2099, 12:00 CET');
  });
});

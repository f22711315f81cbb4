import { describe, expect, it } from 'vitest';
import { fromEpochMs, parseTimestamp, toEpochMs } from './timestamp';

describe('parseTimestamp', () => {
  it.each([
    ['2017-06-07T10:00:00Z', '2017-06-07T10:00:00.000Z'],
    ['2017-06-07T10:00Z', '2017-06-07T10:00:00.000Z'],
    ['2017-06-07T10:00:00.5Z', '2017-06-07T10:00:00.500Z'],
    ['2017-06-07T12:00:00+02:00', '2017-06-07T10:00:00.000Z'],
    ['2017-06-07T00:30:00-01:00', '2017-06-07T01:30:00.000Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ['0999-12-31T23:59:59.999Z', '0999-12-31T23:59:59.999Z'],
  ])('reads %s as the UTC instant %s', (input, expected) => {
    expect(parseTimestamp(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['a date without a time', '2017-06-07'],
    ['a time without an offset', '2017-06-07T10:00:00'],
    ['a day that does not exist', '2017-02-30T10:00:00Z'],
    ['a day that does not exist, in the normal form', '2017-02-30T10:00:00.000Z'],
    ['a 29 February outside a leap year, in the normal form', '2023-02-29T10:00:00.000Z'],
    ['hour 24, in the normal form', '2017-06-07T24:00:00.000Z'],
    ['minute 60, in the normal form', '2017-06-07T10:60:00.000Z'],
    ['a month 13, in the normal form', '2017-13-01T10:00:00.000Z'],
    ['a day 00, in the normal form', '2017-06-00T10:00:00.000Z'],
    ['a 29 February outside a leap year', '2023-02-29T10:00:00Z'],
    ['hour 24', '2017-06-07T24:00:00Z'],
    ['a month 13', '2017-13-01T10:00:00Z'],
    ['an offset that carries the instant past the year 9999', '9999-12-31T23:59:59-23:59'],
    ['an offset that carries the instant before the year 0000', '0000-01-01T00:00:00+01:00'],
    ['free text', 'tomorrow noon'],
    ['a number', 1496829600000],
    ['nothing', undefined],
  ])('refuses %s', (_what, input) => {
    const result = parseTimestamp(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-timestamp');
  });
});

describe('toEpochMs', () => {
  it('turns a timestamp into milliseconds since the epoch', () => {
    expect(toEpochMs('1970-01-01T00:00:01.000Z')).toBe(1000);
  });
});

describe('fromEpochMs', () => {
  it('gives back the timestamp toEpochMs read', () => {
    const at = '2017-06-07T10:00:00.000Z';
    expect(fromEpochMs(toEpochMs(at))).toBe(at);
  });
});

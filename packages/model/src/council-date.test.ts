import { describe, expect, it } from 'vitest';
import { dateIssuedHeader, formatCouncilDate, readCouncilDate } from './council-date';
import { EMPTY_METADATA } from './document';

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

describe('readCouncilDate', () => {
  it.each([
    ['7 June 2017', '7 June 2017'],
    ['07 june 2017', '7 June 2017'],
    ['  29  February 2016 ', '29 February 2016'],
    ['2017-06-07', '7 June 2017'],
    ['2017-12-31', '31 December 2017'],
  ])('reads %j as %j', (given, written) => {
    expect(readCouncilDate(given)).toEqual({ ok: true, value: written });
  });

  it.each([
    '31 April 2017',
    '29 February 2017',
    '2017-02-30',
    '2017-13-01',
    '06/09/2017',
    '7 Juin 2017',
    'tomorrow',
    '',
  ])('refuses %j, saying how to write a date', (given) => {
    const read = readCouncilDate(given);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error.code).toBe('invalid-date');
      expect(read.error.message).toContain('"7 June 2017" or 2017-06-07');
    }
  });
});

describe('dateIssuedHeader', () => {
  const header = { ...EMPTY_METADATA, number: '9916/17', place: 'Brussels', date: '7 June 2017' };

  it('dates a header with the day the revision is issued', () => {
    expect(dateIssuedHeader(header, '12 June 2017', false)).toEqual({ ...header, date: '12 June 2017' });
  });

  it('dates a header that had no date yet, as a document created by number and title has', () => {
    const blank = { ...EMPTY_METADATA, number: '9916/17', subject: 'Cyber' };
    expect(dateIssuedHeader(blank, '12 June 2017', false).date).toBe('12 June 2017');
  });

  it('leaves a text without any header undated unless a date is given', () => {
    expect(dateIssuedHeader(EMPTY_METADATA, '12 June 2017', false)).toBe(EMPTY_METADATA);
    expect(dateIssuedHeader(EMPTY_METADATA, '12 June 2017', true).date).toBe('12 June 2017');
  });
});

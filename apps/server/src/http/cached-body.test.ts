import { describe, expect, it } from 'vitest';
import { acceptsGzip, matchesEtag } from './cached-body';

describe('reading the request headers of a cached body', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['"p-1"', true],
    ['W/"p-1"', true],
    ['"p-0", "p-1"', true],
    ['*', true],
    ['"p-2"', false],
    ['p-1', false],
  ])('If-None-Match %s matches "p-1": %s', (header, expected) => {
    expect(matchesEtag(header, '"p-1"')).toBe(expected);
  });

  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.5', true],
    ['GZIP', true],
    ['gzip;q=0', false],
    ['*', true],
    ['*;q=0', false],
    ['gzip;q=0, *', false],
    ['identity', false],
    ['br', false],
  ])('Accept-Encoding %s takes gzip: %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

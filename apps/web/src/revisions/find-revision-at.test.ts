import { describe, expect, it } from 'vitest';
import { findRevisionAt } from './find-revision-at';

const revisions = [
  { rev: 0, createdAt: '2017-04-01T09:00:00.000Z' },
  { rev: 1, createdAt: '2017-04-19T09:00:00.000Z' },
  { rev: 2, createdAt: '2017-05-12T09:00:00.000Z' },
];

describe('the revision current at a moment', () => {
  it.each([
    ['2017-04-02T00:00:00.000Z', 0],
    ['2017-04-19T09:00:00.000Z', 1],
    ['2017-05-01T00:00:00.000Z', 1],
    ['2017-06-07T00:00:00.000Z', 2],
    ['2017-03-01T00:00:00.000Z', 0],
  ])('at %s is %i', (at, rev) => {
    expect(findRevisionAt(revisions, at)).toBe(rev);
  });
});

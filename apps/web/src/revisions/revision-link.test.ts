import { describe, expect, it } from 'vitest';
import { linkToRevision, readRequestedPair } from './revision-link';

describe('readRequestedPair', () => {
  it.each([
    ['a revision against the one before', '?to=2', { from: 1, to: 2 }],
    ['REV 1 against the original', '?to=1', { from: 0, to: 1 }],
    ['the original against the live text, having none before', '?to=0', { from: 0, to: 'live' }],
    ['the live text against the latest revision', '?to=live', { from: 2, to: 'live' }],
    ['both versions named', '?from=0&to=2', { from: 0, to: 2 }],
    ['a revision the document does not have', '?to=7', null],
    ['a version that is no number', '?to=REV%202', null],
    ['nothing', '', null],
  ])('reads %s', (_, search, pair) => {
    expect(readRequestedPair(new URLSearchParams(search), [0, 1, 2])).toEqual(pair);
  });

  it('reads back the link the history gives', () => {
    const link = new URL(linkToRevision('doc 1', 2), 'http://accord.test');
    expect(link.pathname).toBe('/documents/doc%201/revisions');
    expect(readRequestedPair(link.searchParams, [0, 1, 2])).toEqual({ from: 1, to: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import type { PositionCounts } from '../consensus/position-labels';
import { labelMargin } from './margin-label';

const counts = (
  agreeing: number,
  reserved: number,
  opposed: number,
  stale: number,
  abstaining = 0,
): PositionCounts => ({
  agreeing,
  abstaining,
  reserved,
  opposed,
  stale,
  missing: 27 - agreeing - abstaining - reserved - opposed,
});

const block = {
  name: 'Annex, paragraph 2',
  status: null,
  counts: null,
  comments: 0,
  brackets: 0,
  blank: false,
  commission: null,
};

describe('labelMargin', () => {
  it.each([
    [
      'every note, the words shown first and in their order',
      { status: 'Reserved', counts: counts(1, 1, 0, 1), comments: 1, brackets: 2 },
      'Annex, paragraph 2: reserved; 2/27; 1 stale; 1 comment; 2 bracketed passages; 1 agree · 1 reserved',
    ],
    [
      'a block nobody has spoken on, that said after what is shown',
      { status: 'Open', counts: counts(0, 0, 0, 0), comments: 2 },
      'Annex, paragraph 2: open; 2 comments; no positions yet',
    ],
    [
      'a block agreed by silence',
      { status: 'Agreed by silence', counts: counts(0, 0, 0, 0) },
      'Annex, paragraph 2: agreed by silence; no positions yet',
    ],
    [
      'stale positions alone',
      { status: 'Open', counts: counts(0, 0, 0, 3) },
      'Annex, paragraph 2: open; 3 stale',
    ],
    [
      'an opposition',
      { status: 'Opposed', counts: counts(0, 0, 1, 0) },
      'Annex, paragraph 2: opposed; 1/27; 1 opposed',
    ],
    [
      'an abstention as an abstention, counted among those who spoke',
      { status: 'Agreed by silence', counts: counts(1, 0, 0, 0, 1) },
      'Annex, paragraph 2: agreed by silence; 2/27; 1 agree · 1 abstention',
    ],
    [
      "the Commission's reservation after the Member States' counts, not blocking",
      { status: 'Reserved', counts: counts(1, 1, 0, 1), comments: 1, commission: { stale: false } },
      'Annex, paragraph 2: reserved; 2/27; 1 stale; COM reservation (not blocking); 1 comment; 1 agree · 1 reserved',
    ],
    [
      "the Commission's reservation where no Member State has spoken",
      { status: 'Open', counts: counts(0, 0, 0, 0), commission: { stale: false } },
      'Annex, paragraph 2: open; COM reservation (not blocking); no positions yet',
    ],
    [
      "the Commission's reservation on an earlier text",
      { status: 'Open', counts: counts(0, 0, 0, 27), commission: { stale: true } },
      'Annex, paragraph 2: open; 27 stale; COM reservation (stale, not blocking)',
    ],
    ['a block before the report has come', {}, 'Annex, paragraph 2: no positions yet'],
    [
      'an empty block, which the report leaves out',
      { blank: true },
      'Annex, paragraph 2: empty, nothing to agree to',
    ],
    ['comments on an empty block', { blank: true, comments: 1 }, 'Annex, paragraph 2: 1 comment'],
  ] as const)('names %s', (_, summary, expected) => {
    expect(labelMargin({ ...block, ...summary })).toBe(expected);
  });
});

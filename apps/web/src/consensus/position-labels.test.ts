import { describe, expect, it } from 'vitest';
import type { PositionView } from '../api/client';
import { countPositions, describeBlockStatus, describeCell, summarizeCounts } from './position-labels';

const view = (position: PositionView['position'], stale = false): PositionView => ({
  position,
  note: null,
  stale,
  at: '2017-06-07T10:00:00.000Z',
});

describe('position labels', () => {
  it.each([
    ['FR', view('scrutiny_reservation'), 'FR: scrutiny reservation'],
    ['DE', view('agree', true), 'DE: agrees (stale: the text changed since)'],
    ['EL', undefined, 'EL: no position'],
    ['NL', view('oppose'), 'NL: opposes'],
  ] as const)('describe a %s cell for assistive technology', (code, position, expected) => {
    expect(describeCell(code, position)).toBe(expected);
  });

  it('count current positions by kind, abstentions apart from agreements, stale ones apart, the rest as missing', () => {
    const counts = countPositions({
      positions: {
        BE: view('agree'),
        DE: view('abstain'),
        FR: view('scrutiny_reservation'),
        IT: view('reservation'),
        NL: view('oppose'),
        PL: view('agree', true),
      },
    });
    expect(counts).toEqual({ agreeing: 1, abstaining: 1, reserved: 2, opposed: 1, stale: 1, missing: 22 });
    expect(summarizeCounts(counts)).toBe('1 agree · 1 abstention · 2 reserved · 1 opposed · 1 stale');
  });

  it('never call an abstention an agreement', () => {
    // QA: France alone abstained, and the paragraph's panel said "1 agree".
    const abstained = countPositions({ positions: { FR: view('abstain') } });
    expect(summarizeCounts(abstained)).toBe('1 abstention');
    const two = countPositions({ positions: { FR: view('abstain'), NL: view('abstain') } });
    expect(summarizeCounts(two)).toBe('2 abstentions');
  });

  it('say so when nobody has spoken', () => {
    expect(summarizeCounts(countPositions({ positions: {} }))).toBe('no positions yet');
  });

  it.each([
    ['agreed', true, ['DE'], true, '✓ Agreed by silence'],
    ['agreed', true, [], true, '✓ Agreed'],
    ['agreed', false, [], true, '✓ Agreed'],
    ['reserved', true, ['DE'], true, 'R Reserved'],
    ['open', false, ['DE'], true, '○ Open'],
    ['open', false, ['DE'], false, '· Not negotiated'],
    ['reserved', false, ['DE'], false, 'R Reserved'],
    ['agreed', false, [], false, '✓ Agreed'],
    // QA: once a silence procedure lapsed, the cover note's points read "Agreed by silence" in the
    // margin and on the board, beside a cover note nobody is asked to agree.
    ['agreed', true, ['DE', 'FR'], false, '· Not negotiated'],
  ] as const)(
    'call a block %s (covered by silence: %s, missing %j, negotiated: %s) as the board does',
    (status, covered, missing, negotiated, expected) => {
      const { symbol, label } = describeBlockStatus({
        status,
        coveredBySilence: covered,
        missing,
        negotiated,
      });
      expect(`${symbol} ${label}`).toBe(expected);
    },
  );

  it.each([
    ['open', false, ['DE'], false, 'open'],
    ['agreed', true, ['DE', 'FR'], false, 'open'],
    ['agreed', true, ['DE'], true, 'agreed'],
    ['reserved', false, ['DE'], false, 'reserved'],
  ] as const)(
    'colour a block %s (covered by silence: %s, missing %j, negotiated: %s) as one %s',
    (status, covered, missing, negotiated, tone) => {
      expect(describeBlockStatus({ status, coveredBySilence: covered, missing, negotiated }).tone).toBe(tone);
    },
  );
});

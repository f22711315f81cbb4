import type { MemberStateCode, PositionKind } from '@accord/model';
import { describe, expect, it } from 'vitest';
import type { BlockConsensus, PositionView } from '../api/client';
import { describeSilenceObstacles } from './silence-obstacles';

function view(position: PositionKind, stale = false): PositionView {
  return { position, note: null, stale, at: '2026-11-30T10:00:00.000Z' };
}

function block(
  id: string,
  brackets: number,
  positions: Partial<Record<MemberStateCode, PositionView>> = {},
  empty = false,
): BlockConsensus {
  return { id, brackets, positions, empty } as unknown as BlockConsensus;
}

const LABELS = new Map([
  ['b1', 'Part 2, ¶ 1'],
  ['b2', 'Part 2, ¶ 2'],
  ['b5', 'Part 2, ¶ 5'],
]);

describe('describeSilenceObstacles', () => {
  it.each([
    {
      case: 'nothing to say of a text without brackets, reservations or oppositions',
      blocks: [block('b1', 0, { FR: view('agree'), DE: view('abstain', true) }), block('b2', 0)],
      expected: [],
    },
    {
      case: 'the reserved paragraphs and who reserves them, in protocol order, whatever the reservation',
      blocks: [
        block('b1', 0, { FR: view('reservation'), DE: view('scrutiny_reservation'), IT: view('agree') }),
        block('b2', 0, { IT: view('linguistic_reservation') }),
      ],
      expected: [
        'Reserved: Part 2, ¶ 1 (DE, FR); Part 2, ¶ 2 (IT): a lapsed procedure never lifts a reservation, only the delegation that entered it.',
      ],
    },
    {
      case: 'reservations and oppositions given on an earlier text, which a lapse overrides; a stale agreement says nothing',
      blocks: [
        block('b1', 0, {
          FR: view('reservation', true),
          DE: view('scrutiny_reservation', true),
          HU: view('oppose', true),
          NL: view('agree', true),
        }),
      ],
      expected: [
        'Given on an earlier text: Part 2, ¶ 1 (DE: scrutiny reservation, FR: reservation, HU: opposes): a lapse counts these delegations as agreeing unless they give their positions again.',
      ],
    },
    {
      case: 'the paragraphs with square brackets, which a lapse never closes',
      blocks: [block('b1', 2), block('b2', 0), block('b5', 1)],
      expected: ['Square brackets remain in Part 2, ¶ 1; Part 2, ¶ 5: a lapsed procedure never closes them.'],
    },
    {
      case: 'the opposed paragraphs and who opposes them, in protocol order',
      blocks: [block('b5', 0, { SE: view('oppose'), HU: view('oppose'), FR: view('agree') })],
      expected: ['Opposed: Part 2, ¶ 5 (HU, SE): a lapsed procedure never overrides an opposition.'],
    },
    {
      case: 'each kind, brackets first; an empty paragraph says nothing',
      blocks: [
        block('b2', 1, { DE: view('reservation', true) }),
        block('b5', 0, { HU: view('oppose'), PL: view('reservation') }),
        block('b1', 1, { FR: view('oppose') }, true),
      ],
      expected: [
        'Square brackets remain in Part 2, ¶ 2: a lapsed procedure never closes them.',
        'Opposed: Part 2, ¶ 5 (HU): a lapsed procedure never overrides an opposition.',
        'Reserved: Part 2, ¶ 5 (PL): a lapsed procedure never lifts a reservation, only the delegation that entered it.',
        'Given on an earlier text: Part 2, ¶ 2 (DE: reservation): a lapse counts these delegations as agreeing unless they give their positions again.',
      ],
    },
  ])('$case', ({ blocks, expected }) => {
    expect(describeSilenceObstacles({ blocks }, LABELS)).toEqual(expected);
  });
});

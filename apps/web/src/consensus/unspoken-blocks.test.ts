import { MEMBER_STATE_CODES, type MemberStateCode, type PositionKind, type Role } from '@accord/model';
import { describe, expect, it } from 'vitest';
import type { BlockConsensus, Me, PositionView } from '../api/client';
import {
  agreeingDelegation,
  countStalePositions,
  describeHeardOnNone,
  findUnspokenBlocks,
  listUnheardMemberStates,
} from './unspoken-blocks';

function view(position: PositionKind, stale = false): PositionView {
  return { position, note: null, stale, at: '2026-11-30T10:00:00.000Z' };
}

function block(
  id: string,
  positions: Partial<Record<MemberStateCode, PositionView>> = {},
  { empty = false, negotiated = true }: { empty?: boolean; negotiated?: boolean } = {},
): BlockConsensus {
  return { id, positions, empty, negotiated } as unknown as BlockConsensus;
}

const BLOCKS = [
  block('b1'),
  block('b2', { FR: view('reservation') }),
  block('b3', { FR: view('agree', true), DE: view('agree') }),
  block('b4', { DE: view('oppose') }),
  block('b5', {}, { empty: true }),
  block('b6', { FR: view('abstain') }),
  block('b7', { FR: view('scrutiny_reservation', true) }),
  block('b8'),
];

describe('findUnspokenBlocks', () => {
  it('chooses the blocks where the delegation holds no position, neither current nor stale, nor empty ones', () => {
    expect(findUnspokenBlocks({ blocks: BLOCKS }, 'FR')).toEqual(['b1', 'b4', 'b8']);
  });

  it("leaves out a cover note's points and an annex's label: nobody is asked to agree them", () => {
    const cover = [
      block('c1', {}, { negotiated: false }),
      block('c2', { DE: view('agree') }, { negotiated: false }),
      block('a1'),
    ];
    expect(findUnspokenBlocks({ blocks: cover }, 'FR')).toEqual(['a1']);
  });

  it("reads only the delegation's own positions", () => {
    expect(findUnspokenBlocks({ blocks: BLOCKS }, 'DE')).toEqual(['b1', 'b2', 'b6', 'b7', 'b8']);
  });

  it('chooses nothing when the delegation has spoken everywhere, or there is no block', () => {
    expect(
      findUnspokenBlocks(
        { blocks: [block('b2', { FR: view('agree') }), block('b5', {}, { empty: true })] },
        'FR',
      ),
    ).toEqual([]);
    expect(findUnspokenBlocks({ blocks: [] }, 'FR')).toEqual([]);
  });
});

describe('countStalePositions', () => {
  it('counts the stale positions the delegation must read first', () => {
    expect(countStalePositions({ blocks: BLOCKS }, 'FR')).toBe(2);
    expect(countStalePositions({ blocks: BLOCKS }, 'DE')).toBe(0);
  });

  it("leaves out a stale position on a cover note's point: there is nothing there to read again", () => {
    const cover = [block('c1', { FR: view('agree', true) }, { negotiated: false })];
    expect(countStalePositions({ blocks: cover }, 'FR')).toBe(0);
  });
});

describe('agreeingDelegation', () => {
  const me = (role: Role, delegation: string | null): Me => ({ id: 'u', name: 'n', role, delegation }) as Me;
  it.each([
    ['delegate', 'FR', 'FR'],
    ['delegate', null, null],
    ['presidency', 'FR', null],
    ['observer', 'COM', null],
    ['archivist', null, null],
  ] as const)('a %s of %s agrees for %s', (role, delegation, expected) => {
    expect(agreeingDelegation(me(role, delegation))).toBe(expected);
  });
});

describe('listUnheardMemberStates', () => {
  const row = (id: string, missing: MemberStateCode[], coveredBySilence: boolean, negotiated: boolean) =>
    ({ id, positions: {}, empty: false, negotiated, missing, coveredBySilence }) as unknown as BlockConsensus;
  const covered = (id: string, missing: MemberStateCode[]) => row(id, missing, true, true);
  const waiting = (id: string, missing: MemberStateCode[]) => row(id, missing, false, true);
  const cover = (id: string, missing: MemberStateCode[]) => row(id, missing, false, false);

  it.each([
    {
      case: 'a Member State missing on every paragraph has not spoken at all; one missing on some, on how many',
      blocks: [waiting('b1', ['FR', 'HR']), waiting('b2', ['HR']), waiting('b3', ['DE', 'HR'])],
      expected: {
        paragraphs: 3,
        coveredBySilence: 0,
        onNone: ['HR'],
        onSome: [
          { delegation: 'DE', paragraphs: 1 },
          { delegation: 'FR', paragraphs: 1 },
        ],
      },
    },
    {
      case: 'protocol order, not the order they went missing in (EL before ES, never GR)',
      blocks: [waiting('b1', ['SE', 'ES', 'EL']), waiting('b2', ['SE'])],
      expected: {
        paragraphs: 2,
        coveredBySilence: 0,
        onNone: ['SE'],
        onSome: [
          { delegation: 'EL', paragraphs: 1 },
          { delegation: 'ES', paragraphs: 1 },
        ],
      },
    },
    {
      case: 'a paragraph a lapsed silence procedure covers has nobody left to hear from',
      blocks: [covered('b1', ['FR', 'HR']), waiting('b2', ['HR'])],
      expected: { paragraphs: 1, coveredBySilence: 1, onNone: ['HR'], onSome: [] },
    },
    {
      case: 'nobody is unheard when every Member State spoke on every paragraph',
      blocks: [waiting('b1', []), covered('b2', ['FR'])],
      expected: { paragraphs: 1, coveredBySilence: 1, onNone: [], onSome: [] },
    },
    {
      case: "a cover note's points are nobody's to speak on: the paragraphs counted are the annex's",
      blocks: [cover('c1', ['FR', 'HR']), cover('c2', ['FR', 'HR']), waiting('a1', ['HR'])],
      expected: { paragraphs: 1, coveredBySilence: 0, onNone: ['HR'], onSome: [] },
    },
    {
      case: 'nobody is unheard when there is no paragraph to speak on',
      blocks: [],
      expected: { paragraphs: 0, coveredBySilence: 0, onNone: [], onSome: [] },
    },
  ])('$case', ({ blocks, expected }) => {
    expect(listUnheardMemberStates({ blocks })).toEqual(expected);
  });
});

describe('describeHeardOnNone', () => {
  const ALL = [...MEMBER_STATE_CODES];
  it.each([
    {
      case: 'names how many of the 27 were heard on none of the paragraphs, the codes to follow',
      unheard: { paragraphs: 19, coveredBySilence: 0, onNone: ['CY', 'LU', 'MT'] },
      expected: 'On none of the 19 paragraphs (3 of 27):',
    },
    {
      case: 'says "current": after a revision the 27 may all hold positions given on the earlier text',
      unheard: { paragraphs: 2, coveredBySilence: 0, onNone: ALL },
      expected: 'No Member State has a current position on any of the 2 paragraphs.',
    },
    {
      case: 'speaks of one paragraph as one, the others covered by a lapsed silence procedure (QA: "On none of the 1 paragraph … on them yet")',
      unheard: { paragraphs: 1, coveredBySilence: 18, onNone: ALL },
      expected:
        'No Member State has a current position on the one paragraph no lapsed silence procedure covers.',
    },
    {
      case: 'names those unheard on the one paragraph a lapsed silence procedure left',
      unheard: { paragraphs: 1, coveredBySilence: 18, onNone: ['CY', 'LU', 'MT'] },
      expected: 'On the one paragraph no lapsed silence procedure covers (3 of 27):',
    },
    {
      case: 'names those unheard on a text of one paragraph',
      unheard: { paragraphs: 1, coveredBySilence: 0, onNone: ['HR'] },
      expected: 'On the one paragraph (1 of 27):',
    },
    {
      case: 'says nothing when every Member State was heard on some paragraph',
      unheard: { paragraphs: 3, coveredBySilence: 0, onNone: [] },
      expected: null,
    },
  ] as const)('$case', ({ unheard, expected }) => {
    expect(describeHeardOnNone({ ...unheard, onSome: [] })).toBe(expected);
  });
});

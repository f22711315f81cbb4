import type { MemberStateCode, PositionKind, Role } from '@accord/model';
import { describe, expect, it } from 'vitest';
import type { BlockConsensus, Me, PositionView } from '../api/client';
import { agreeingDelegation, countStalePositions, findUnspokenBlocks } from './unspoken-blocks';

function view(position: PositionKind, stale = false): PositionView {
  return { position, note: null, stale, at: '2026-11-30T10:00:00.000Z' };
}

function block(
  id: string,
  positions: Partial<Record<MemberStateCode, PositionView>> = {},
  empty = false,
): BlockConsensus {
  return { id, positions, empty } as unknown as BlockConsensus;
}

const BLOCKS = [
  block('b1'),
  block('b2', { FR: view('reservation') }),
  block('b3', { FR: view('agree', true), DE: view('agree') }),
  block('b4', { DE: view('oppose') }),
  block('b5', {}, true),
  block('b6', { FR: view('abstain') }),
  block('b7', { FR: view('scrutiny_reservation', true) }),
  block('b8'),
];

describe('findUnspokenBlocks', () => {
  it('chooses the blocks where the delegation holds no position, neither current nor stale, nor empty ones', () => {
    expect(findUnspokenBlocks({ blocks: BLOCKS }, 'FR')).toEqual(['b1', 'b4', 'b8']);
  });

  it("reads only the delegation's own positions", () => {
    expect(findUnspokenBlocks({ blocks: BLOCKS }, 'DE')).toEqual(['b1', 'b2', 'b6', 'b7', 'b8']);
  });

  it('chooses nothing when the delegation has spoken everywhere, or there is no block', () => {
    expect(
      findUnspokenBlocks({ blocks: [block('b2', { FR: view('agree') }), block('b5', {}, true)] }, 'FR'),
    ).toEqual([]);
    expect(findUnspokenBlocks({ blocks: [] }, 'FR')).toEqual([]);
  });
});

describe('countStalePositions', () => {
  it('counts the stale positions the delegation must read first', () => {
    expect(countStalePositions({ blocks: BLOCKS }, 'FR')).toBe(2);
    expect(countStalePositions({ blocks: BLOCKS }, 'DE')).toBe(0);
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

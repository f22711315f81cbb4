import { describe, expect, it } from 'vitest';
import type { BlockConsensus, ConsensusChanges, ConsensusReport } from '../api/client';
import { applyConsensusChanges } from './apply-consensus-changes';

function block(id: string, status: BlockConsensus['status'] = 'open'): BlockConsensus {
  return {
    id,
    number: null,
    status,
    positions: {},
    missing: [],
    brackets: 0,
    coveredBySilence: false,
    empty: false,
    negotiated: true,
    outsideSilence: null,
    qmv: { states: 0, population: 0, passes: false, blockingMinority: false },
  };
}

const REST = {
  status: 'open',
  silence: null,
  general: { positions: {}, reserved: [] },
  commission: [],
  qmvRule: {
    rule: 'standard',
    referenceYear: 2024,
    statesRequired: 15,
    statesTotal: 27,
    populationRequired: 0,
    populationTotal: 0,
  },
} as const satisfies Omit<ConsensusReport, 'blocks'>;

function changes(blocks: BlockConsensus[], order: string[] | null, full = false): ConsensusChanges {
  return { ...REST, version: 'v.2', full, order, blocks };
}

const [a, b, c] = [block('a'), block('b'), block('c')];
const held: ConsensusReport = { ...REST, blocks: [a, b, c] };

describe('applyConsensusChanges', () => {
  it('takes a full answer as the report, whatever is held', () => {
    expect(applyConsensusChanges(null, changes([b, a], ['b', 'a'], true))).toEqual({
      ...REST,
      blocks: [b, a],
    });
    expect(applyConsensusChanges(held, changes([c], ['c'], true))?.blocks).toEqual([c]);
  });

  it('replaces the changed blocks in place and keeps the other blocks’ objects', () => {
    const agreed = block('b', 'agreed');
    const report = applyConsensusChanges(held, { ...changes([agreed], null), status: 'reserved' });
    expect(report?.blocks).toEqual([a, agreed, c]);
    expect(report?.blocks[0]).toBe(a);
    expect(report?.blocks[2]).toBe(c);
    expect(report?.status).toBe('reserved');
  });

  it('keeps the held blocks themselves when nothing changed', () => {
    expect(applyConsensusChanges(held, changes([], null))?.blocks).toBe(held.blocks);
  });

  it('follows a new order: held blocks moved, new ones added, gone ones dropped', () => {
    const added = block('n');
    const report = applyConsensusChanges(held, changes([added], ['c', 'n', 'a']));
    expect(report?.blocks).toEqual([c, added, a]);
    expect(report?.blocks[0]).toBe(c);
  });

  it.each([
    { name: 'nothing is held', previous: null, answer: changes([], null) },
    { name: 'a changed block is not held', previous: held, answer: changes([block('x')], null) },
    {
      name: 'the order names a block neither held nor sent',
      previous: held,
      answer: changes([], ['a', 'x']),
    },
  ])('cannot apply changes when $name (the whole report is fetched)', ({ previous, answer }) => {
    expect(applyConsensusChanges(previous, answer)).toBeNull();
  });
});

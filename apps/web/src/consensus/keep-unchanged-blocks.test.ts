import { describe, expect, it } from 'vitest';
import type { BlockConsensus, CommissionReservationView, ConsensusReport } from '../api/client';
import { equalJson, keepUnchangedBlocks } from './keep-unchanged-blocks';

function block(id: string, changes: Partial<BlockConsensus> = {}): BlockConsensus {
  return {
    id,
    number: '1',
    status: 'open',
    positions: { DE: { position: 'agree', note: null, stale: false, at: '2026-11-30T10:00:00.000Z' } },
    missing: ['FR'],
    brackets: 0,
    coveredBySilence: false,
    empty: false,
    qmv: { states: 1, population: 18, passes: false, blockingMinority: false },
    ...changes,
  } as BlockConsensus;
}

function report(blocks: BlockConsensus[], commission: CommissionReservationView[] = []): ConsensusReport {
  return { blocks, commission, status: 'open' } as unknown as ConsensusReport;
}

function reservation(blockId: string, note: string | null = null): CommissionReservationView {
  return { blockId, position: 'reservation', note, stale: false, at: '2026-11-30T10:00:00.000Z' };
}

/** A copy as a new fetch gives it: equal, but no object shared. */
const refetched = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('equalJson', () => {
  it.each([
    [1, 1, true],
    ['a', 'b', false],
    [null, null, true],
    [null, {}, false],
    [[1, 2], [1, 2], true],
    [[1, 2], [2, 1], false],
    [[], {}, false],
    [{ a: 1, b: [{ c: null }] }, { b: [{ c: null }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: undefined }, { b: undefined }, false],
    [{ a: 1, b: 2 }, { a: 1 }, false],
    [[1], [1, 2], false],
    [[1, 2], [1], false],
    [{ 0: 1 }, [1], false],
    [[1], { 0: 1 }, false],
    [[[1, { a: [] }]], [[1, { a: [] }]], true],
    [[[1, { a: [] }]], [[1, { a: {} }]], false],
  ])('compares %j and %j: %s', (a, b, equal) => {
    expect(equalJson(a, b)).toBe(equal);
  });
});

describe('keepUnchangedBlocks', () => {
  it('keeps the first report as it came', () => {
    const first = report([block('a')]);
    expect(keepUnchangedBlocks(null, first)).toBe(first);
  });

  it('keeps the block list itself when a report says the same of every block', () => {
    const first = report([block('a'), block('b')]);
    const next = keepUnchangedBlocks(first, refetched(first));
    expect(next.blocks).toBe(first.blocks);
  });

  it('gives a new object only to a block whose status, positions or counts changed', () => {
    const first = report([block('a'), block('b'), block('c', { brackets: 1 })]);
    const [a] = refetched(first).blocks;
    const changed = report([
      a as BlockConsensus,
      block('b', {
        positions: { DE: { position: 'agree', note: null, stale: true, at: '2026-11-30T10:00:00.000Z' } },
      }),
      block('c', { brackets: 0 }),
    ]);
    const next = keepUnchangedBlocks(first, changed);
    expect(next.blocks[0]).toBe(first.blocks[0]);
    expect(next.blocks[1]).toBe(changed.blocks[1]);
    expect(next.blocks[2]).toBe(changed.blocks[2]);
    expect(next.blocks).toEqual(changed.blocks);
  });

  it('follows blocks added, removed and moved, by id', () => {
    const first = report([block('a'), block('b')]);
    const next = keepUnchangedBlocks(first, report([block('c'), block('b')]));
    expect(next.blocks.map((b) => b.id)).toEqual(['c', 'b']);
    expect(next.blocks[1]).toBe(first.blocks[1]);
    expect(next.blocks).not.toBe(first.blocks);
    const swapped = keepUnchangedBlocks(first, report([block('b'), block('a')]));
    expect(swapped.blocks).toEqual([first.blocks[1], first.blocks[0]]);
    const fewer = keepUnchangedBlocks(first, report([block('a')]));
    expect(fewer.blocks).toEqual([first.blocks[0]]);
    expect(fewer.blocks).not.toBe(first.blocks);
  });

  it('keeps the report itself when a refetch says the same of everything', () => {
    const first = {
      ...report([block('a'), block('b')]),
      silence: null,
      general: { positions: {}, reserved: [] },
    };
    expect(keepUnchangedBlocks(first, refetched(first))).toBe(first);
  });

  it('keeps the Commission’s reservations that say the same, so their rows are not drawn again', () => {
    const first = report([block('a'), block('b')], [reservation('a'), reservation('b')]);
    const changed = refetched(first);
    const next = keepUnchangedBlocks(first, {
      ...changed,
      status: 'reserved',
      commission: [
        changed.commission[0] as CommissionReservationView,
        reservation('b', 'Pending our lawyers.'),
      ],
    } as ConsensusReport);
    expect(next.commission[0]).toBe(first.commission[0]);
    expect(next.commission[1]).toEqual(reservation('b', 'Pending our lawyers.'));
    expect(next.blocks).toBe(first.blocks);
  });

  it('takes everything but the blocks from the new report', () => {
    const first = report([block('a')]);
    const next = keepUnchangedBlocks(first, { ...refetched(first), status: 'agreed' } as ConsensusReport);
    expect((next as unknown as { status: string }).status).toBe('agreed');
  });
});

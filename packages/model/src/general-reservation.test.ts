import { describe, expect, it } from 'vitest';
import { computeConsensus } from './consensus';
import { MEMBER_STATE_CODES, type MemberStateCode } from './delegations';
import { recordGeneralReservation, WHOLE_TEXT_ID, wholeTextHash } from './general-reservation';
import { foldPositionHistory, type PositionEvent, type PositionKind, recordPosition } from './position';

const AT = '2017-06-07T10:00:00.000Z';
const TEXT = 'The EU recognises that cyberspace offers significant opportunities.';

function general(delegation: MemberStateCode, position: PositionKind, revision: number): PositionEvent {
  const recorded = recordGeneralReservation({ delegation, position, revision, at: AT, userId: 'u' });
  if (!recorded.ok) throw new Error(recorded.error.message);
  return { type: 'recorded', record: recorded.value };
}

/** Every Member State agrees to the one block. */
const agreements: PositionEvent[] = MEMBER_STATE_CODES.map((delegation) => {
  const recorded = recordPosition({
    blockId: 'p1',
    delegation,
    position: 'agree',
    text: TEXT,
    revision: 1,
    at: AT,
    userId: 'u',
  });
  if (!recorded.ok) throw new Error(recorded.error.message);
  return { type: 'recorded', record: recorded.value };
});

function consensus(history: PositionEvent[], revision?: number) {
  return computeConsensus({
    blocks: [{ id: 'p1', number: '1', text: TEXT }],
    positions: foldPositionHistory(history),
    now: AT,
    ...(revision === undefined ? {} : { revision }),
  });
}

describe('recordGeneralReservation', () => {
  it('records a reservation on the whole text, pinned to the revision it was given on', () => {
    const recorded = recordGeneralReservation({
      delegation: 'DK',
      position: 'scrutiny_reservation',
      note: 'Awaiting the Folketing.',
      revision: 2,
      at: AT,
      userId: 'dk-1',
    });
    expect(recorded).toEqual({
      ok: true,
      value: {
        blockId: WHOLE_TEXT_ID,
        delegation: 'DK',
        position: 'scrutiny_reservation',
        note: 'Awaiting the Folketing.',
        textHash: wholeTextHash(2),
        revision: 2,
        at: AT,
        userId: 'dk-1',
      },
    });
  });

  it.each(['agree', 'abstain', 'oppose', 'veto'])('refuses %s: only reservations are general', (position) => {
    const refused = recordGeneralReservation({
      delegation: 'DK',
      position,
      revision: 0,
      at: AT,
      userId: 'u',
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'invalid-position', field: 'position' });
  });

  it('still refuses what every position refuses', () => {
    const refused = recordGeneralReservation({
      delegation: 'COM',
      position: 'reservation',
      revision: 0,
      at: AT,
      userId: 'u',
    });
    expect(refused.ok || refused.error.code).toBe('invalid-delegation');
  });
});

describe('general reservations in the consensus report', () => {
  it('keep a document whose every paragraph is agreed from being agreed, while they stand', () => {
    expect(consensus(agreements, 1).status).toBe('agreed');
    const reserved = consensus(
      [...agreements, general('PL', 'reservation', 1), general('DK', 'scrutiny_reservation', 1)],
      1,
    );
    expect(reserved.status).toBe('reserved');
    expect(reserved.blocks[0]?.status).toBe('agreed');
    expect(reserved.general?.reserved).toEqual(['DK', 'PL']);
  });

  it('go stale once the next revision is issued, and then count as none', () => {
    const report = consensus([...agreements, general('DK', 'scrutiny_reservation', 1)], 2);
    expect(report.status).toBe('agreed');
    expect(report.general?.reserved).toEqual([]);
    expect(report.general?.positions.get('DK')?.textHash).not.toBe(report.general?.textHash);
  });

  it('never make an opposed document less than opposed, and are no paragraph of it', () => {
    const recorded = recordPosition({
      blockId: 'p1',
      delegation: 'HU',
      position: 'oppose',
      text: TEXT,
      revision: 1,
      at: AT,
      userId: 'u',
    });
    if (!recorded.ok) throw new Error(recorded.error.message);
    const report = consensus(
      [general('DK', 'reservation', 1), { type: 'recorded', record: recorded.value }],
      1,
    );
    expect(report.status).toBe('opposed');
    expect(report.blocks.map((b) => b.id)).toEqual(['p1']);
    expect(report.general?.reserved).toEqual(['DK']);
  });

  it('are left out when the caller gives no revision', () => {
    const report = consensus([...agreements, general('DK', 'reservation', 1)]);
    expect(report.general).toBeNull();
    expect(report.status).toBe('agreed');
  });
});

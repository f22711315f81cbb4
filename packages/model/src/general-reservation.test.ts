import { describe, expect, it } from 'vitest';
import { computeConsensus } from './consensus';
import { MEMBER_STATE_CODES, type MemberStateCode } from './delegations';
import { recordGeneralReservation, WHOLE_TEXT_HASH, WHOLE_TEXT_ID } from './general-reservation';
import { foldPositionHistory, type PositionEvent, type PositionKind, recordPosition } from './position';

const AT = '2017-06-07T10:00:00.000Z';
const TEXT = 'The EU recognises that cyberspace offers significant opportunities.';

function general(delegation: MemberStateCode, position: PositionKind, revision = 1): PositionEvent {
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

function consensus(history: PositionEvent[]) {
  return computeConsensus({
    blocks: [{ id: 'p1', number: '1', text: TEXT }],
    positions: foldPositionHistory(history),
    now: AT,
  });
}

describe('recordGeneralReservation', () => {
  it('records a reservation on the whole text, with the revision it was given on and pinned to no text', () => {
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
        textHash: WHOLE_TEXT_HASH,
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
  it('keep a document whose every paragraph is agreed from being agreed', () => {
    expect(consensus(agreements).status).toBe('agreed');
    const reserved = consensus([
      ...agreements,
      general('PL', 'reservation'),
      general('DK', 'scrutiny_reservation'),
    ]);
    expect(reserved.status).toBe('reserved');
    expect(reserved.blocks[0]?.status).toBe('agreed');
    expect(reserved.general.reserved).toEqual(['DK', 'PL']);
  });

  it('make even a document without blocks reserved', () => {
    const report = computeConsensus({
      blocks: [],
      positions: foldPositionHistory([general('DK', 'scrutiny_reservation')]),
      now: AT,
    });
    expect(report.status).toBe('reserved');
  });

  it('stand through later revisions and edits until the delegation withdraws them', () => {
    const given = general('DK', 'scrutiny_reservation', 0);
    const report = consensus([given, ...agreements]);
    expect(report.general.reserved).toEqual(['DK']);
    expect(report.status).toBe('reserved');
    const withdrawn: PositionEvent = {
      type: 'withdrawn',
      blockId: WHOLE_TEXT_ID,
      delegation: 'DK',
      at: AT,
      userId: 'u',
    };
    const lifted = consensus([given, ...agreements, withdrawn]);
    expect(lifted.general.reserved).toEqual([]);
    expect(lifted.status).toBe('agreed');
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
    const report = consensus([general('DK', 'reservation'), { type: 'recorded', record: recorded.value }]);
    expect(report.status).toBe('opposed');
    expect(report.blocks.map((b) => b.id)).toEqual(['p1']);
    expect(report.general.reserved).toEqual(['DK']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  type CommissionReservation,
  type CommissionReservationEvent,
  foldCommissionReservations,
  mayEnterCommissionReservation,
  recordCommissionGeneralReservation,
  recordCommissionReservation,
} from './commission-reservation';
import { computeConsensus } from './consensus';
import { MEMBER_STATE_CODES } from './delegations';
import { EMPTY_METADATA, normalizeDocument } from './document';
import { recordGeneralReservation, WHOLE_TEXT_HASH, WHOLE_TEXT_ID } from './general-reservation';
import { foldPositionHistory, type PositionKind, recordPosition } from './position';
import { addPositionFootnotes } from './position-footnotes';
import { hashBlockText } from './text-hash';

const TEXT = 'The Council condemns malicious cyber activities.';
const EDITED = 'The Council strongly condemns malicious cyber activities.';
const AT = '2017-06-07T10:00:00.000Z';

function reserve(blockId: string, position: unknown, text = TEXT, at = AT, note?: unknown) {
  return recordCommissionReservation({ blockId, position, note, text, revision: 1, at, userId: 'u-com' });
}

function entered(blockId: string, position: PositionKind, text = TEXT, at = AT): CommissionReservation {
  const recorded = reserve(blockId, position, text, at);
  if (!recorded.ok) throw new Error(recorded.error.message);
  return recorded.value;
}

/** Every Member State's agreement on the block's text. */
function everyoneAgrees(blockId: string, text = TEXT) {
  return foldPositionHistory(
    MEMBER_STATE_CODES.map((delegation) => {
      const recorded = recordPosition({
        blockId,
        delegation,
        position: 'agree',
        text,
        revision: 1,
        at: AT,
        userId: `u-${delegation}`,
      });
      if (!recorded.ok) throw new Error(recorded.error.message);
      return { type: 'recorded' as const, record: recorded.value };
    }),
  );
}

describe('recordCommissionReservation', () => {
  it('pins a reservation to the text it was entered on', () => {
    const record = entered('p1', 'scrutiny_reservation');
    expect(record).toMatchObject({ blockId: 'p1', position: 'scrutiny_reservation', revision: 1, at: AT });
    expect(record.textHash).toBe(hashBlockText(TEXT));
  });

  it.each(['agree', 'abstain', 'oppose', 'veto', 42])(
    'refuses %j: the Commission only reserves',
    (position) => {
      const refused = reserve('p1', position);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error).toMatchObject({ code: 'invalid-position', field: 'position' });
    },
  );

  it('checks the note as a position’s', () => {
    const long = reserve('p1', 'reservation', TEXT, AT, 'x'.repeat(2_001));
    expect(long.ok ? null : long.error.code).toBe('note-too-long');
    const blank = reserve('p1', 'reservation', TEXT, AT, '   ');
    expect(blank.ok ? blank.value.note : 'refused').toBeNull();
  });
});

function enteredOnWholeText(position: PositionKind, at = AT): CommissionReservation {
  const recorded = recordCommissionGeneralReservation({ position, revision: 1, at, userId: 'u-com' });
  if (!recorded.ok) throw new Error(recorded.error.message);
  return recorded.value;
}

describe('recordCommissionGeneralReservation', () => {
  it('records a reservation on the whole text, pinned to no text', () => {
    const record = enteredOnWholeText('scrutiny_reservation');
    expect(record).toMatchObject({
      blockId: WHOLE_TEXT_ID,
      position: 'scrutiny_reservation',
      textHash: WHOLE_TEXT_HASH,
      revision: 1,
    });
  });

  it.each(['agree', 'oppose', 'general'])(
    'refuses %j: a general reservation is a reservation',
    (position) => {
      const refused = recordCommissionGeneralReservation({ position, revision: 1, at: AT, userId: 'u-com' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-position', field: 'position' } });
    },
  );
});

describe('foldCommissionReservations', () => {
  const history: CommissionReservationEvent[] = [
    { type: 'recorded', record: entered('p1', 'scrutiny_reservation', TEXT, '2017-06-07T10:00:00.000Z') },
    { type: 'recorded', record: entered('p2', 'reservation', TEXT, '2017-06-07T11:00:00.000Z') },
    { type: 'recorded', record: entered('p1', 'reservation', TEXT, '2017-06-07T12:00:00.000Z') },
    { type: 'withdrawn', blockId: 'p2', at: '2017-06-07T13:00:00.000Z', userId: 'u-com' },
  ];

  it('keeps the latest per block, a withdrawal leaving none', () => {
    const current = foldCommissionReservations(history);
    expect([...current.keys()]).toEqual(['p1']);
    expect(current.get('p1')?.position).toBe('reservation');
  });

  it('gives them as they stood at an instant', () => {
    const then = foldCommissionReservations(history, Date.parse('2017-06-07T11:30:00.000Z'));
    expect(new Map([...then].map(([id, r]) => [id, r.position]))).toEqual(
      new Map([
        ['p1', 'scrutiny_reservation'],
        ['p2', 'reservation'],
      ]),
    );
  });
});

describe('the Commission’s reservations in the consensus report', () => {
  const blocks = [
    { id: 'p1', number: '1', text: TEXT },
    { id: 'p2', number: '2', text: EDITED },
  ];
  const commission = new Map([
    ['p1', entered('p1', 'reservation')],
    ['p2', entered('p2', 'scrutiny_reservation')],
    ['gone', entered('gone', 'reservation')],
  ]);

  it('never changes a status: a block all 27 agree on stays agreed', () => {
    const positions = everyoneAgrees('p1');
    const report = computeConsensus({ blocks: blocks.slice(0, 1), positions, commission, now: AT });
    expect(report.blocks[0]?.status).toBe('agreed');
    expect(report.status).toBe('agreed');
    expect(report.blocks[0]?.missing).toEqual([]);
  });

  it('lists the general one first, never stale, and lets it change no status', () => {
    const withGeneral = new Map([...commission, [WHOLE_TEXT_ID, enteredOnWholeText('reservation')]]);
    const report = computeConsensus({
      blocks: blocks.slice(0, 1),
      positions: everyoneAgrees('p1'),
      commission: withGeneral,
      now: AT,
    });
    expect(report.commission).toEqual([
      { blockId: WHOLE_TEXT_ID, position: 'reservation', note: null, stale: false, at: AT },
      { blockId: 'p1', position: 'reservation', note: null, stale: false, at: AT },
    ]);
    expect(report.status).toBe('agreed');
    expect(report.general.reserved).toEqual([]);
  });

  it('lists them in document order, stale once the text changed, none for a deleted block', () => {
    const report = computeConsensus({ blocks, positions: new Map(), commission, now: AT });
    expect(report.commission).toEqual([
      { blockId: 'p1', position: 'reservation', note: null, stale: false, at: AT },
      { blockId: 'p2', position: 'scrutiny_reservation', note: null, stale: true, at: AT },
    ]);
  });
});

describe('the Commission’s reservations in footnotes', () => {
  const doc = normalizeDocument({
    metadata: EMPTY_METADATA,
    blocks: [
      { id: 'p1', kind: 'numbered', number: null, text: TEXT },
      { id: 'p2', kind: 'numbered', number: null, text: TEXT },
      { id: 'p3', kind: 'numbered', number: null, text: EDITED },
    ],
    footnotes: [],
  });

  it('follow the Member States’, alone where no Member State reserves, left out when stale', () => {
    const de = recordPosition({
      blockId: 'p1',
      delegation: 'DE',
      position: 'scrutiny_reservation',
      text: TEXT,
      revision: 1,
      at: AT,
      userId: 'u-de',
    });
    if (!de.ok) throw new Error(de.error.message);
    const positions = foldPositionHistory([{ type: 'recorded', record: de.value }]);
    const commission = new Map([
      ['p1', entered('p1', 'reservation')],
      ['p2', entered('p2', 'scrutiny_reservation')],
      ['p3', entered('p3', 'reservation', TEXT)],
    ]);
    const withNotes = addPositionFootnotes(doc, positions, { commission });
    expect(withNotes.footnotes.map((f) => [f.blockId, f.text])).toEqual([
      ['p1', 'DE: scrutiny reservation. COM: reservation.'],
      ['p2', 'COM: scrutiny reservation.'],
    ]);
  });
});

describe('the Commission’s general reservation in footnotes', () => {
  const doc = normalizeDocument({
    metadata: EMPTY_METADATA,
    blocks: [
      { id: 'h', kind: 'heading', number: null, text: 'Draft Council conclusions' },
      { id: 'p1', kind: 'numbered', number: null, text: TEXT },
    ],
    footnotes: [],
  });
  const commission = new Map([[WHOLE_TEXT_ID, enteredOnWholeText('reservation')]]);

  it('follows the Member States’ general reservations, at the end of the title', () => {
    const dk = recordGeneralReservation({
      delegation: 'DK',
      position: 'parliamentary_scrutiny_reservation',
      revision: 1,
      at: AT,
      userId: 'u-dk',
    });
    if (!dk.ok) throw new Error(dk.error.message);
    const positions = foldPositionHistory([{ type: 'recorded', record: dk.value }]);
    const withNotes = addPositionFootnotes(doc, positions, { commission });
    expect(withNotes.footnotes.map((f) => [f.blockId, f.text])).toEqual([
      ['h', 'DK: general parliamentary scrutiny reservation. COM: general reservation.'],
    ]);
  });

  it('stands alone where no Member State holds one', () => {
    const withNotes = addPositionFootnotes(doc, new Map(), { commission });
    expect(withNotes.footnotes.map((f) => f.text)).toEqual(['COM: general reservation.']);
  });
});

describe('mayEnterCommissionReservation', () => {
  it.each([
    [{ role: 'observer', delegation: 'COM' }, true],
    [{ role: 'observer', delegation: 'EEAS' }, false],
    [{ role: 'delegate', delegation: 'FR' }, false],
    [{ role: 'presidency', delegation: null }, false],
  ] as const)('%j → %s', (user, allowed) => {
    expect(mayEnterCommissionReservation(user)).toBe(allowed);
  });
});

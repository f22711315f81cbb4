import { describe, expect, it } from 'vitest';
import { computeConsensus, listPositionViews } from './consensus';
import type { MemberStateCode } from './delegations';
import { EMPTY_METADATA, normalizeDocument } from './document';
import { recordGeneralReservation } from './general-reservation';
import type { PositionKind } from './position';
import { foldPositionHistory, recordPosition } from './position';
import {
  addPositionFootnotes,
  type FootnotePosition,
  formatPositionFootnote,
  listReportedPositions,
  positionFootnoteId,
} from './position-footnotes';
import { hashBlockText } from './text-hash';

const given = (entries: [MemberStateCode, PositionKind, boolean?][]): FootnotePosition[] =>
  entries.map(([delegation, position, stale]) => ({ delegation, position, stale }));

describe('formatPositionFootnote', () => {
  it.each<[string, FootnotePosition[], string]>([
    [
      "reproduces the Council's own footnote",
      given([
        ['NL', 'scrutiny_reservation'],
        ['FR', 'reservation'],
        ['DE', 'scrutiny_reservation'],
      ]),
      'DE, NL: scrutiny reservation. FR: reservation.',
    ],
    [
      'orders each group by its first delegation in protocol order, whatever order the input has',
      given([
        ['SE', 'oppose'],
        ['FI', 'linguistic_reservation'],
        ['BE', 'parliamentary_scrutiny_reservation'],
        ['EL', 'abstain'],
        ['CZ', 'parliamentary_scrutiny_reservation'],
        ['LV', 'linguistic_reservation'],
      ]),
      'BE, CZ: parliamentary scrutiny reservation. EL: abstention. LV, FI: linguistic reservation. SE: objection.',
    ],
    [
      'leaves agreement unsaid',
      given([
        ['DE', 'agree'],
        ['AT', 'reservation'],
        ['FR', 'agree'],
      ]),
      'AT: reservation.',
    ],
    [
      'says nothing when everyone agrees',
      given([
        ['DE', 'agree'],
        ['FR', 'agree'],
      ]),
      '',
    ],
    ['says nothing when there are no positions', [], ''],
    [
      'leaves out positions on an earlier text',
      given([
        ['DE', 'scrutiny_reservation', true],
        ['NL', 'scrutiny_reservation'],
      ]),
      'NL: scrutiny reservation.',
    ],
    [
      'writes Greece as EL',
      given([
        ['EL', 'reservation'],
        ['CY', 'reservation'],
      ]),
      'EL, CY: reservation.',
    ],
  ])('%s', (_title, positions, expected) => {
    expect(formatPositionFootnote(positions)).toBe(expected);
  });

  it('lists agreement too when asked', () => {
    const positions = given([
      ['FR', 'agree'],
      ['DE', 'reservation'],
      ['BE', 'agree'],
    ]);
    expect(formatPositionFootnote(positions, { include: ['agree', 'reservation'] })).toBe(
      'BE, FR: agreement. DE: reservation.',
    );
  });

  it('writes the footnote of a block straight from the consensus report', () => {
    const text = 'The Council condemns malicious cyber activities.';
    const records = (
      [
        ['NL', 'scrutiny_reservation'],
        ['FR', 'reservation'],
        ['DE', 'scrutiny_reservation'],
        ['IT', 'agree'],
      ] as const
    ).map(([delegation, position]) => ({
      blockId: 'p1',
      delegation,
      position,
      note: null,
      textHash: hashBlockText(text),
      revision: 0,
      at: '2017-06-07T09:00:00.000Z',
      userId: 'u',
    }));
    const report = computeConsensus({
      blocks: [{ id: 'p1', number: '1', text }],
      positions: foldPositionHistory(records.map((record) => ({ type: 'recorded', record }))),
      now: '2017-06-07T10:00:00.000Z',
    });
    const block = report.blocks[0];
    if (block === undefined) throw new Error('no block');
    const positions = listReportedPositions(listPositionViews(block));
    expect(formatPositionFootnote(positions)).toBe('DE, NL: scrutiny reservation. FR: reservation.');
  });
});

describe('addPositionFootnotes', () => {
  const doc = normalizeDocument({
    metadata: EMPTY_METADATA,
    blocks: [
      { id: 'p1', kind: 'numbered', number: null, text: 'The EU recognises.' },
      { id: 'p2', kind: 'numbered', number: null, text: 'The EU recalls its conclusions.' },
      { id: 'p3', kind: 'numbered', number: null, text: 'The EU stresses.' },
    ],
    footnotes: [{ id: 'f', number: 0, blockId: 'p3', offset: 7, text: '12109/13.' }],
  });
  const give = (blockId: string, delegation: MemberStateCode, position: PositionKind, text: string) => {
    const recorded = recordPosition({
      blockId,
      delegation,
      position,
      text,
      revision: 1,
      at: '2017-06-07T10:00:00.000Z',
      userId: `u-${delegation}`,
    });
    if (!recorded.ok) throw new Error(recorded.error.message);
    return { type: 'recorded' as const, record: recorded.value };
  };

  it('ends each block with its positions as a footnote, numbered with the document’s own', () => {
    const positions = foldPositionHistory([
      give('p3', 'NL', 'scrutiny_reservation', 'The EU stresses.'),
      give('p3', 'DE', 'scrutiny_reservation', 'The EU stresses.'),
      give('p1', 'FR', 'reservation', 'The EU recognises.'),
      give('p1', 'IT', 'agree', 'The EU recognises.'),
      // Given on an older text of p2: stale, so p2 has nothing to say.
      give('p2', 'PL', 'oppose', 'The EU recalls.'),
    ]);
    const withNotes = addPositionFootnotes(doc, positions);
    expect(withNotes.blocks).toEqual(doc.blocks);
    expect(withNotes.footnotes.map((f) => [f.number, f.blockId, f.offset, f.text])).toEqual([
      [1, 'p1', 'The EU recognises.'.length, 'FR: reservation.'],
      [2, 'p3', 7, '12109/13.'],
      [3, 'p3', 'The EU stresses.'.length, 'DE, NL: scrutiny reservation.'],
    ]);
    expect(withNotes.footnotes[0]?.id).toBe(positionFootnoteId('p1'));
  });

  it('gives the general reservations a footnote of their own on the first heading', () => {
    const titled = normalizeDocument({
      ...doc,
      blocks: [{ id: 'h', kind: 'heading', number: null, text: 'DRAFT CONCLUSIONS' }, ...doc.blocks],
    });
    const general = (delegation: MemberStateCode, position: PositionKind) => {
      const recorded = recordGeneralReservation({
        delegation,
        position,
        revision: 1,
        at: '2017-06-07T10:00:00.000Z',
        userId: 'u',
      });
      if (!recorded.ok) throw new Error(recorded.error.message);
      return { type: 'recorded' as const, record: recorded.value };
    };
    const positions = foldPositionHistory([
      general('SE', 'parliamentary_scrutiny_reservation'),
      general('PL', 'reservation'),
      general('DK', 'parliamentary_scrutiny_reservation'),
    ]);
    expect(
      addPositionFootnotes(titled, positions).footnotes.map((f) => [f.number, f.blockId, f.text]),
    ).toEqual([
      [1, 'h', 'DK, SE: general parliamentary scrutiny reservation. PL: general reservation.'],
      [2, 'p3', '12109/13.'],
    ]);
    // Without a heading, on the first block.
    expect(addPositionFootnotes(doc, positions).footnotes[0]).toMatchObject({ blockId: 'p1', number: 1 });
  });

  it('keeps the document’s own footnote when its id is the one a position footnote would take', () => {
    const clashing = normalizeDocument({
      ...doc,
      footnotes: [{ id: positionFootnoteId('p1'), number: 0, blockId: 'p3', offset: 7, text: '12109/13.' }],
    });
    const withNotes = addPositionFootnotes(
      clashing,
      foldPositionHistory([give('p1', 'FR', 'reservation', 'The EU recognises.')]),
    );
    expect(withNotes.footnotes.map((f) => [f.number, f.blockId, f.text])).toEqual([
      [1, 'p1', 'FR: reservation.'],
      [2, 'p3', '12109/13.'],
    ]);
    expect(new Set(withNotes.footnotes.map((f) => f.id)).size).toBe(2);
  });

  it('leaves a document without positions to report as it is', () => {
    const positions = foldPositionHistory([give('p1', 'IT', 'agree', 'The EU recognises.')]);
    expect(addPositionFootnotes(doc, positions)).toBe(doc);
  });
});

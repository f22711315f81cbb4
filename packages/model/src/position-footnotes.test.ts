import { describe, expect, it } from 'vitest';
import { computeConsensus, listPositionViews } from './consensus';
import type { MemberStateCode } from './delegations';
import type { PositionKind } from './position';
import { foldPositionHistory } from './position';
import { type FootnotePosition, formatPositionFootnote, listReportedPositions } from './position-footnotes';
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

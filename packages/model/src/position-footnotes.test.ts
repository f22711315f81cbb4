import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMMISSION,
  foldCommissionReservations,
  recordCommissionReservation,
} from './commission-reservation';
import { computeConsensus, listPositionViews } from './consensus';
import {
  type DelegationCode,
  MEMBER_STATE_CODES,
  type MemberStateCode,
  NON_VOTING_CODES,
  sortInProtocolOrder,
} from './delegations';
import { type CouncilDocument, EMPTY_METADATA, normalizeDocument } from './document';
import { recordGeneralReservation } from './general-reservation';
import type { PositionKind } from './position';
import { foldPositionHistory, POSITION_KINDS, recordPosition } from './position';
import {
  addPositionFootnotes,
  type FootnotePosition,
  formatPositionFootnote,
  isPositionFootnote,
  listReportedPositions,
  positionFootnoteId,
  readPositionFootnote,
  removePositionFootnotes,
  type StatedPosition,
} from './position-footnotes';
import { statementBlocks } from './statement-text';
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
    [
      'puts the Commission after the Member States, never in their sentence, even of the same kind',
      [
        ...given([
          ['FR', 'reservation'],
          ['DE', 'scrutiny_reservation'],
        ]),
        { delegation: COMMISSION, position: 'scrutiny_reservation', stale: false },
        ...given([['SE', 'parliamentary_scrutiny_reservation']]),
      ],
      `DE: scrutiny reservation. FR: reservation. SE: parliamentary scrutiny reservation. ${COMMISSION}: scrutiny reservation.`,
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

  it('writes general reservations the same way: the Commission after the Member States', () => {
    const positions: FootnotePosition[] = [
      { delegation: COMMISSION, position: 'scrutiny_reservation', stale: false },
      ...given([['DK', 'scrutiny_reservation']]),
    ];
    expect(formatPositionFootnote(positions, { general: true })).toBe(
      `DK: general scrutiny reservation. ${COMMISSION}: general scrutiny reservation.`,
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

/** The text a position on `blockId` is pinned to: its words and the footnotes it cites. */
function statementOf(doc: CouncilDocument, blockId: string): string {
  const block = statementBlocks(doc.blocks, doc.footnotes).find((b) => b.id === blockId);
  if (block === undefined) throw new Error(`no block ${blockId}`);
  return block.text;
}

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
      // p3 cites a footnote: a position on it is pinned to its text and the footnote.
      give('p3', 'NL', 'scrutiny_reservation', statementOf(doc, 'p3')),
      give('p3', 'DE', 'scrutiny_reservation', statementOf(doc, 'p3')),
      // Given on p3's words alone, as if the footnote had come since: stale.
      give('p3', 'AT', 'oppose', 'The EU stresses.'),
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

  it('writes nothing on an empty paragraph: a position there counts for nothing', () => {
    const stray = normalizeDocument({
      ...doc,
      blocks: [...doc.blocks, { id: 'p4', kind: 'numbered', number: null, text: ' ' }],
    });
    const positions = foldPositionHistory([give('p4', 'FR', 'reservation', ' ')]);
    expect(addPositionFootnotes(stray, positions)).toBe(stray);
  });

  it('leaves a document without positions to report as it is', () => {
    const positions = foldPositionHistory([give('p1', 'IT', 'agree', 'The EU recognises.')]);
    expect(addPositionFootnotes(doc, positions)).toBe(doc);
  });
});

const stated = (entries: [DelegationCode, PositionKind, boolean?][]): StatedPosition[] =>
  entries.map(([delegation, position, general]) => ({ delegation, position, general: general ?? false }));

describe('readPositionFootnote', () => {
  it.each<[string, string, StatedPosition[]]>([
    [
      "reads the Council's own footnote",
      'DE, NL: scrutiny reservation. FR: reservation.',
      stated([
        ['DE', 'scrutiny_reservation'],
        ['NL', 'scrutiny_reservation'],
        ['FR', 'reservation'],
      ]),
    ],
    [
      'reads every kind of position',
      'BE: agreement. BG: abstention. CZ: scrutiny reservation. DK: parliamentary scrutiny reservation. DE: linguistic reservation. EE: reservation. IE: objection.',
      stated([
        ['BE', 'agree'],
        ['BG', 'abstain'],
        ['CZ', 'scrutiny_reservation'],
        ['DK', 'parliamentary_scrutiny_reservation'],
        ['DE', 'linguistic_reservation'],
        ['EE', 'reservation'],
        ['IE', 'oppose'],
      ]),
    ],
    [
      'reads the general reservations',
      'DK, SE: general parliamentary scrutiny reservation. PL: general reservation.',
      stated([
        ['DK', 'parliamentary_scrutiny_reservation', true],
        ['SE', 'parliamentary_scrutiny_reservation', true],
        ['PL', 'reservation', true],
      ]),
    ],
    [
      "reads the Commission's reservations after the Member States'",
      'DE: scrutiny reservation. COM: reservation.',
      stated([
        ['DE', 'scrutiny_reservation'],
        ['COM', 'reservation'],
      ]),
    ],
    [
      "reads the Commission's general reservation alone",
      'COM: general reservation.',
      stated([['COM', 'reservation', true]]),
    ],
    [
      'reads Greece as EL',
      'EL, CY: reservation.',
      stated([
        ['EL', 'reservation'],
        ['CY', 'reservation'],
      ]),
    ],
    [
      'reads a footnote typed by hand, its sentences in another order and its spaces doubled or non-breaking',
      ' FR: reservation.  DE,\u00a0NL: scrutiny reservation. PL: reservation. ',
      stated([
        ['FR', 'reservation'],
        ['DE', 'scrutiny_reservation'],
        ['NL', 'scrutiny_reservation'],
        ['PL', 'reservation'],
      ]),
    ],
  ])('%s', (_title, text, expected) => {
    expect(readPositionFootnote(text)).toEqual(expected);
    expect(isPositionFootnote(text)).toBe(true);
  });

  it.each<[string, string]>([
    ['a footnote citing a document', '12109/13.'],
    ['a working document', 'WK 6162/2017 REV 1'],
    ['an empty footnote', ''],
    ['a statement followed by other text', 'DE, NL: scrutiny reservation. See also 12109/13.'],
    ['a statement that goes on', 'DE: scrutiny reservation, pending the translation.'],
    ['a statement without its full stop', 'DE, NL: scrutiny reservation'],
    ['a position Accord does not know', 'DE: waiting reservation.'],
    ['a plural the footnotes never write', 'DE, NL: scrutiny reservations.'],
    ['a capital letter the footnotes never write', 'DE: Scrutiny reservation.'],
    ['a country code that is not the Council’s', 'GR: reservation.'],
    ['lower-case codes', 'de: reservation.'],
    ['delegations out of protocol order', 'NL, DE: scrutiny reservation.'],
    ['a delegation named twice', 'DE: scrutiny reservation. DE: reservation.'],
    ['a delegation repeated in one sentence', 'DE, DE: reservation.'],
    ['"general" alone', 'DK: general.'],
    ['no delegation', ': reservation.'],
    ['a sentence of text', 'The EU recalls its conclusions.'],
  ])('leaves alone %s', (_title, text) => {
    expect(readPositionFootnote(text)).toBeNull();
    expect(isPositionFootnote(text)).toBe(false);
  });

  const delegation = fc.constantFrom<DelegationCode>(...MEMBER_STATE_CODES, ...NON_VOTING_CODES);
  const kind = fc.constantFrom<PositionKind>(...POSITION_KINDS);
  const footnotePositions = fc.array(
    fc.record(
      { delegation, position: kind, stale: fc.boolean() },
      { requiredKeys: ['delegation', 'position'] },
    ),
    { maxLength: 40 },
  );
  const footnoteOptions = fc.record(
    { include: fc.uniqueArray(kind, { minLength: 1 }), general: fc.boolean() },
    { requiredKeys: [] },
  );

  it('reads back every footnote formatPositionFootnote writes, with its positions', () => {
    fc.assert(
      fc.property(footnotePositions, footnoteOptions, (positions, options) => {
        const text = formatPositionFootnote(positions, options);
        // What the footnote says: the last current position of each delegation, of a listed kind.
        const include = new Set(options.include ?? POSITION_KINDS.filter((k) => k !== 'agree'));
        const said = new Map<DelegationCode, PositionKind>();
        for (const { delegation, position, stale } of positions) {
          if (!stale && include.has(position)) said.set(delegation, position);
        }
        if (said.size === 0) {
          expect(text).toBe('');
          return;
        }
        const read = readPositionFootnote(text);
        expect(read, text).not.toBeNull();
        const byDelegation = new Map((read ?? []).map((p) => [p.delegation, p]));
        expect(byDelegation.size).toBe(read?.length);
        expect(sortInProtocolOrder(byDelegation.keys())).toEqual(sortInProtocolOrder(said.keys()));
        for (const [code, position] of said) {
          expect(byDelegation.get(code)).toEqual({
            delegation: code,
            position,
            general: options.general === true,
          });
        }
      }),
      { numRuns: 500, seed: 991_617 },
    );
  });
});

describe('removePositionFootnotes', () => {
  const doc = normalizeDocument({
    metadata: EMPTY_METADATA,
    blocks: [
      { id: 'h', kind: 'heading', number: null, text: 'DRAFT CONCLUSIONS' },
      { id: 'p1', kind: 'numbered', number: null, text: 'The EU recognises.' },
      { id: 'p2', kind: 'numbered', number: null, text: 'The EU recalls its conclusions.' },
    ],
    footnotes: [
      { id: 'f1', number: 0, blockId: 'p2', offset: 31, text: '12109/13.' },
      { id: 'f2', number: 0, blockId: 'p2', offset: 14, text: 'DE: scrutiny reservation on "recalls".' },
    ],
  });
  const at = '2017-06-07T10:00:00.000Z';
  const recorded = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  it('takes out the footnotes of positions an export wrote, and nothing else', () => {
    const positions = foldPositionHistory(
      [
        recordPosition({
          blockId: 'p1',
          delegation: 'NL',
          position: 'scrutiny_reservation',
          text: 'The EU recognises.',
          revision: 1,
          at,
          userId: 'u',
        }),
        recordPosition({
          blockId: 'p2',
          delegation: 'FR',
          position: 'reservation',
          text: statementOf(doc, 'p2'),
          revision: 1,
          at,
          userId: 'u',
        }),
        recordGeneralReservation({
          delegation: 'DK',
          position: 'scrutiny_reservation',
          revision: 1,
          at,
          userId: 'u',
        }),
      ].map((result) => ({ type: 'recorded' as const, record: recorded(result) })),
    );
    const commission = foldCommissionReservations([
      {
        type: 'recorded',
        record: recorded(
          recordCommissionReservation({
            blockId: 'p1',
            position: 'reservation',
            text: 'The EU recognises.',
            revision: 1,
            at,
            userId: 'c',
          }),
        ),
      },
    ]);
    const exported = addPositionFootnotes(doc, positions, { commission });
    expect(exported.footnotes.map((f) => f.text)).toEqual([
      'DK: general scrutiny reservation.',
      `NL: scrutiny reservation. ${COMMISSION}: reservation.`,
      'DE: scrutiny reservation on "recalls".',
      '12109/13.',
      'FR: reservation.',
    ]);
    expect(removePositionFootnotes(exported)).toEqual({ document: doc, removed: 3 });
  });

  it('numbers the footnotes left as the model does, their calls where they were', () => {
    const uploaded = normalizeDocument({
      ...doc,
      footnotes: [
        ...doc.footnotes,
        { id: 'f0', number: 0, blockId: 'p1', offset: 7, text: 'DE, NL: scrutiny reservation.' },
      ],
    });
    expect(uploaded.footnotes.map((f) => [f.id, f.number])).toEqual([
      ['f0', 1],
      ['f2', 2],
      ['f1', 3],
    ]);
    const { document, removed } = removePositionFootnotes(uploaded);
    expect(removed).toBe(1);
    expect(document.blocks).toEqual(doc.blocks);
    expect(document.footnotes.map((f) => [f.id, f.number, f.blockId, f.offset])).toEqual([
      ['f2', 1, 'p2', 14],
      ['f1', 2, 'p2', 31],
    ]);
  });

  it('keeps the footnotes of positions the text it replaces already carries as text', () => {
    // An I/A item note's annex: the reservations standing when the text went forward are its text.
    const note = normalizeDocument({
      ...doc,
      footnotes: [
        ...doc.footnotes,
        { id: 'f0', number: 0, blockId: 'p1', offset: 18, text: 'DE, NL: scrutiny reservation.' },
      ],
    });
    const uploaded = normalizeDocument({
      ...note,
      footnotes: [
        ...note.footnotes,
        { id: 'f3', number: 0, blockId: 'p1', offset: 3, text: 'FR: reservation.' },
      ],
    });
    const { document, removed } = removePositionFootnotes(uploaded, { textOf: note });
    expect(removed).toBe(1);
    expect(document).toEqual(note);
    expect(removePositionFootnotes(note, { textOf: note })).toEqual({ document: note, removed: 0 });
    expect(removePositionFootnotes(note, { textOf: doc }).removed).toBe(1);
    // The same statement written beside it by an export with positions is the export's: left out.
    const exported = normalizeDocument({
      ...note,
      footnotes: [
        ...note.footnotes,
        { id: 'f4', number: 0, blockId: 'p1', offset: 18, text: 'DE, NL: scrutiny reservation.' },
      ],
    });
    expect(removePositionFootnotes(exported, { textOf: note })).toEqual({ document: note, removed: 1 });
  });

  it('leaves a document without footnotes of positions as it is', () => {
    expect(removePositionFootnotes(doc).document).toBe(doc);
    expect(removePositionFootnotes(doc).removed).toBe(0);
  });
});

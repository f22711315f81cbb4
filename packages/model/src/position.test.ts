import { describe, expect, it } from 'vitest';
import {
  applyPositionEvent,
  foldPositionHistory,
  foldPositionHistoryUntil,
  isPositionKind,
  isPositionStale,
  isReservationKind,
  MAX_POSITION_NOTE_CHARS,
  type PositionEvent,
  type PositionKind,
  type PositionRecord,
  recordPosition,
  updatePositions,
} from './position';
import { hashBlockText } from './text-hash';

const TEXT = 'The Council [strongly] condemns malicious cyber activities.';

function record(
  delegation: PositionRecord['delegation'],
  position: PositionKind,
  extra: Partial<PositionRecord> = {},
): PositionRecord {
  return {
    blockId: 'p1',
    delegation,
    position,
    note: null,
    textHash: hashBlockText(TEXT),
    revision: 0,
    at: '2017-06-07T10:00:00.000Z',
    userId: `${delegation.toLowerCase()}-1`,
    ...extra,
  };
}

const recorded = (r: PositionRecord): PositionEvent => ({ type: 'recorded', record: r });
const withdrawn = (delegation: PositionRecord['delegation'], blockId = 'p1'): PositionEvent => ({
  type: 'withdrawn',
  blockId,
  delegation,
  at: '2017-06-07T11:00:00.000Z',
  userId: 'x',
});

describe('position kinds', () => {
  it.each([
    ['agree', true, false],
    ['abstain', true, false],
    ['scrutiny_reservation', true, true],
    ['parliamentary_scrutiny_reservation', true, true],
    ['linguistic_reservation', true, true],
    ['reservation', true, true],
    ['oppose', true, false],
    ['object', false, false],
    ['AGREE', false, false],
    [42, false, false],
  ])('%j is a position: %s, a reservation: %s', (value, position, reservation) => {
    expect(isPositionKind(value)).toBe(position);
    expect(isReservationKind(value)).toBe(reservation);
  });
});

describe('recordPosition', () => {
  const base = {
    blockId: 'p1',
    delegation: 'FR',
    position: 'scrutiny_reservation',
    text: TEXT,
    revision: 2,
    at: '2017-06-07T12:00:00+02:00',
    userId: 'fr-1',
  };

  it('pins the position to the hash of the text and the revision current then', () => {
    expect(recordPosition({ ...base, note: 'pending consultation' })).toEqual({
      ok: true,
      value: {
        blockId: 'p1',
        delegation: 'FR',
        position: 'scrutiny_reservation',
        note: 'pending consultation',
        textHash: hashBlockText(TEXT),
        revision: 2,
        at: '2017-06-07T10:00:00.000Z',
        userId: 'fr-1',
      },
    });
  });

  it.each([
    ['no note', undefined, null],
    ['a null note', null, null],
    ['an empty note', '', null],
    ['a note of spaces', '   ', null],
    ['a note with markup', '<b>bold</b> & co', '<b>bold</b> & co'],
  ])('keeps %s as %j', (_what, note, expected) => {
    const result = recordPosition({ ...base, note });
    expect(result.ok && result.value.note).toBe(expected);
  });

  it.each([
    ['a position that is not one of the seven', { position: 'veto' }, 'invalid-position', 'position'],
    ['Greece written GR', { delegation: 'GR' }, 'invalid-delegation', 'delegation'],
    ['the Commission', { delegation: 'COM' }, 'invalid-delegation', 'delegation'],
    ['a note that is not text', { note: 12 }, 'invalid-note', 'note'],
    ['a note over the limit', { note: 'x'.repeat(MAX_POSITION_NOTE_CHARS + 1) }, 'note-too-long', 'note'],
    ['a time without an offset', { at: '2017-06-07T12:00:00' }, 'invalid-timestamp', 'at'],
  ])('refuses %s', (_what, change, code, field) => {
    const result = recordPosition({ ...base, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code, field });
  });
});

describe('foldPositionHistory', () => {
  it.each<[string, PositionEvent[], Record<string, PositionKind>]>([
    ['a single position stands', [recorded(record('FR', 'agree'))], { FR: 'agree' }],
    [
      'the latest position of a delegation wins whichever of its users gave it',
      [
        recorded(record('FR', 'agree', { userId: 'fr-1' })),
        recorded(record('FR', 'reservation', { userId: 'fr-2' })),
      ],
      { FR: 'reservation' },
    ],
    [
      'history order decides, not the timestamp, when two positions share one',
      [recorded(record('DE', 'oppose')), recorded(record('DE', 'abstain'))],
      { DE: 'abstain' },
    ],
    [
      'a withdrawal leaves the delegation without a position',
      [recorded(record('FR', 'agree')), recorded(record('DE', 'agree')), withdrawn('FR')],
      { DE: 'agree' },
    ],
    [
      'a position given after a withdrawal stands again',
      [recorded(record('FR', 'agree')), withdrawn('FR'), recorded(record('FR', 'oppose'))],
      { FR: 'oppose' },
    ],
    ['withdrawing a position never given changes nothing', [withdrawn('FR')], {}],
    [
      "one delegation's withdrawal leaves the others' positions alone",
      [
        recorded(record('FR', 'agree')),
        recorded(record('NL', 'scrutiny_reservation')),
        withdrawn('NL', 'p2'),
      ],
      { FR: 'agree', NL: 'scrutiny_reservation' },
    ],
  ])('%s', (_title, history, expected) => {
    const current = foldPositionHistory(history);
    const block = current.get('p1');
    const actual = Object.fromEntries(Array.from(block ?? [], ([code, r]) => [code, r.position]));
    expect(actual).toEqual(expected);
  });

  it('keeps positions on different blocks apart', () => {
    const current = foldPositionHistory([
      recorded(record('FR', 'agree')),
      recorded(record('FR', 'oppose', { blockId: 'p2' })),
    ]);
    expect(current.get('p1')?.get('FR')?.position).toBe('agree');
    expect(current.get('p2')?.get('FR')?.position).toBe('oppose');
  });
});

describe('foldPositionHistoryUntil', () => {
  // FR agrees at 10:00, NL reserves at 10:30, FR withdraws at 11:00.
  const history = [
    recorded(record('FR', 'agree')),
    recorded(record('NL', 'reservation', { at: '2017-06-07T10:30:00.000Z' })),
    withdrawn('FR'),
  ];
  const at = (iso: string) =>
    Object.fromEntries(
      Array.from(foldPositionHistoryUntil(history, Date.parse(iso)).get('p1') ?? [], ([code, r]) => [
        code,
        r.position,
      ]),
    );

  it.each([
    ['before anything was said', '2017-06-07T09:59:59.999Z', {}],
    ['at the instant of a position, which counts', '2017-06-07T10:00:00.000Z', { FR: 'agree' }],
    ['between two events', '2017-06-07T10:45:00.000Z', { FR: 'agree', NL: 'reservation' }],
    ['after the withdrawal', '2017-06-07T11:00:00.000Z', { NL: 'reservation' }],
  ])('gives the positions as they stood %s', (_when, iso, expected) => {
    expect(at(iso)).toEqual(expected);
  });
});

describe('applyPositionEvent', () => {
  const history: PositionEvent[] = [
    recorded(record('FR', 'agree')),
    recorded(record('DE', 'agree', { blockId: 'p2' })),
    recorded(record('NL', 'scrutiny_reservation')),
  ];

  it.each<[string, PositionEvent]>([
    ['a new position', recorded(record('BE', 'oppose'))],
    ['a changed position', recorded(record('FR', 'reservation', { userId: 'fr-2' }))],
    ['a withdrawal', withdrawn('NL')],
    ['the withdrawal of the last position on a block', withdrawn('DE', 'p2')],
    ['the withdrawal of a position never given', withdrawn('SE')],
  ])('gives the same current positions as folding the longer history, for %s', (_what, event) => {
    const applied = applyPositionEvent(foldPositionHistory(history), event);
    expect(applied).toEqual(foldPositionHistory([...history, event]));
  });

  it("leaves the positions it was given, and every other block's map, untouched", () => {
    const before = foldPositionHistory(history);
    const p1 = before.get('p1');
    const after = applyPositionEvent(before, recorded(record('FR', 'oppose')));
    expect(before.get('p1')?.get('FR')?.position).toBe('agree');
    expect(before.get('p1')).toBe(p1);
    expect(after.get('p1')).not.toBe(p1);
    expect(after.get('p2')).toBe(before.get('p2'));
  });
});

describe('updatePositions', () => {
  const history: PositionEvent[] = [
    recorded(record('FR', 'agree')),
    recorded(record('DE', 'agree', { blockId: 'p2' })),
    recorded(record('NL', 'scrutiny_reservation')),
  ];

  it('gives what folding the longer history gives, for a batch that changes, withdraws and re-adds', () => {
    const batch: PositionEvent[] = [
      recorded(record('BE', 'oppose')),
      recorded(record('BE', 'agree', { userId: 'be-2' })),
      withdrawn('DE', 'p2'),
      recorded(record('DE', 'reservation', { blockId: 'p2' })),
      withdrawn('NL'),
      withdrawn('SE'),
      recorded(record('FR', 'abstain', { blockId: 'p3' })),
    ];
    const board = foldPositionHistory(history);
    expect(updatePositions(board, batch)).toBe(true);
    expect(board).toEqual(foldPositionHistory([...history, ...batch]));
  });

  it('replaces the map of a changed block and keeps every other, and says when nothing changed', () => {
    const board = foldPositionHistory(history);
    const p1 = board.get('p1');
    const p2 = board.get('p2');
    expect(updatePositions(board, [recorded(record('FR', 'oppose')), withdrawn('BE')])).toBe(true);
    expect(p1?.get('FR')?.position).toBe('agree');
    expect(board.get('p1')).not.toBe(p1);
    expect(board.get('p1')?.get('FR')?.position).toBe('oppose');
    expect(board.get('p2')).toBe(p2);
    expect(updatePositions(board, [withdrawn('SE'), withdrawn('BE', 'p2')])).toBe(false);
    expect(board.get('p2')).toBe(p2);
  });
});

describe('isPositionStale', () => {
  it.each([
    ['the text is unchanged', TEXT, 'current'],
    [
      'only whitespace changed',
      `  The Council  [strongly]\ncondemns malicious cyber activities. `,
      'current',
    ],
    ['a word changed', 'The Council [firmly] condemns malicious cyber activities.', 'stale'],
    ['the brackets were removed', 'The Council strongly condemns malicious cyber activities.', 'stale'],
    ['punctuation changed', 'The Council [strongly] condemns malicious cyber activities', 'stale'],
  ])('when %s the position is %s', (_what, text, expected) => {
    expect(isPositionStale(record('FR', 'agree'), hashBlockText(text))).toBe(expected === 'stale');
  });
});

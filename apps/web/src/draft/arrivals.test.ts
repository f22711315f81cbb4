import type { MemberStateCode } from '@accord/model';
import { describe, expect, it } from 'vitest';
import type { BlockComment, CommissionReservationView, Me, PositionView } from '../api/client';
import { describeArrivals, type PanelSnapshot } from './arrivals';

const FR: Me = { id: 'u-fr', name: 'FR delegate', role: 'delegate', delegation: 'FR' };

const view = (position: PositionView['position'], at: string, note: string | null = null): PositionView => ({
  position,
  note,
  stale: false,
  at,
});

const comment = (id: string, by: string, delegation: string | null, extra: Partial<BlockComment> = {}) =>
  ({
    id,
    blockId: 'b1',
    author: { id: by, name: `${delegation ?? 'GSC'} user`, delegation },
    body: `words of ${id}`,
    visibility: 'all',
    replyTo: null,
    quote: '',
    createdAt: '2017-06-07T10:00:00.000Z',
    resolved: false,
    orphaned: false,
    ...extra,
  }) as BlockComment;

const reservation = (
  position: CommissionReservationView['position'],
  at: string,
  note: string | null = null,
) => ({
  ...view(position, at, note),
  position,
  blockId: 'b1',
});
const COM: Me = { id: 'u-com', name: 'COM official', role: 'observer', delegation: 'COM' };

const positions = (entries: Partial<Record<MemberStateCode, PositionView>>) => entries;
const T1 = '2017-06-07T10:00:00.000Z';
const T2 = '2017-06-07T10:05:00.000Z';

describe('describeArrivals', () => {
  it.each<[string, PanelSnapshot, PanelSnapshot, string[]]>([
    [
      'a position another delegation records, with its note',
      { positions: positions({}), commission: undefined, comments: [] },
      {
        positions: positions({ DE: view('scrutiny_reservation', T1, 'Awaiting Berlin') }),
        commission: undefined,
        comments: [],
      },
      ['DE: scrutiny reservation, with the note "Awaiting Berlin".'],
    ],
    [
      'a position changed, and one withdrawn, in protocol order',
      {
        positions: positions({ DE: view('reservation', T1), BE: view('agree', T1) }),
        commission: undefined,
        comments: [],
      },
      { positions: positions({ DE: view('agree', T2) }), commission: undefined, comments: [] },
      ['BE: position withdrawn.', 'DE: agrees.'],
    ],
    [
      'the same position given again, which the delegation did',
      { positions: positions({ DE: view('agree', T1) }), commission: undefined, comments: [] },
      { positions: positions({ DE: view('agree', T2) }), commission: undefined, comments: [] },
      ['DE: agrees.'],
    ],
    [
      "nothing for a position gone stale, the text's doing",
      { positions: positions({ DE: view('agree', T1) }), commission: undefined, comments: [] },
      {
        positions: positions({ DE: { ...view('agree', T1), stale: true } }),
        commission: undefined,
        comments: [],
      },
      [],
    ],
    [
      "nothing for the own delegation's position, which its form announces",
      { positions: positions({}), commission: undefined, comments: [] },
      { positions: positions({ FR: view('agree', T1) }), commission: undefined, comments: [] },
      [],
    ],
    [
      'nothing for the positions of the first report read, which the panel opened on',
      { positions: undefined, commission: undefined, comments: [] },
      { positions: positions({ DE: view('agree', T1) }), commission: undefined, comments: [] },
      [],
    ],
    [
      "the Commission's reservation entered, after the Member States' positions",
      { positions: positions({}), commission: undefined, comments: [] },
      {
        positions: positions({ DE: view('agree', T1) }),
        commission: reservation('scrutiny_reservation', T1, 'Legal basis'),
        comments: [],
      },
      ['DE: agrees.', 'Commission: scrutiny reservation, with the note "Legal basis".'],
    ],
    [
      "the Commission's reservation changed",
      { positions: positions({}), commission: reservation('reservation', T1), comments: [] },
      { positions: positions({}), commission: reservation('scrutiny_reservation', T2), comments: [] },
      ['Commission: scrutiny reservation.'],
    ],
    [
      "the Commission's reservation withdrawn",
      { positions: positions({}), commission: reservation('reservation', T1), comments: [] },
      { positions: positions({}), commission: undefined, comments: [] },
      ['Commission: reservation withdrawn.'],
    ],
    [
      "nothing for the Commission's reservation gone stale",
      { positions: positions({}), commission: reservation('reservation', T1), comments: [] },
      {
        positions: positions({}),
        commission: { ...reservation('reservation', T1), stale: true },
        comments: [],
      },
      [],
    ],
    [
      "nothing for the Commission's reservation of the first report read",
      { positions: undefined, commission: undefined, comments: [] },
      { positions: positions({}), commission: reservation('reservation', T1), comments: [] },
      [],
    ],
    [
      "others' comment, reply and private note, not this user's own",
      { positions: undefined, commission: undefined, comments: [comment('c1', 'u-de', 'DE')] },
      {
        positions: undefined,
        commission: undefined,
        comments: [
          comment('c1', 'u-de', 'DE'),
          comment('c2', 'u-fr', 'FR'),
          comment('c3', 'u-nl', 'NL', { replyTo: 'c1' }),
          comment('c4', 'u-fr2', 'FR', { visibility: 'delegation' }),
          comment('c5', 'u-gsc', null),
        ],
      },
      [
        'Reply from NL: words of c3',
        'Private note from FR: words of c4',
        'Comment from GSC user: words of c5',
      ],
    ],
    [
      'nothing for the comments of the first list read, nor for one resolved',
      { positions: undefined, commission: undefined, comments: null },
      {
        positions: undefined,
        commission: undefined,
        comments: [comment('c1', 'u-de', 'DE', { resolved: true })],
      },
      [],
    ],
  ])('tells %s', (_, before, after, told) => {
    expect(describeArrivals(before, after, FR)).toEqual(told);
  });

  it("tells the Commission's users nothing of its reservation, which its form announces, but the Member States' positions", () => {
    expect(
      describeArrivals(
        { positions: positions({}), commission: undefined, comments: [] },
        {
          positions: positions({ FR: view('agree', T1) }),
          commission: reservation('reservation', T1),
          comments: [],
        },
        COM,
      ),
    ).toEqual(['FR: agrees.']);
  });
});

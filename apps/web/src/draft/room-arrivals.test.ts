import type { MemberStateCode } from '@accord/model';
import { describe, expect, it } from 'vitest';
import type { BlockComment, CommissionReservationView, Me, PositionView } from '../api/client';
import type { Arrival } from './arrivals';
import {
  ARRIVALS_MAX_WAIT_MS,
  ARRIVALS_QUIET_MS,
  describeRoomArrivals,
  findTellingTime,
  listRoomArrivals,
  type NamedArrival,
  type PendingArrivals,
  queueArrivals,
  type RoomArrival,
  type RoomSnapshot,
} from './room-arrivals';

const FR: Me = { id: 'u-fr', name: 'FR delegate', role: 'delegate', delegation: 'FR' };
const T1 = '2017-06-07T10:00:00.000Z';
const T2 = '2017-06-07T10:05:00.000Z';

const view = (position: PositionView['position'], at = T1): PositionView => ({
  position,
  note: null,
  stale: false,
  at,
});

const comment = (
  id: string,
  blockId: string,
  by: string,
  delegation: string | null,
  extra: Partial<BlockComment> = {},
) =>
  ({
    id,
    blockId,
    author: { id: by, name: `${delegation ?? 'GSC'} user`, delegation },
    body: `words of ${id}`,
    visibility: 'all',
    replyTo: null,
    quote: '',
    createdAt: T1,
    resolved: false,
    orphaned: false,
    ...extra,
  }) as BlockComment;

const DE_AGREES = { DE: view('agree') };
/** The report's blocks, each with its positions. */
const blocks = (positions: Record<string, Partial<Record<MemberStateCode, PositionView>>>) =>
  Object.entries(positions).map(([id, entries]) => ({ id, positions: entries }));
const c1 = comment('c1', 'b2', 'u-de', 'DE');
const reservation = (blockId: string, at = T1): CommissionReservationView => ({
  ...view('reservation', at),
  position: 'reservation',
  blockId,
});

describe('listRoomArrivals', () => {
  it.each<[string, RoomSnapshot, RoomSnapshot, string | null, RoomArrival[]]>([
    [
      "others' positions and comments on any paragraph",
      { blocks: blocks({ b1: {}, b2: {} }), commission: [], comments: [] },
      { blocks: blocks({ b1: DE_AGREES, b2: {} }), commission: [], comments: [c1] },
      null,
      [
        { blockId: 'b1', arrival: { type: 'position', code: 'DE', view: view('agree') } },
        { blockId: 'b2', arrival: { type: 'comment', comment: c1 } },
      ],
    ],
    [
      'a position withdrawn, and none for a position gone stale',
      { blocks: blocks({ b1: { DE: view('agree'), NL: view('agree') } }), commission: [], comments: [] },
      { blocks: blocks({ b1: { NL: { ...view('agree'), stale: true } } }), commission: [], comments: [] },
      null,
      [{ blockId: 'b1', arrival: { type: 'withdrawn', code: 'DE' } }],
    ],
    [
      "nothing of this user's own delegation or comments",
      { blocks: blocks({ b1: {} }), commission: [], comments: [] },
      {
        blocks: blocks({ b1: { FR: view('agree') } }),
        commission: [],
        comments: [comment('c2', 'b1', 'u-fr', 'FR')],
      },
      null,
      [],
    ],
    [
      'nothing on the paragraph whose panel is open, which its log tells',
      { blocks: blocks({ b1: {}, b2: {} }), commission: [], comments: [] },
      { blocks: blocks({ b1: DE_AGREES, b2: { DE: view('oppose') } }), commission: [], comments: [c1] },
      'b2',
      [{ blockId: 'b1', arrival: { type: 'position', code: 'DE', view: view('agree') } }],
    ],
    [
      'nothing of what the room opened on: the first report and the first comments read',
      { blocks: undefined, commission: [], comments: null },
      { blocks: blocks({ b1: DE_AGREES }), commission: [], comments: [c1] },
      null,
      [],
    ],
    [
      'nothing of a paragraph the room did not know, whose positions come back with its words',
      { blocks: blocks({}), commission: [], comments: [] },
      { blocks: blocks({ b1: DE_AGREES }), commission: [], comments: [] },
      null,
      [],
    ],
    [
      'a position given again, its time changed',
      { blocks: blocks({ b1: { DE: view('agree', T1) } }), commission: [], comments: [] },
      { blocks: blocks({ b1: { DE: view('agree', T2) } }), commission: [], comments: [] },
      null,
      [{ blockId: 'b1', arrival: { type: 'position', code: 'DE', view: view('agree', T2) } }],
    ],
    [
      "the Commission's reservation entered on one paragraph and withdrawn from another",
      { blocks: blocks({ b1: {}, b2: {} }), commission: [reservation('b2')], comments: [] },
      { blocks: blocks({ b1: {}, b2: {} }), commission: [reservation('b1')], comments: [] },
      null,
      [
        { blockId: 'b1', arrival: { type: 'commission', view: reservation('b1') } },
        { blockId: 'b2', arrival: { type: 'commission-withdrawn' } },
      ],
    ],
    [
      "nothing of the Commission's reservation gone stale, nor on the paragraph whose panel is open",
      { blocks: blocks({ b1: {}, b2: {} }), commission: [reservation('b1')], comments: [] },
      {
        blocks: blocks({ b1: {}, b2: {} }),
        commission: [{ ...reservation('b1'), stale: true }, reservation('b2')],
        comments: [],
      },
      'b2',
      [],
    ],
    [
      "nothing of the Commission's reservations the room opened on, nor of a paragraph it did not know",
      { blocks: undefined, commission: [], comments: null },
      { blocks: blocks({ b1: {} }), commission: [reservation('b1')], comments: [] },
      null,
      [],
    ],
    [
      "nothing of the Commission's reservation on a paragraph deleted with it",
      { blocks: blocks({ b1: {}, b2: {} }), commission: [reservation('b2')], comments: [] },
      { blocks: blocks({ b1: {} }), commission: [], comments: [] },
      null,
      [],
    ],
  ])('finds %s', (_, before, after, skipped, found) => {
    expect(listRoomArrivals(before, after, FR, skipped)).toEqual(found);
  });

  it("finds nothing of the Commission's reservation for the Commission's users, whose form announces it", () => {
    const com: Me = { id: 'u-com', name: 'COM official', role: 'observer', delegation: 'COM' };
    expect(
      listRoomArrivals(
        { blocks: blocks({ b1: {} }), commission: [], comments: [] },
        { blocks: blocks({ b1: DE_AGREES }), commission: [reservation('b1')], comments: [] },
        com,
        null,
      ),
    ).toEqual([{ blockId: 'b1', arrival: { type: 'position', code: 'DE', view: view('agree') } }]);
  });
});

const position = (
  code: 'DE' | 'NL' | 'BE' | 'IT' | 'FR',
  kind: PositionView['position'] = 'agree',
): Arrival => ({
  type: 'position',
  code,
  view: view(kind),
});
const at = (where: string, arrival: Arrival): NamedArrival => ({ where, arrival });

describe('describeRoomArrivals', () => {
  it.each<[string, NamedArrival[], string]>([
    ['nothing for nothing', [], ''],
    [
      'a reservation',
      [at('annex, paragraph 3', position('DE', 'reservation'))],
      'DE: reservation on annex, paragraph 3.',
    ],
    [
      'a position withdrawn',
      [at('annex, paragraph 3', { type: 'withdrawn', code: 'NL' })],
      'NL withdrew its position on annex, paragraph 3.',
    ],
    [
      "a comment, a reply and a colleague's private note, each told",
      [
        at('annex, paragraph 5', { type: 'comment', comment: comment('c1', 'b5', 'u-de', 'DE') }),
        at('annex, paragraph 5', {
          type: 'comment',
          comment: comment('c2', 'b5', 'u-gsc', null, { replyTo: 'c1' }),
        }),
        at('annex, paragraph 6', {
          type: 'comment',
          comment: comment('c3', 'b6', 'u-fr2', 'FR', { visibility: 'delegation' }),
        }),
      ],
      'DE commented on annex, paragraph 5. GSC user replied on annex, paragraph 5. FR added a private note on annex, paragraph 6.',
    ],
    [
      "the Commission's reservation entered, and one withdrawn",
      [
        at('annex, paragraph 3', { type: 'commission', view: reservation('b3') }),
        at('annex, paragraph 4', { type: 'commission-withdrawn' }),
      ],
      'Commission: reservation on annex, paragraph 3. Commission withdrew its reservation on annex, paragraph 4.',
    ],
    [
      "a burst with the Commission's reservations, counted apart from the positions",
      [
        at('annex, paragraph 1', position('DE')),
        at('annex, paragraph 1', position('NL')),
        at('annex, paragraph 1', { type: 'commission', view: reservation('b1') }),
        at('annex, paragraph 2', { type: 'commission-withdrawn' }),
      ],
      '2 positions, 1 reservation and 1 withdrawal from DE, NL and Commission, on 2 paragraphs.',
    ],
    [
      'a burst of one delegation on many paragraphs, counted',
      ['1', '2', '3', '4'].map((n) => at(`annex, paragraph ${n}`, position('IT'))),
      '4 positions from IT, on 4 paragraphs.',
    ],
    [
      'a burst of many delegations on one paragraph, counted',
      (['DE', 'NL', 'BE', 'IT'] as const).map((code) => at('annex, paragraph 3', position(code))),
      '4 positions from 4 delegations, on annex, paragraph 3.',
    ],
    [
      'a burst of positions, withdrawals and comments, their authors named',
      [
        at('annex, paragraph 1', position('DE')),
        at('annex, paragraph 1', position('NL')),
        at('annex, paragraph 2', { type: 'withdrawn', code: 'DE' }),
        at('annex, paragraph 2', { type: 'comment', comment: comment('c1', 'b2', 'u-gsc', null) }),
      ],
      '2 positions, 1 withdrawal and 1 comment from DE, NL and GSC user, on 2 paragraphs.',
    ],
    [
      'more authors than are named, not all delegations',
      [
        at('annex, paragraph 1', position('DE')),
        at('annex, paragraph 1', position('NL')),
        at('annex, paragraph 1', position('BE')),
        at('annex, paragraph 1', { type: 'comment', comment: comment('c1', 'b1', 'u-gsc', null) }),
      ],
      '3 positions and 1 comment from 4 others, on annex, paragraph 1.',
    ],
  ])('says %s', (_, arrivals, said) => {
    expect(describeRoomArrivals(arrivals)).toBe(said);
  });
});

describe('queueArrivals and findTellingTime', () => {
  const one = [at('annex, paragraph 1', position('DE'))];
  const two = [at('annex, paragraph 2', position('NL'))];

  it.each<[string, [number, NamedArrival[]][], PendingArrivals | null, number | null]>([
    ['nothing waits for nothing', [[0, []]], null, null],
    [
      'one arrival is told a quiet moment after it',
      [[100, one]],
      { arrivals: one, firstAt: 100, lastAt: 100 },
      100 + ARRIVALS_QUIET_MS,
    ],
    [
      'a second within the moment makes it wait on, one message for both',
      [
        [100, one],
        [600, two],
      ],
      { arrivals: [...one, ...two], firstAt: 100, lastAt: 600 },
      600 + ARRIVALS_QUIET_MS,
    ],
    [
      'a steady stream is told at the longest wait after its first',
      [
        [0, one],
        [900, two],
        [1_800, one],
        [2_700, two],
        [3_600, one],
        [4_500, two],
      ],
      { arrivals: [...one, ...two, ...one, ...two, ...one, ...two], firstAt: 0, lastAt: 4_500 },
      ARRIVALS_MAX_WAIT_MS,
    ],
  ])('%s', (_, steps, pending, time) => {
    const queued = steps.reduce<PendingArrivals | null>(
      (waiting, [now, arrivals]) => queueArrivals(waiting, arrivals, now),
      null,
    );
    expect(queued).toEqual(pending);
    expect(queued === null ? null : findTellingTime(queued)).toBe(time);
  });
});

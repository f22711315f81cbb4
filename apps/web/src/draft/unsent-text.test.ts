import { describe, expect, it } from 'vitest';
import type { CommissionReservationView } from '../api/client';
import {
  draftReservation,
  keepUnsentText,
  type ReservationFields,
  reopenReservation,
  type UnsentReservation,
  type UnsentTexts,
} from './unsent-text';

describe('keepUnsentText', () => {
  it("keeps each box's text for its block, the other boxes' as they were", () => {
    const texts: UnsentTexts = new Map();
    keepUnsentText(texts, 'b1', { note: 'Awaiting instructions' });
    keepUnsentText(texts, 'b1', { comment: 'FR would keep it', privateNote: true });
    keepUnsentText(texts, 'b2', { reply: { to: 'c1', text: 'Agreed' } });
    expect(Object.fromEntries(texts)).toEqual({
      b1: {
        note: 'Awaiting instructions',
        comment: 'FR would keep it',
        privateNote: true,
        reply: null,
        reservation: null,
      },
      b2: {
        note: '',
        comment: '',
        privateNote: false,
        reply: { to: 'c1', text: 'Agreed' },
        reservation: null,
      },
    });
  });

  it('keeps nothing for a block once its boxes are empty (sent, or wiped), nor an empty reply', () => {
    const texts: UnsentTexts = new Map();
    keepUnsentText(texts, 'b1', { note: 'Awaiting instructions', reply: { to: 'c1', text: 'Agreed' } });
    keepUnsentText(texts, 'b1', { reply: { to: 'c1', text: '' } });
    expect(texts.get('b1')).toEqual({
      note: 'Awaiting instructions',
      comment: '',
      privateNote: false,
      reply: null,
      reservation: null,
    });
    keepUnsentText(texts, 'b1', { note: '' });
    expect(texts.has('b1')).toBe(false);
  });

  it("keeps a block's unsent Commission reservation alone, and nothing once it is taken back", () => {
    const texts: UnsentTexts = new Map();
    const reservation: UnsentReservation = { kind: 'reservation', note: 'Pending the College', over: null };
    keepUnsentText(texts, 'b1', { reservation });
    expect(texts.get('b1')?.reservation).toEqual(reservation);
    keepUnsentText(texts, 'b1', { reservation: null });
    expect(texts.has('b1')).toBe(false);
  });
});

const T1 = '2017-06-07T10:00:00.000Z';
const T2 = '2017-06-07T10:05:00.000Z';
const recorded = (
  at: string,
  note: string | null = 'Awaiting the legal service',
): CommissionReservationView => ({
  blockId: 'b1',
  position: 'scrutiny_reservation',
  note,
  stale: false,
  at,
});

describe('draftReservation', () => {
  it.each<[string, ReservationFields, CommissionReservationView | undefined, UnsentReservation | null]>([
    [
      'nothing for an empty form and no reservation',
      { kind: 'scrutiny_reservation', note: '' },
      undefined,
      null,
    ],
    [
      'a note written with no reservation recorded',
      { kind: 'scrutiny_reservation', note: 'Pending the College' },
      undefined,
      { kind: 'scrutiny_reservation', note: 'Pending the College', over: null },
    ],
    [
      'another kind chosen, with no note',
      { kind: 'linguistic_reservation', note: '' },
      undefined,
      { kind: 'linguistic_reservation', note: '', over: null },
    ],
    [
      'nothing for the recorded reservation as it is shown',
      { kind: 'scrutiny_reservation', note: 'Awaiting the legal service' },
      recorded(T1),
      null,
    ],
    [
      'a note changed over the recorded reservation, with its time',
      { kind: 'scrutiny_reservation', note: 'Awaiting the College' },
      recorded(T1),
      { kind: 'scrutiny_reservation', note: 'Awaiting the College', over: T1 },
    ],
    [
      "the recorded reservation's note wiped",
      { kind: 'scrutiny_reservation', note: '' },
      recorded(T1),
      { kind: 'scrutiny_reservation', note: '', over: T1 },
    ],
  ])('keeps %s', (_, fields, current, kept) => {
    expect(draftReservation(fields, current)).toEqual(kept);
  });
});

describe('reopenReservation', () => {
  const written = (over: string | null): UnsentReservation => ({
    kind: 'reservation',
    note: 'Pending the College',
    over,
  });
  it.each<
    [string, UnsentReservation | null | undefined, CommissionReservationView | undefined, ReservationFields]
  >([
    [
      'an empty form: nothing written, none recorded',
      undefined,
      undefined,
      { kind: 'scrutiny_reservation', note: '' },
    ],
    [
      'the recorded reservation: nothing written',
      null,
      recorded(T1),
      { kind: 'scrutiny_reservation', note: 'Awaiting the legal service' },
    ],
    [
      'what was written with none recorded, none since',
      written(null),
      undefined,
      { kind: 'reservation', note: 'Pending the College' },
    ],
    [
      'what was written over the reservation still recorded',
      written(T1),
      recorded(T1),
      { kind: 'reservation', note: 'Pending the College' },
    ],
    [
      'a reservation entered since (here or by a colleague), not what was written before',
      written(null),
      recorded(T2),
      { kind: 'scrutiny_reservation', note: 'Awaiting the legal service' },
    ],
    [
      'a reservation entered again since, not what was written over the earlier one',
      written(T1),
      recorded(T2, null),
      { kind: 'scrutiny_reservation', note: '' },
    ],
    [
      'an empty form once the reservation was withdrawn since',
      written(T1),
      undefined,
      { kind: 'scrutiny_reservation', note: '' },
    ],
  ])('opens on %s', (_, unsent, current, fields) => {
    expect(reopenReservation(unsent, current)).toEqual(fields);
  });
});

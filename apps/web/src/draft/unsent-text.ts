/**
 * What was typed into a paragraph panel's boxes and not sent, by block, while the room is open: a
 * position's note, a comment, a reply and the comment it answers, the Commission's reservation. The panel goes with every close
 * (Escape, pressed in a box as one does to leave it; Close; another paragraph's margin) and took the
 * words with it; opened again on the block, it gives them back. Held in memory only, as the page
 * holds the panel's own state: a reload starts afresh.
 */
import type { ReservationKind } from '@accord/model';
import type { CommissionReservationView } from '../api/client';

export interface UnsentText {
  readonly note: string;
  readonly comment: string;
  /** The comment is a private note of the delegation's: it must not come back as one for all to read. */
  readonly privateNote: boolean;
  /** A reply being typed, and the id of the comment it answers. */
  readonly reply: { readonly to: string; readonly text: string } | null;
  /** The Commission's reservation as its form was left, when that is not what is recorded. */
  readonly reservation: UnsentReservation | null;
}

/**
 * The Commission's reservation form as it was left: its fields, and when the reservation they were
 * written over was recorded (null: none was). Its form shows what is recorded, so what differs from
 * that is what was written and not entered.
 */
export interface UnsentReservation extends ReservationFields {
  readonly over: string | null;
}

export interface ReservationFields {
  readonly kind: ReservationKind;
  readonly note: string;
}

export const NOTHING_UNSENT: UnsentText = {
  note: '',
  comment: '',
  privateNote: false,
  reply: null,
  reservation: null,
};

/** The room's store of unsent text, by block id; the panel reads it when it opens. */
export type UnsentTexts = Map<string, UnsentText>;

/** Keeps `change` as what is unsent in the block's boxes, the rest as it was; nothing kept once all are empty. */
export function keepUnsentText(texts: UnsentTexts, blockId: string, change: Partial<UnsentText>): void {
  const kept = { ...(texts.get(blockId) ?? NOTHING_UNSENT), ...change };
  const reply = kept.reply !== null && kept.reply.text !== '' ? kept.reply : null;
  if (kept.note === '' && kept.comment === '' && reply === null && kept.reservation === null)
    texts.delete(blockId);
  else texts.set(blockId, { ...kept, reply });
}

/** What the Commission's form shows of a recorded reservation, or with none the kind most entered. */
export function showReservation(recorded: CommissionReservationView | undefined): ReservationFields {
  return { kind: recorded?.position ?? 'scrutiny_reservation', note: recorded?.note ?? '' };
}

/** The Commission's form as left, to keep: null when it shows the recorded reservation unchanged. */
export function draftReservation(
  fields: ReservationFields,
  recorded: CommissionReservationView | undefined,
): UnsentReservation | null {
  const shown = showReservation(recorded);
  if (fields.kind === shown.kind && fields.note === shown.note) return null;
  return { ...fields, over: recorded?.at ?? null };
}

/**
 * The Commission's form as it opens: as it was left, if over the reservation still recorded; once
 * one was entered or withdrawn since (by a colleague too), that one, as the form follows it while
 * open. Words written over an older state would otherwise stand in for the recorded reservation, and
 * "Enter again" would send them over a colleague's.
 */
export function reopenReservation(
  unsent: UnsentReservation | null | undefined,
  recorded: CommissionReservationView | undefined,
): ReservationFields {
  if (unsent && unsent.over === (recorded?.at ?? null)) return { kind: unsent.kind, note: unsent.note };
  return showReservation(recorded);
}

/**
 * The Commission's reservation on a paragraph (DOMAIN: recorded, but not blocking consensus): the
 * Commission's users enter or withdraw it from the paragraph's panel; everyone sees it beside the
 * Member States' positions and in the footnote a revision would carry.
 */
import {
  COMMISSION,
  mayEnterCommissionReservation,
  RESERVATION_KINDS,
  type ReservationKind,
  type Result,
} from '@accord/model';
import { useEffect, useRef, useState } from 'react';
import { type ApiFailure, api, type CommissionReservationView, type Me } from '../api/client';
import { useRequest } from '../api/use-request';
import { FormError } from '../components/FormError';
import { PositionNoteInput } from '../components/PositionNoteInput';
import { StaleNotice } from '../draft/StaleNotice';
import {
  draftReservation,
  keepUnsentText,
  reopenReservation,
  showReservation,
  type UnsentTexts,
} from '../draft/unsent-text';
import { POSITION_TEXT } from './position-labels';

interface CommissionReservationFormProps {
  readonly documentId: string;
  readonly blockId: string;
  /** The block's live text: a stale reservation's changes are compared again when it changes. */
  readonly text: string;
  readonly current: CommissionReservationView | undefined;
  readonly me: Me;
  /**
   * The room's text typed in panels and not sent: the form as it was left when the panel last closed
   * on the block comes back, unless a reservation was entered or withdrawn since.
   */
  readonly unsent?: UnsentTexts;
  readonly onChanged: () => void;
  /** Says what was done, to a screen reader. */
  readonly onAnnounce: (message: string) => void;
}

export function CommissionReservationForm({
  documentId,
  blockId,
  text,
  current,
  me,
  unsent,
  onChanged,
  onAnnounce,
}: CommissionReservationFormProps) {
  const [fields, setFields] = useState(() => reopenReservation(unsent?.get(blockId)?.reservation, current));
  const { kind: position, note } = fields;
  // The fields follow a reservation entered or withdrawn since (here or by a colleague). They are reset
  // in place, not by remounting the form, which would drop the focus of the button just pressed.
  const [shown, setShown] = useState(current?.at);
  if (current?.at !== shown) {
    setShown(current?.at);
    setFields(showReservation(current));
  }
  useEffect(() => {
    if (unsent !== undefined)
      keepUnsentText(unsent, blockId, { reservation: draftReservation(fields, current) });
  }, [unsent, blockId, fields, current]);
  const { busy, error, run } = useRequest();
  const enter = useRef<HTMLButtonElement>(null);
  if (!mayEnterCommissionReservation(me)) return null;

  // Says what was done once the server took it, and has the report fetched again.
  const send = (call: () => Promise<Result<unknown, ApiFailure>>, done: string) =>
    run(call, () => {
      onAnnounce(done);
      onChanged();
    });

  return (
    <section className="own-position" aria-label="The Commission's reservation">
      <h3>The Commission's reservation</h3>
      <p className="quiet">
        Recorded in the footnotes with the Member States' positions; it does not block consensus.
      </p>
      {current && <p className="own-current">COM: {POSITION_TEXT[current.position].label}</p>}
      {current?.stale && (
        <StaleNotice
          documentId={documentId}
          blockId={blockId}
          text={text}
          holder={COMMISSION}
          statement="reservation"
          current={current}
          busy={busy}
          onReconfirm={() =>
            // The notice goes once the reservation is entered again: focus goes to the form's button.
            void send(
              () => api.enterCommissionReservation(documentId, blockId, current.position, current.note),
              `The Commission's reservation entered again: ${POSITION_TEXT[current.position].label}.`,
            ).then((entered) => {
              if (entered) enter.current?.focus();
            })
          }
        />
      )}
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const text = note.trim();
          void send(
            () => api.enterCommissionReservation(documentId, blockId, position, text === '' ? null : text),
            `The Commission's reservation entered: ${POSITION_TEXT[position].label}.`,
          );
        }}
      >
        <label>
          Reservation{' '}
          <select
            value={position}
            onChange={(e) => setFields({ ...fields, kind: e.target.value as ReservationKind })}
          >
            {RESERVATION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {POSITION_TEXT[kind].label}
              </option>
            ))}
          </select>
        </label>
        <label className="field note-field">
          Note (optional)
          <PositionNoteInput value={note} onChange={(value) => setFields({ ...fields, note: value })} />
        </label>
        <button type="submit" ref={enter} aria-disabled={busy || undefined}>
          {current ? 'Enter again' : 'Enter the reservation'}
        </button>
        {current && (
          <button
            type="button"
            className="link-button"
            aria-disabled={busy || undefined}
            onClick={() => {
              // The Withdraw button goes with the reservation: focus goes to the button that enters one.
              void send(
                () => api.withdrawCommissionReservation(documentId, blockId),
                "The Commission's reservation withdrawn.",
              ).then((withdrawn) => {
                if (withdrawn) enter.current?.focus();
              });
            }}
          >
            Withdraw the Commission's reservation
          </button>
        )}
      </form>
      <FormError error={error} />
    </section>
  );
}

/**
 * General reservations, on the whole text ("DK: general scrutiny reservation"): the board's first row,
 * and for a delegate the form that enters or withdraws the delegation's own. While any stands the
 * document is not agreed, whatever its paragraphs say; it stands until the delegation withdraws it.
 * The Commission's general reservation is shown beside them and entered the same way by its users,
 * recorded but never blocking (DOMAIN).
 */
import {
  COMMISSION,
  can,
  isMemberStateCode,
  MEMBER_STATE_CODES,
  type MemberStateCode,
  mayEnterCommissionReservation,
  RESERVATION_KINDS,
  type ReservationKind,
  type Result,
} from '@accord/model';
import { useRef, useState } from 'react';
import {
  type ApiFailure,
  api,
  type CommissionReservationView,
  type ConsensusReport,
  type Me,
  type PositionView,
} from '../api/client';
import { useRequest } from '../api/use-request';
import { FormError } from '../components/FormError';
import { PositionNoteInput } from '../components/PositionNoteInput';
import { useFocusAfterChange } from '../components/use-focus-after-change';
import { PositionCell } from './PositionCell';
import { describeCommissionGeneralCell, POSITION_TEXT, STATUS_TEXT } from './position-labels';

type General = ConsensusReport['general'];

/** "DK: general scrutiny reservation", "DK: no general reservation". */
function describeGeneralCell(delegation: MemberStateCode, general: General): string {
  const view = general.positions[delegation];
  return view
    ? `${delegation}: general ${POSITION_TEXT[view.position].label}`
    : `${delegation}: no general reservation`;
}

/** The board's row for the whole text, in the same columns as a paragraph's. */
export function GeneralRow({
  general,
  commission,
}: {
  readonly general: General;
  readonly commission: CommissionReservationView | undefined;
}) {
  const reserved = general.reserved.length > 0;
  return (
    <div
      role="row"
      className={`board-row general-row status-${reserved ? 'reserved' : 'agreed'}`}
      data-block-id="whole-text"
    >
      <div role="rowheader" className="board-row-head">
        Whole text
        <span className="board-excerpt">General reservations</span>
      </div>
      <div role="cell" className="board-status">
        {reserved ? (
          <span className="status-pill">
            {STATUS_TEXT.reserved.symbol} {STATUS_TEXT.reserved.label}
          </span>
        ) : (
          <span className="quiet">None</span>
        )}
      </div>
      {MEMBER_STATE_CODES.map((code) => (
        <PositionCell
          key={code}
          who={code}
          view={general.positions[code]}
          description={describeGeneralCell(code, general)}
        />
      ))}
      <PositionCell who="COM" view={commission} description={describeCommissionGeneralCell(commission)} />
      <div role="cell" className="board-qmv" aria-label="No QMV what-if for the whole text" />
    </div>
  );
}

/** "parliamentary scrutiny reservation: “Awaiting the Folketing.”", the note as the board shows it. */
function describeHeld(view: PositionView): string {
  const label = POSITION_TEXT[view.position].label;
  return view.note ? `${label}: “${view.note}”` : label;
}

/**
 * The drafting room's line on the whole text: "General reservations on the whole text: DK
 * (parliamentary scrutiny reservation: “Awaiting the Folketing.”), PL (scrutiny reservation)." Each
 * note is read here as on the board: a delegate in the room should not have to go there for it. The
 * line is there from the start (empty until the report comes), so the draft under it never moves when
 * the report arrives.
 */
export function GeneralReservationsNotice({
  general,
  commission,
}: {
  readonly general: General | null;
  readonly commission: CommissionReservationView | undefined;
}) {
  if (general === null) return <p className="general-notice" aria-hidden="true" />;
  const held = general.reserved.flatMap((code) => {
    const view = general.positions[code];
    return view ? [`${code} (${describeHeld(view)})`] : [];
  });
  const commissionHeld =
    commission === undefined
      ? null
      : `COM (${POSITION_TEXT[commission.position].label}, not blocking${commission.note ? `: “${commission.note}”` : ''})`;
  if (held.length === 0 && commissionHeld === null) {
    return <p className="general-notice quiet">No general reservation on the whole text.</p>;
  }
  return (
    <p className={held.length === 0 ? 'general-notice quiet' : 'general-notice'}>
      <strong>General reservations</strong> on the whole text:{' '}
      {[...held, ...(commissionHeld === null ? [] : [commissionHeld])].join(', ')}.
    </p>
  );
}

/** Whose general reservation the caller enters, the one it holds, and the calls that change it. */
function generalHolder(me: Me, general: General, commission: CommissionReservationView | undefined) {
  if (mayEnterCommissionReservation(me)) {
    return {
      own: COMMISSION,
      held: commission,
      enter: api.enterCommissionGeneralReservation,
      withdraw: api.withdrawCommissionGeneralReservation,
      forCommission: true,
    };
  }
  if (!isMemberStateCode(me.delegation) || !can(me.role, 'take-position')) return null;
  return {
    own: me.delegation,
    held: general.positions[me.delegation],
    enter: api.recordGeneralReservation,
    withdraw: api.withdrawGeneralReservation,
    forCommission: false,
  };
}

interface GeneralReservationFormProps {
  readonly documentId: string;
  readonly general: General;
  /** The Commission's general reservation, if it holds one. */
  readonly commission: CommissionReservationView | undefined;
  readonly me: Me;
  readonly onChanged: () => void;
}

/**
 * The caller's own general reservation: a delegate's for its Member State, a Commission user's for
 * the Commission. Enter one, or withdraw the one held.
 */
export function GeneralReservationForm({
  documentId,
  general,
  commission,
  me,
  onChanged,
}: GeneralReservationFormProps) {
  const [position, setPosition] = useState<ReservationKind>('scrutiny_reservation');
  const [note, setNote] = useState('');
  const { busy, error, run } = useRequest();
  const [announcement, setAnnouncement] = useState('');
  const enterButton = useRef<HTMLButtonElement>(null);
  const withdrawButton = useRef<HTMLButtonElement>(null);
  const holder = generalHolder(me, general, commission);
  const holds = holder?.held !== undefined;
  // Entering a reservation replaces the form by the reservation held, and withdrawing it the reverse,
  // once the new report comes, taking away the button just pressed: focus follows to the button that
  // undoes what was done.
  const focusAfterChange = useFocusAfterChange(holds, () => (holds ? withdrawButton : enterButton).current);
  if (holder === null) return null;
  const { own, held, enter, withdraw, forCommission } = holder;
  const send = (call: () => Promise<Result<unknown, ApiFailure>>, done: string) =>
    run(call, () => {
      setNote('');
      focusAfterChange();
      setAnnouncement(done);
      onChanged();
    });

  return (
    <div className="general-reservation">
      {/* Always there, so that a screen reader hears what was done when the text comes. */}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {held ? (
        <div className="inline-form general-form">
          <p>
            {own} holds a <strong>general {POSITION_TEXT[held.position].label}</strong> on the whole text
            {forCommission && ' (recorded, not blocking)'}
            {held.note ? `: ${held.note}` : '.'}
          </p>
          <button
            ref={withdrawButton}
            type="button"
            aria-disabled={busy || undefined}
            onClick={() => void send(() => withdraw(documentId), `${own}'s general reservation withdrawn.`)}
          >
            Withdraw the general reservation
          </button>
          <FormError error={error} />
        </div>
      ) : (
        <form
          className="inline-form general-form"
          onSubmit={(event) => {
            event.preventDefault();
            const text = note.trim();
            void send(
              () => enter(documentId, position, text === '' ? null : text),
              `${own}'s general reservation entered: general ${POSITION_TEXT[position].label}.`,
            );
          }}
        >
          <label>
            {own}'s general reservation on the whole text{' '}
            <select value={position} onChange={(e) => setPosition(e.target.value as ReservationKind)}>
              {RESERVATION_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  General {POSITION_TEXT[kind].label}
                </option>
              ))}
            </select>
          </label>
          <label className="field note-field">
            Note (optional)
            <PositionNoteInput value={note} onChange={setNote} />
          </label>
          <button ref={enterButton} type="submit" aria-disabled={busy || undefined}>
            Enter
          </button>
          <FormError error={error} />
        </form>
      )}
    </div>
  );
}

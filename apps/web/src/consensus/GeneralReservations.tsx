/**
 * General reservations, on the whole text ("DK: general scrutiny reservation"): the board's first row,
 * and for a delegate the form that enters or withdraws the delegation's own. While any stands the
 * document is not agreed, whatever its paragraphs say; it stands until the delegation withdraws it.
 */
import {
  can,
  isMemberStateCode,
  MEMBER_STATE_CODES,
  type MemberStateCode,
  RESERVATION_KINDS,
  type ReservationKind,
} from '@accord/model';
import { useState } from 'react';
import { type ApiFailure, api, type ConsensusReport, type Me } from '../api/client';
import { FormError } from '../components/FormError';
import { PositionCell } from './PositionCell';
import { POSITION_TEXT, STATUS_TEXT } from './position-labels';

type General = ConsensusReport['general'];

/** "DK: general scrutiny reservation", "DK: no general reservation". */
function describeGeneralCell(delegation: MemberStateCode, general: General): string {
  const view = general.positions[delegation];
  return view
    ? `${delegation}: general ${POSITION_TEXT[view.position].label}`
    : `${delegation}: no general reservation`;
}

/** The board's row for the whole text, in the same columns as a paragraph's. */
export function GeneralRow({ general }: { readonly general: General }) {
  const reserved = general.reserved.length > 0;
  return (
    <tr className={`general-row status-${reserved ? 'reserved' : 'agreed'}`} data-block-id="whole-text">
      <th scope="row" className="board-row-head">
        Whole text
        <span className="board-excerpt">General reservations</span>
      </th>
      <td>
        {reserved ? (
          <span className="status-pill">
            {STATUS_TEXT.reserved.symbol} {STATUS_TEXT.reserved.label}
          </span>
        ) : (
          <span className="quiet">None</span>
        )}
      </td>
      {MEMBER_STATE_CODES.map((code) => (
        <PositionCell
          key={code}
          view={general.positions[code]}
          description={describeGeneralCell(code, general)}
        />
      ))}
      <td className="board-cell" aria-label="The Commission enters no general reservation" />
      <td className="board-qmv" aria-label="No QMV what-if for the whole text" />
    </tr>
  );
}

/**
 * The drafting room's line on the whole text: "General reservations on the whole text: DK
 * (parliamentary scrutiny reservation), PL (scrutiny reservation)." The line is there from the start
 * (empty until the report comes), so the draft under it never moves when the report arrives.
 */
export function GeneralReservationsNotice({ general }: { readonly general: General | null }) {
  if (general === null) return <p className="general-notice" aria-hidden="true" />;
  if (general.reserved.length === 0) {
    return <p className="general-notice quiet">No general reservation on the whole text.</p>;
  }
  const held = general.reserved.flatMap((code) => {
    const view = general.positions[code];
    return view ? [`${code} (${POSITION_TEXT[view.position].label})`] : [];
  });
  return (
    <p className="general-notice">
      <strong>General reservations</strong> on the whole text: {held.join(', ')}.
    </p>
  );
}

interface GeneralReservationFormProps {
  readonly documentId: string;
  readonly general: General;
  readonly me: Me;
  readonly onChanged: () => void;
}

/** A delegate's own general reservation: enter one, or withdraw the one the delegation holds. */
export function GeneralReservationForm({ documentId, general, me, onChanged }: GeneralReservationFormProps) {
  const [position, setPosition] = useState<ReservationKind>('scrutiny_reservation');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  const own = isMemberStateCode(me.delegation) ? me.delegation : null;
  if (!can(me.role, 'take-position') || own === null) return null;
  const held = general.positions[own];
  const done = (result: { ok: boolean; error?: ApiFailure }) => {
    setError(result.ok ? null : (result.error ?? null));
    if (result.ok) {
      setNote('');
      onChanged();
    }
  };

  if (held) {
    return (
      <div className="inline-form general-form">
        <p>
          {own} holds a <strong>general {POSITION_TEXT[held.position].label}</strong> on the whole text
          {held.note ? `: ${held.note}` : '.'}
        </p>
        <button type="button" onClick={() => void api.withdrawGeneralReservation(documentId).then(done)}>
          Withdraw the general reservation
        </button>
        <FormError error={error} />
      </div>
    );
  }
  return (
    <form
      className="inline-form general-form"
      onSubmit={(event) => {
        event.preventDefault();
        const text = note.trim();
        void api.recordGeneralReservation(documentId, position, text === '' ? null : text).then(done);
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
      <label>
        Note (optional) <input type="text" value={note} onChange={(e) => setNote(e.target.value)} size={30} />
      </label>
      <button type="submit">Enter</button>
      <FormError error={error} />
    </form>
  );
}

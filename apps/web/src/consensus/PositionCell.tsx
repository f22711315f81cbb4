import { useId, useState } from 'react';
import type { PositionView } from '../api/client';
import { POSITION_TEXT } from './position-labels';

/**
 * One delegation's cell on the board: its symbol for the eye, `description` ("FR: scrutiny
 * reservation") for assistive technology, and the position's note with both: read with the cell, and
 * on hover. A position with a note shows it by a mark ("R*"), a button that opens the note in a popover
 * beside it: the hover title alone left keyboard and touch users to open the paragraph to read it (cells
 * take no focus, and a tap shows no title). The popover (the Popover API: Escape or a tap elsewhere
 * closes it, focus stays on the mark) is filled only while open, so the cell reads as before and a
 * long board carries no copy of every note.
 */
export function PositionCell({
  who,
  view,
  description,
}: {
  /** "FR", "COM": whose note the mark opens. */
  readonly who: string;
  readonly view: PositionView | undefined;
  readonly description: string;
}) {
  const said = view?.note ? `${description}. Note: ${view.note}` : description;
  const symbol = view ? POSITION_TEXT[view.position].symbol : '·';
  return (
    <div
      role="cell"
      className={`board-cell position-${view?.position ?? 'none'}${view?.stale ? ' stale' : ''}`}
      title={said}
    >
      {view?.note ? (
        <>
          {/* Read first, so the cell is named by its position, then the mark: "FR's note, button". */}
          <span className="visually-hidden">{said}</span>
          <NoteMark who={who} symbol={symbol} description={description} note={view.note} />
        </>
      ) : (
        <>
          <span aria-hidden="true">{symbol}</span>
          <span className="visually-hidden">{said}</span>
        </>
      )}
    </div>
  );
}

function NoteMark({
  who,
  symbol,
  description,
  note,
}: {
  readonly who: string;
  readonly symbol: string;
  readonly description: string;
  readonly note: string;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <>
      {/* Its name is short: the cell around it already says the position and the note. */}
      <button type="button" className="note-mark" popoverTarget={id} aria-label={`${who}'s note`}>
        <span aria-hidden="true">
          {symbol}
          <span className="note-mark-star">*</span>
        </span>
      </button>
      <div
        id={id}
        popover="auto"
        className="note-popover"
        onToggle={(event) => setOpen(event.newState === 'open')}
      >
        {open && (
          <>
            <strong>{description}</strong>
            <p>{note}</p>
          </>
        )}
      </div>
    </>
  );
}

import type { PositionView } from '../api/client';
import { POSITION_TEXT } from './position-labels';

/**
 * One delegation's cell on the board: its symbol for the eye, `description` ("FR: scrutiny
 * reservation") for assistive technology, and the position's note with both: read with the cell, and
 * on hover. A note only in `title` was not read by screen readers, which seldom announce a cell's
 * description, nor reachable from the keyboard, on which cells take no focus.
 */
export function PositionCell({
  view,
  description,
}: {
  readonly view: PositionView | undefined;
  readonly description: string;
}) {
  const said = view?.note ? `${description}. Note: ${view.note}` : description;
  return (
    <div
      role="cell"
      className={`board-cell position-${view?.position ?? 'none'}${view?.stale ? ' stale' : ''}`}
      title={said}
    >
      <span aria-hidden="true">{view ? POSITION_TEXT[view.position].symbol : '·'}</span>
      <span className="visually-hidden">{said}</span>
    </div>
  );
}

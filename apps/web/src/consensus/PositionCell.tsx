import type { PositionView } from '../api/client';
import { POSITION_TEXT } from './position-labels';

/**
 * One delegation's cell on the board: its symbol for the eye, `description` ("FR: scrutiny
 * reservation") for assistive technology, and the position's note on hover.
 */
export function PositionCell({
  view,
  description,
}: {
  readonly view: PositionView | undefined;
  readonly description: string;
}) {
  return (
    <div
      role="cell"
      className={`board-cell position-${view?.position ?? 'none'}${view?.stale ? ' stale' : ''}`}
      title={view?.note ? `${description}. ${view.note}` : description}
    >
      <span aria-hidden="true">{view ? POSITION_TEXT[view.position].symbol : '·'}</span>
      <span className="visually-hidden">{description}</span>
    </div>
  );
}

/**
 * A delegate's to-do after the text moved on: the paragraphs where the delegation's position was given
 * on an earlier text, each linked to the paragraph, whose panel shows what changed since and offers to
 * re-confirm. Never re-confirmed from here: the delegation should read the change first.
 */
import { isMemberStateCode } from '@accord/model';
import { Link } from 'react-router';
import type { ConsensusReport, Me } from '../api/client';
import { POSITION_TEXT } from './position-labels';

interface StalePositionsProps {
  readonly documentId: string;
  readonly report: ConsensusReport;
  readonly me: Me;
  /** Each block's name on the board ("Part 1, ¶ 2"), by id. */
  readonly labels: ReadonlyMap<string, string>;
}

export function StalePositions({ documentId, report, me, labels }: StalePositionsProps) {
  const own = isMemberStateCode(me.delegation) ? me.delegation : null;
  if (me.role !== 'delegate' || own === null) return null;
  const stale = report.blocks.flatMap((block) => {
    const view = block.positions[own];
    return view?.stale ? [{ id: block.id, position: view.position }] : [];
  });
  if (stale.length === 0) return null;
  return (
    <section className="stale-positions" aria-labelledby="stale-positions-title">
      <h3 id="stale-positions-title">
        {own}'s positions given on an earlier text ({stale.length})
      </h3>
      <ul>
        {stale.map(({ id, position }) => (
          <li key={id}>
            <Link to={`/documents/${encodeURIComponent(documentId)}#${id}`}>
              {labels.get(id) ?? 'A paragraph'}
            </Link>
            : {POSITION_TEXT[position].label} — open it to see what changed and re-confirm
          </li>
        ))}
      </ul>
    </section>
  );
}

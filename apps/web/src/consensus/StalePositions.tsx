/**
 * A delegate's to-do after the text moved on: the paragraphs where the delegation's position was given
 * on an earlier text, each linked to the paragraph, whose panel shows what changed since and offers to
 * re-confirm. Never re-confirmed from here: the delegation should read the change first. The
 * Commission's users get the same list of its reservations: nothing else told them one went stale but
 * a cell of the board's COM column.
 */
import {
  COMMISSION,
  formatCouncilTime,
  isMemberStateCode,
  mayEnterCommissionReservation,
} from '@accord/model';
import { Link } from 'react-router';
import type { ConsensusReport, Me, PositionView } from '../api/client';
import { POSITION_TEXT } from './position-labels';
import { warnOfSilenceOverrides } from './silence-override';

interface StalePositionsProps {
  readonly documentId: string;
  readonly report: ConsensusReport;
  readonly me: Me;
  /** Each block's name on the board ("Annex, ¶ 2"), by id. */
  readonly labels: ReadonlyMap<string, string>;
}

interface StaleStatement {
  readonly id: string;
  readonly position: PositionView['position'];
}

export function StalePositions({ documentId, report, me, labels }: StalePositionsProps) {
  const own = isMemberStateCode(me.delegation) ? me.delegation : null;
  // The Commission's reservations are pinned to the text as positions are, and go stale the same way.
  if (mayEnterCommissionReservation(me)) {
    const stale = report.commission.flatMap((entry) =>
      entry.stale ? [{ id: entry.blockId, position: entry.position }] : [],
    );
    return (
      <StaleList
        documentId={documentId}
        title={`${COMMISSION}'s reservations entered on an earlier text`}
        stale={stale}
        labels={labels}
        todo="open it to see what changed and re-confirm"
      />
    );
  }
  if (me.role !== 'delegate' || own === null) return null;
  const stale = report.blocks.flatMap((block) => {
    const view = block.positions[own];
    return view?.stale ? [{ id: block.id, position: view.position }] : [];
  });
  return (
    <StaleList
      documentId={documentId}
      title={`${own}'s positions given on an earlier text`}
      stale={stale}
      labels={labels}
      todo="open it to see what changed and re-confirm"
      warning={warnOfSilenceOverrides(
        report.silence,
        stale.map((s) => s.position),
        own,
        formatCouncilTime,
      )}
    />
  );
}

function StaleList({
  documentId,
  title,
  stale,
  labels,
  todo,
  warning = null,
}: {
  readonly documentId: string;
  readonly title: string;
  readonly stale: readonly StaleStatement[];
  readonly labels: ReadonlyMap<string, string>;
  readonly todo: string;
  /** What a running silence procedure would do to them (`warnOfSilenceOverrides`). */
  readonly warning?: string | null;
}) {
  if (stale.length === 0) return null;
  return (
    <section className="stale-positions" aria-labelledby="stale-positions-title">
      <h3 id="stale-positions-title">
        {title} ({stale.length})
      </h3>
      {warning !== null && <p className="silence-override">{warning}</p>}
      <ul>
        {stale.map(({ id, position }) => (
          <li key={id}>
            <Link to={`/documents/${encodeURIComponent(documentId)}#${id}`}>
              {labels.get(id) ?? 'A paragraph'}
            </Link>
            : {POSITION_TEXT[position].label} — {todo}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * A statement pinned to an earlier text: a delegation's position, or the Commission's reservation. The
 * notice says the text moved on since, shows how (a redline of the paragraph), and offers to give the
 * statement again on the text as it reads now.
 */
import { formatCouncilTime, type Result } from '@accord/model';
import { useEffect, useMemo, useState } from 'react';
import {
  type ApiFailure,
  api,
  type DiffOp,
  type DocumentDiff,
  type PositionView,
  type Silence,
} from '../api/client';
import { coalesceRefresh } from '../consensus/coalesce-refresh';
import { POSITION_TEXT } from '../consensus/position-labels';
import { warnOfSilenceOverride } from '../consensus/silence-override';
import { findRevisionAt } from '../revisions/find-revision-at';
import { type FootnoteCall, listFootnoteCalls } from '../revisions/footnote-calls';
import { RedlineText } from '../revisions/RedlineText';
import { showsChange } from '../revisions/shown-blocks';

/** What went stale: its words, and where the server keeps the text it was pinned to. */
const STATEMENTS = {
  position: {
    given: 'gave this position',
    consequence: 'It no longer counts until it is given again.',
    loadChanges: api.getPositionChanges,
  },
  // The Commission's reservation never counts: it is recorded, on a text that is no longer there.
  reservation: {
    given: 'entered this reservation',
    consequence: 'It is recorded on the earlier text until it is entered again; it does not block.',
    loadChanges: api.getCommissionReservationChanges,
  },
} as const satisfies Record<
  string,
  {
    given: string;
    consequence: string;
    loadChanges: (id: string, blockId: string) => Promise<Result<DocumentDiff, ApiFailure>>;
  }
>;

export function StaleNotice({
  documentId,
  blockId,
  text,
  holder,
  statement,
  current,
  silence = null,
  busy,
  onReconfirm,
}: {
  readonly documentId: string;
  readonly blockId: string;
  /** The block's live text: the comparison is made again when it changes. */
  readonly text: string;
  /** Whose it is: "FR", "COM". */
  readonly holder: string;
  readonly statement: keyof typeof STATEMENTS;
  readonly current: PositionView;
  /** The running procedure a lapse of which would override a delegation's stale position. */
  readonly silence?: Silence | null;
  readonly busy: boolean;
  readonly onReconfirm: () => void;
}) {
  const { given, consequence, loadChanges } = STATEMENTS[statement];
  // The Commission's reservation never counts, so a lapse takes nothing from it.
  const override =
    statement === 'position'
      ? warnOfSilenceOverride(silence, current.position, holder, formatCouncilTime)
      : null;
  const [changes, setChanges] = useState<{
    label: string;
    ops: readonly DiffOp[];
    calls: readonly FootnoteCall[];
  } | null>(null);
  // Compared with the text the statement was pinned to, again whenever the text moves on (folded, so
  // typing costs at most one comparison in flight); one given before the server kept such texts is
  // compared from the revision current when it was given.
  const compare = useMemo(
    () =>
      coalesceRefresh(async () => {
        let diff = await loadChanges(documentId, blockId);
        if (!diff.ok && diff.error.code === 'position-text-unknown') {
          const revisions = await api.listRevisions(documentId);
          if (!revisions.ok) return null;
          diff = await api.getDiff(documentId, findRevisionAt(revisions.value, current.at), 'live');
        }
        if (!diff.ok) return null;
        const block = diff.value.blocks.find((b) => b.new?.id === blockId || b.old?.id === blockId);
        if (!block) return null;
        // The block's footnote calls stand where they are in the text, as in the Revisions redline; a
        // footnote whose words changed is a change of the paragraph (the statement went stale for it).
        const calls = listFootnoteCalls(diff.value).get(block) ?? [];
        if (!showsChange(block, calls)) return null;
        return { label: diff.value.fromLabel, ops: block.ops, calls };
      }, setChanges),
    [loadChanges, documentId, blockId, current.at],
  );
  useEffect(() => {
    compare.resume();
    return () => compare.stop();
  }, [compare]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: compare again when the text or the report moves on
  useEffect(() => {
    compare();
  }, [compare, text, current]);

  return (
    <div className="stale-notice" role="note">
      <p>
        <strong>Stale:</strong> the text has changed since {holder} {given}. {consequence}
      </p>
      {override !== null && <p className="silence-override">{override}</p>}
      {changes && changes.ops.length > 0 && (
        <p className="stale-changes">
          <span className="quiet">Changes since {changes.label}: </span>
          <RedlineText ops={changes.ops} calls={changes.calls} />
        </p>
      )}
      <button type="button" className="primary" aria-disabled={busy || undefined} onClick={onReconfirm}>
        Re-confirm: {POSITION_TEXT[current.position].label}
      </button>
    </div>
  );
}

/**
 * The drafting room's live region for what others do anywhere in the text (`room-arrivals.ts`): a
 * screen reader hears that FR entered a reservation on paragraph 3, the Commission withdrew its own,
 * or DE commented on paragraph 5, where a sighted reader sees the margins change. A log, there before
 * its first message, each message a line of its own so that one said again is heard again.
 */
import { nameBlocks } from '@accord/model';
import { memo, useEffect, useRef, useState } from 'react';
import type { BlockComment, ConsensusReport, Me } from '../api/client';
import {
  describeRoomArrivals,
  findTellingTime,
  listRoomArrivals,
  type PendingArrivals,
  queueArrivals,
  type RoomSnapshot,
} from './room-arrivals';
import type { BlockStructure } from './use-block-structure';

/** The lines the log keeps: a screen reader reads each as it comes, the rest is for nobody. */
const MAX_LINES_KEPT = 5;

export const RoomArrivals = memo(function RoomArrivals({
  report,
  comments,
  me,
  openBlockId,
  structure,
}: {
  readonly report: ConsensusReport | null;
  /** Null while not read yet: the first comments read are what the room opened on. */
  readonly comments: readonly BlockComment[] | null;
  readonly me: Me;
  /** The paragraph whose panel is open: its own log tells what arrives there. */
  readonly openBlockId: string | null;
  /** What names the blocks, as the margins do. */
  readonly structure: BlockStructure;
}) {
  const [lines, setLines] = useState<readonly { readonly id: number; readonly text: string }[]>([]);
  const seen = useRef<RoomSnapshot>(readSnapshot(report, comments));
  const pending = useRef<PendingArrivals | null>(null);
  const timer = useRef<number | undefined>(undefined);
  // Read when something arrives, not a reason to look again.
  const openBlock = useRef(openBlockId);
  openBlock.current = openBlockId;
  const named = useRef(structure);
  named.current = structure;

  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEffect(() => {
    const now = readSnapshot(report, comments);
    const found = listRoomArrivals(seen.current, now, me, openBlock.current);
    seen.current = now;
    if (found.length === 0) return;
    // Named as the paragraph was cited when it happened: a renumbering before it is told changes nothing.
    const names = nameBlocks(named.current, 'inline');
    const arrivals = found.map(({ blockId, arrival }) => ({
      where: names.get(blockId) ?? 'a deleted paragraph',
      arrival,
    }));
    const waiting = queueArrivals(pending.current, arrivals, Date.now());
    if (waiting === null) return;
    pending.current = waiting;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const told = pending.current;
      pending.current = null;
      if (told === null) return;
      setLines((kept) => [
        ...kept.slice(1 - MAX_LINES_KEPT),
        { id: (kept.at(-1)?.id ?? 0) + 1, text: describeRoomArrivals(told.arrivals) },
      ]);
    }, findTellingTime(waiting) - Date.now());
  }, [report, comments, me]);

  return (
    <div role="log" aria-label="Others' positions and comments" className="visually-hidden">
      {lines.map((line) => (
        <p key={line.id}>{line.text}</p>
      ))}
    </div>
  );
});

function readSnapshot(
  report: ConsensusReport | null,
  comments: readonly BlockComment[] | null,
): RoomSnapshot {
  return { blocks: report?.blocks, commission: report?.commission ?? [], comments };
}

/**
 * What a block's margin button is called. Its name holds the words the margin shows, in the order
 * shown and with nothing between them, so that someone using speech input says what they see and the
 * button answers ("click reserved", WCAG 2.5.3 Label in Name); what the margin does not spell out
 * (who agrees, who reserves, that nobody has spoken) follows them.
 */
import { listCurrentCounts, type PositionCounts } from '../consensus/position-labels';

export interface MarginSummary {
  /** How the room cites the block: "Annex, paragraph 2". */
  readonly name: string;
  /** The status the margin shows ("Reserved", "Agreed by silence"); null until the report has come. */
  readonly status: string | null;
  readonly counts: PositionCounts | null;
  /** Unresolved comments this user may see. */
  readonly comments: number;
  /** Bracketed passages in the block's text. */
  readonly brackets: number;
  /** The Commission's reservation on the block, if it holds one: shown, never counted. */
  readonly commission: { readonly stale: boolean } | null;
  /** No text at all: the report leaves such a block out, there being nothing in it to agree to. */
  readonly blank: boolean;
}

/** "1 comment", "2 comments". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How many Member States hold a current position: the margin's "n/27". */
export function countSpoken(counts: PositionCounts): number {
  return counts.agreeing + counts.abstaining + counts.reserved + counts.opposed;
}

/**
 * The margin's note of the Commission's reservation: "COM reservation (not blocking)", as the board's
 * COM column is recorded and never counted; "(stale, not blocking)" once the text changed since.
 */
export function describeCommissionMark(commission: { readonly stale: boolean }): string {
  return `COM reservation (${commission.stale ? 'stale, ' : ''}not blocking)`;
}

/**
 * "Annex, paragraph 2: reserved; 2/27; 1 stale; COM reservation (not blocking); 1 comment; 2 bracketed
 * passages; 1 agree · 1 reserved" for a margin showing "R Reserved 2/27 1 stale COM reservation (not
 * blocking) 1 comment [2]".
 */
export function labelMargin({
  name,
  status,
  counts,
  comments,
  brackets,
  blank,
  commission,
}: MarginSummary): string {
  const spoken = counts ? countSpoken(counts) : 0;
  const shown = [
    status?.toLowerCase() ?? null,
    spoken > 0 ? `${spoken}/27` : null,
    counts && counts.stale > 0 ? `${counts.stale} stale` : null,
    commission ? describeCommissionMark(commission) : null,
    comments > 0 ? plural(comments, 'comment', 'comments') : null,
    // Shown as "[2]": the number, then what it counts.
    brackets > 0 ? plural(brackets, 'bracketed passage', 'bracketed passages') : null,
  ];
  const current = counts ? listCurrentCounts(counts) : [];
  const told =
    current.length > 0
      ? current.join(' · ')
      : counts !== null && counts.stale === 0
        ? 'no positions yet'
        : null;
  const parts = [...shown, told].filter((part) => part !== null);
  if (parts.length > 0) return `${name}: ${parts.join('; ')}`;
  return `${name}: ${blank ? 'empty, nothing to agree to' : 'no positions yet'}`;
}

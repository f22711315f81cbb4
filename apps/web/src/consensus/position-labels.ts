/**
 * How positions and statuses read on screen. Every one has a word and a symbol, so nothing depends on
 * colour alone ("FR: scrutiny reservation", shown as S).
 */
import { type BlockStatus, MEMBER_STATE_CODES, type MemberStateCode, type PositionKind } from '@accord/model';
import type { BlockConsensus, PositionView } from '../api/client';

export const POSITION_TEXT: Readonly<
  Record<PositionKind, { label: string; symbol: string; action: string }>
> = {
  agree: { label: 'agrees', symbol: '✓', action: 'Agree' },
  abstain: { label: 'abstains', symbol: '–', action: 'Abstain' },
  scrutiny_reservation: { label: 'scrutiny reservation', symbol: 'S', action: 'Scrutiny reservation' },
  parliamentary_scrutiny_reservation: {
    label: 'parliamentary scrutiny reservation',
    symbol: 'P',
    action: 'Parliamentary scrutiny reservation',
  },
  linguistic_reservation: { label: 'linguistic reservation', symbol: 'L', action: 'Linguistic reservation' },
  reservation: { label: 'reservation', symbol: 'R', action: 'Reservation' },
  oppose: { label: 'opposes', symbol: '✕', action: 'Oppose' },
};

export const STATUS_TEXT: Readonly<Record<BlockStatus, { label: string; symbol: string }>> = {
  agreed: { label: 'Agreed', symbol: '✓' },
  open: { label: 'Open', symbol: '○' },
  reserved: { label: 'Reserved', symbol: 'R' },
  opposed: { label: 'Opposed', symbol: '✕' },
};

/**
 * A cover note's line or an annex's label on which nobody has objected: no call for positions, in the
 * grey of an open block, never the green of an agreement.
 */
const NOT_NEGOTIATED = { label: 'Not negotiated', symbol: '·', tone: 'open' } as const;

/**
 * A block's status as every screen says it: the board, the margin and the paragraph's panel. Agreed
 * because a lapsed silence procedure deems the silent Member States agreeing, it says so ("Agreed by
 * silence"): read as plain "Agreed" beside a list of Member States without a position, it looks like
 * an agreement nobody gave. Outside the negotiated text (a cover note, an annex's label), an open
 * block, or one agreed only by silence, is "Not negotiated".
 */
export function describeBlockStatus(
  block: Pick<BlockConsensus, 'status' | 'coveredBySilence' | 'missing' | 'negotiated'>,
): {
  readonly label: string;
  readonly symbol: string;
  /** The status its colours are those of (`status-open`): the block's own, but for "Not negotiated". */
  readonly tone: BlockStatus;
} {
  const bySilence = isAgreedBySilence(block);
  // A cover note is open only in that nobody is asked to agree it: "Open" would call for positions,
  // and a lapsed silence procedure deeming the silent agreeing to it is no agreement either.
  if (!block.negotiated && (block.status === 'open' || bySilence)) return NOT_NEGOTIATED;
  const text = { ...STATUS_TEXT[block.status], tone: block.status };
  return bySilence ? { ...text, label: `${text.label} by silence` } : text;
}

/** Agreed because a lapsed silence procedure deems the Member States without a position agreeing. */
function isAgreedBySilence(block: Pick<BlockConsensus, 'status' | 'coveredBySilence' | 'missing'>): boolean {
  return block.status === 'agreed' && block.coveredBySilence && block.missing.length > 0;
}

/** Whether `describeBlockStatus` says "Agreed by silence" (a cover note's line says "Not negotiated"). */
export function readsAgreedBySilence(
  block: Pick<BlockConsensus, 'status' | 'coveredBySilence' | 'missing' | 'negotiated'>,
): boolean {
  return block.negotiated && isAgreedBySilence(block);
}

/** What a cell of the board says: "FR: scrutiny reservation", "FR: agrees (stale)", "FR: no position". */
export function describeCell(
  delegation: MemberStateCode,
  view: BlockConsensus['positions'][MemberStateCode],
): string {
  if (!view) return `${delegation}: no position`;
  return `${delegation}: ${POSITION_TEXT[view.position].label}${view.stale ? ' (stale: the text changed since)' : ''}`;
}

/** The Commission's cell: "COM: reservation (recorded, not blocking)". */
export function describeCommissionCell(view: PositionView | undefined): string {
  if (!view) return 'COM: no reservation';
  return `COM: ${POSITION_TEXT[view.position].label} (recorded, not blocking)${view.stale ? ' (stale: the text changed since)' : ''}`;
}

/** The Commission's cell on the whole text: "COM: general reservation (recorded, not blocking)". */
export function describeCommissionGeneralCell(view: PositionView | undefined): string {
  if (!view) return 'COM: no general reservation';
  return `COM: general ${POSITION_TEXT[view.position].label} (recorded, not blocking)`;
}

export interface PositionCounts {
  /** Current (not stale) agreements. */
  readonly agreeing: number;
  /**
   * Current abstentions: they do not block consensus, as agreements do not, but they are no agreement
   * (under QMV one counts against), so they are said apart.
   */
  readonly abstaining: number;
  /** Current reservations of any kind. */
  readonly reserved: number;
  readonly opposed: number;
  readonly stale: number;
  /** Member States without a current position. */
  readonly missing: number;
}

export function countPositions(block: Pick<BlockConsensus, 'positions'>): PositionCounts {
  let agreeing = 0;
  let abstaining = 0;
  let reserved = 0;
  let opposed = 0;
  let stale = 0;
  for (const code of MEMBER_STATE_CODES) {
    const view = block.positions[code];
    if (!view) continue;
    if (view.stale) stale++;
    else if (view.position === 'agree') agreeing++;
    else if (view.position === 'abstain') abstaining++;
    else if (view.position === 'oppose') opposed++;
    else reserved++;
  }
  return {
    agreeing,
    abstaining,
    reserved,
    opposed,
    stale,
    missing: MEMBER_STATE_CODES.length - agreeing - abstaining - reserved - opposed,
  };
}

/** The current positions, each kind said once: ["3 agree", "1 abstention", "1 reserved"]. */
export function listCurrentCounts(counts: PositionCounts): string[] {
  return [
    counts.agreeing > 0 ? `${counts.agreeing} agree` : null,
    counts.abstaining > 0 ? `${counts.abstaining} abstention${counts.abstaining === 1 ? '' : 's'}` : null,
    counts.reserved > 0 ? `${counts.reserved} reserved` : null,
    counts.opposed > 0 ? `${counts.opposed} opposed` : null,
  ].filter((part) => part !== null);
}

/** One line on where a block stands: "3 agree · 1 abstention · 1 reserved · 1 stale". */
export function summarizeCounts(counts: PositionCounts): string {
  const parts = [...listCurrentCounts(counts), counts.stale > 0 ? `${counts.stale} stale` : null].filter(
    (part) => part !== null,
  );
  return parts.length === 0 ? 'no positions yet' : parts.join(' · ');
}

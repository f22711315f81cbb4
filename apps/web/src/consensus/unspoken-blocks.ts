/**
 * The paragraphs a delegation has not spoken on, which its delegate may agree to in one step from the
 * board: those where it holds no position at all. An empty paragraph has nothing to agree to, and a
 * paragraph where its position went stale is left out too: the delegation must read what changed
 * first (`StalePositions`), not agree to it blind. Only the negotiated text counts here: a cover
 * note's points and an annex's label (`negotiated: false`) are nobody's to agree, so nobody is asked.
 */
import { can, isMemberStateCode, MEMBER_STATE_CODES, type MemberStateCode } from '@accord/model';
import type { BlockConsensus, ConsensusReport, Me } from '../api/client';

/**
 * The Member State whose paragraphs `me` may agree to: a delegate's, who may write in the document;
 * null for everyone else (the Presidency, observers, archivists: the document is read-only for them,
 * or they take no position).
 */
export function agreeingDelegation(me: Me): MemberStateCode | null {
  if (!can(me.role, 'take-position') || !can(me.role, 'edit')) return null;
  return isMemberStateCode(me.delegation) ? me.delegation : null;
}

/** Whether the delegations are asked for a position on `block`: text, and in the negotiated text. */
export function isAskedAbout(block: Pick<BlockConsensus, 'empty' | 'negotiated'>): boolean {
  return !block.empty && block.negotiated;
}

/** The ids of the blocks of `report` on which `delegation` holds no position, in document order. */
export function findUnspokenBlocks(
  report: Pick<ConsensusReport, 'blocks'>,
  delegation: MemberStateCode,
): string[] {
  return report.blocks
    .filter((block) => isAskedAbout(block) && block.positions[delegation] === undefined)
    .map((block) => block.id);
}

/** How many of `report`'s blocks hold a stale position of `delegation`: left to be read first. */
export function countStalePositions(
  report: Pick<ConsensusReport, 'blocks'>,
  delegation: MemberStateCode,
): number {
  return report.blocks.filter((block) => isAskedAbout(block) && block.positions[delegation]?.stale === true)
    .length;
}

/** Who the chair has still to hear from, in protocol order: what the board says above its rows. */
export interface UnheardMemberStates {
  /** The paragraphs positions are counted on: those a lapsed silence procedure does not cover. */
  readonly paragraphs: number;
  /** The paragraphs a lapsed silence procedure covers: nobody is left to hear from on them. */
  readonly coveredBySilence: number;
  /** Without a current position on any of those paragraphs: not heard at all. */
  readonly onNone: readonly MemberStateCode[];
  /** Without a current position on some of them, and on how many. */
  readonly onSome: readonly { readonly delegation: MemberStateCode; readonly paragraphs: number }[];
}

/**
 * The Member States without a current position (none, or one given on an earlier text) on the
 * negotiated paragraphs of `report`, as the board's "Positions missing" counts them: a paragraph a
 * lapsed silence procedure covers deems the silent agreeing, so nobody is left to hear from on it.
 */
export function listUnheardMemberStates(report: Pick<ConsensusReport, 'blocks'>): UnheardMemberStates {
  const counts = new Map<MemberStateCode, number>();
  let paragraphs = 0;
  let coveredBySilence = 0;
  for (const block of report.blocks) {
    if (!isAskedAbout(block)) continue;
    if (block.coveredBySilence) {
      coveredBySilence++;
      continue;
    }
    paragraphs++;
    for (const code of block.missing) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const onNone: MemberStateCode[] = [];
  const onSome: { delegation: MemberStateCode; paragraphs: number }[] = [];
  for (const code of MEMBER_STATE_CODES) {
    const missing = counts.get(code) ?? 0;
    if (missing === 0) continue;
    if (missing === paragraphs) onNone.push(code);
    else onSome.push({ delegation: code, paragraphs: missing });
  }
  return { paragraphs, coveredBySilence, onNone, onSome };
}

/**
 * The board's line on the Member States heard on none of the paragraphs counted: the whole sentence
 * when that is all 27, else its opening, which the codes follow. Null when there are none. "Current":
 * after a revision all 27 may hold positions given on the earlier text, so "no position yet" was
 * untrue; and one paragraph is spoken of as one.
 */
export function describeHeardOnNone({
  paragraphs,
  coveredBySilence,
  onNone,
}: UnheardMemberStates): string | null {
  if (onNone.length === 0) return null;
  const uncovered = coveredBySilence === 0 ? '' : ' no lapsed silence procedure covers';
  const counted =
    paragraphs === 1 ? `the one paragraph${uncovered}` : `the ${paragraphs} paragraphs${uncovered}`;
  if (onNone.length === MEMBER_STATE_CODES.length) {
    return `No Member State has a current position on ${paragraphs === 1 ? '' : 'any of '}${counted}.`;
  }
  return `On ${paragraphs === 1 ? '' : 'none of '}${counted} (${onNone.length} of ${MEMBER_STATE_CODES.length}):`;
}

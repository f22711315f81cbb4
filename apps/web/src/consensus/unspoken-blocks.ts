/**
 * The paragraphs a delegation has not spoken on, which its delegate may agree to in one step from the
 * board: those where it holds no position at all. An empty paragraph has nothing to agree to, and a
 * paragraph where its position went stale is left out too: the delegation must read what changed
 * first (`StalePositions`), not agree to it blind.
 */
import { can, isMemberStateCode, type MemberStateCode } from '@accord/model';
import type { ConsensusReport, Me } from '../api/client';

/**
 * The Member State whose paragraphs `me` may agree to: a delegate's, who may write in the document;
 * null for everyone else (the Presidency, observers, archivists: the document is read-only for them,
 * or they take no position).
 */
export function agreeingDelegation(me: Me): MemberStateCode | null {
  if (!can(me.role, 'take-position') || !can(me.role, 'edit')) return null;
  return isMemberStateCode(me.delegation) ? me.delegation : null;
}

/** The ids of the blocks of `report` on which `delegation` holds no position, in document order. */
export function findUnspokenBlocks(
  report: Pick<ConsensusReport, 'blocks'>,
  delegation: MemberStateCode,
): string[] {
  return report.blocks
    .filter((block) => !block.empty && block.positions[delegation] === undefined)
    .map((block) => block.id);
}

/** How many of `report`'s blocks hold a stale position of `delegation`: left to be read first. */
export function countStalePositions(
  report: Pick<ConsensusReport, 'blocks'>,
  delegation: MemberStateCode,
): number {
  return report.blocks.filter((block) => !block.empty && block.positions[delegation]?.stale === true).length;
}

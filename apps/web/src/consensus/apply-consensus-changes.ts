import type { BlockConsensus, ConsensusChanges, ConsensusReport } from '../api/client';

/**
 * The report `changes` describe, given the report of the version they were asked `since` (null when
 * none is held). Blocks that did not change keep their objects, so the board's memoised rows draw
 * nothing. Null when the changes cannot be applied to `previous` (they name a block it does not have):
 * then the whole report is to be fetched.
 */
export function applyConsensusChanges(
  previous: ConsensusReport | null,
  changes: ConsensusChanges,
): ConsensusReport | null {
  const { version: _version, full, order, blocks: changed, ...rest } = changes;
  if (full) return { ...rest, blocks: changed };
  if (previous === null) return null;
  const held = new Map<string, BlockConsensus>();
  for (const block of previous.blocks) held.set(block.id, block);
  if (order === null) {
    if (changed.length === 0) return { ...rest, blocks: previous.blocks };
    const replaced = new Map<string, BlockConsensus>();
    for (const block of changed) {
      if (!held.has(block.id)) return null;
      replaced.set(block.id, block);
    }
    return { ...rest, blocks: previous.blocks.map((block) => replaced.get(block.id) ?? block) };
  }
  for (const block of changed) held.set(block.id, block);
  const blocks: BlockConsensus[] = [];
  for (const id of order) {
    const block = held.get(id);
    if (block === undefined) return null;
    blocks.push(block);
  }
  return { ...rest, blocks };
}

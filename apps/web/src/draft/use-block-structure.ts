import type { Block } from '@accord/model';
import { useRef } from 'react';

/** What names a block and places its margin: its id, kind and number, not its text. */
export type BlockStructure = readonly Pick<Block, 'id' | 'kind' | 'number'>[];

/** Whether two lists hold the same blocks, in order, with the same kinds and numbers. */
export function sameStructure(a: BlockStructure, b: BlockStructure): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as BlockStructure[number];
    const y = b[i] as BlockStructure[number];
    if (x.id !== y.id || x.kind !== y.kind || x.number !== y.number) return false;
  }
  return true;
}

/**
 * The blocks' ids, kinds and numbers as one array that keeps its identity while they stay the same: a
 * keystroke changes a block's text and so the live document's block list, but not what the room names
 * blocks by, so names, ids and the margin's offsets are not derived again at every keystroke.
 */
export function useBlockStructure(blocks: readonly Block[]): BlockStructure {
  const kept = useRef<BlockStructure>([]);
  if (!sameStructure(kept.current, blocks)) {
    kept.current = blocks.map(({ id, kind, number }) => ({ id, kind, number }));
  }
  return kept.current;
}

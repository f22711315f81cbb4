import { type Block, readAnnexLabel } from '@accord/model';
import { useRef } from 'react';

/**
 * What names a block and places its margin: its id, kind and number, not its text; but for a
 * heading that labels an annex ("ANNEX II"), whose label names its part ("Annex II, paragraph 1").
 */
export type BlockStructure = readonly (Pick<Block, 'id' | 'kind' | 'number'> & { readonly text: string })[];

/** The text kept of a block: an annex's label, which names blocks; nothing of any other. */
function keptText(block: Pick<Block, 'kind' | 'text'>): string {
  return block.kind === 'heading' && readAnnexLabel(block.text) !== null ? block.text.trim() : '';
}

/** Whether two lists hold the same blocks, in order, with the same kinds, numbers and annex labels. */
export function sameStructure(
  a: BlockStructure,
  b: readonly Pick<Block, 'id' | 'kind' | 'number' | 'text'>[],
): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as BlockStructure[number];
    const y = b[i] as Pick<Block, 'id' | 'kind' | 'number' | 'text'>;
    if (x.id !== y.id || x.kind !== y.kind || x.number !== y.number || x.text !== keptText(y)) return false;
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
    kept.current = blocks.map((block) => ({
      id: block.id,
      kind: block.kind,
      number: block.number,
      text: keptText(block),
    }));
  }
  return kept.current;
}

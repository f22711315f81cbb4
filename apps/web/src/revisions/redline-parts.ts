import { citeBlocks, isBlockKind } from '@accord/model';
import type { DiffBlock } from '../api/client';

/**
 * The part (from 1, where the numbering restarts: a cover note, then the conclusions in its annex) of
 * each block of a comparison, as the new text cites it; a deleted block is in the part of the block
 * before it, where the redline shows it. Null throughout when the new text has one numbering. With
 * unchanged paragraphs hidden, "4." could be paragraph 4 of either part: the redline names the part.
 */
export function partsOfBlocks(blocks: readonly DiffBlock[]): Map<DiffBlock, number | null> {
  const present = blocks.filter((block) => block.new !== null);
  const citations = citeBlocks(
    present.map((block) => ({
      number: block.new?.number ?? null,
      kind: isBlockKind(block.new?.kind) ? block.new.kind : 'paragraph',
    })),
  );
  const partOfPresent = new Map(present.map((block, index) => [block, citations[index]?.part ?? null]));
  const parts = new Map<DiffBlock, number | null>();
  let part: number | null = null;
  for (const block of blocks) {
    part = partOfPresent.get(block) ?? part;
    parts.set(block, part);
  }
  return parts;
}

import { citeBlocks, isBlockKind } from '@accord/model';
import type { DiffBlock } from '../api/client';

/**
 * The part of each block of a comparison, named as the new text cites it: "Annex" (or "Annex II")
 * where the part opens with an annex's label, "Cover note" for a first part before annexes alone, else
 * "Part 2" (from 1, where the numbering restarts: a
 * cover note, then the conclusions in its annex). A deleted block is in the part of the block before
 * it, where the redline shows it. Null throughout when the new text has one numbering. With unchanged
 * paragraphs hidden, "4." could be paragraph 4 of either part: the redline names the part.
 */
export function partsOfBlocks(blocks: readonly DiffBlock[]): Map<DiffBlock, string | null> {
  const present = blocks.filter((block) => block.new !== null);
  const citations = citeBlocks(
    present.map((block) => ({
      number: block.new?.number ?? null,
      kind: isBlockKind(block.new?.kind) ? block.new.kind : 'paragraph',
      text: block.new?.text ?? '',
    })),
  );
  const partOfPresent = new Map(
    present.map((block, index) => {
      const citation = citations[index];
      const part = citation?.part ?? null;
      const name = citation?.partName ?? `part ${part}`;
      return [block, part === null ? null : name.charAt(0).toUpperCase() + name.slice(1)];
    }),
  );
  const parts = new Map<DiffBlock, string | null>();
  let part: string | null = null;
  for (const block of blocks) {
    part = partOfPresent.get(block) ?? part;
    parts.set(block, part);
  }
  return parts;
}

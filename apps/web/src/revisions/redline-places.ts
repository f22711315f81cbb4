import { type BlockCitation, citeBlocks, describeCitation, isBlockKind } from '@accord/model';
import type { DiffBlock, DiffSide } from '../api/client';

/**
 * Where each unnumbered block of a comparison stands, as the room cites it: "Paragraph 4, second
 * subparagraph", "Annex, paragraph 1, first indent" ("Part 2, …" where the part has no annex label); a deleted one as the old version cited it
 * ("Paragraph 4, third subparagraph of 9916/1/17 REV 1"). With unchanged paragraphs hidden, a changed
 * subparagraph or indent shows no number, and nothing around it says where it is. A numbered paragraph
 * has none: its number says it.
 */
export function placeUnnumberedBlocks(
  blocks: readonly DiffBlock[],
  fromLabel: string,
): Map<DiffBlock, string> {
  const places = new Map<DiffBlock, string>();
  const inNew = blocks.filter((block) => block.new !== null);
  citeSides(inNew.map((block) => block.new as DiffSide)).forEach((citation, index) => {
    if (citation.kind !== 'numbered')
      places.set(inNew[index] as DiffBlock, describeCitation(citation, 'title'));
  });
  // The old version's order, in which the deleted blocks are cited.
  const inOld = blocks
    .filter((block) => block.old !== null)
    .sort((a, b) => (a.oldIndex ?? 0) - (b.oldIndex ?? 0));
  citeSides(inOld.map((block) => block.old as DiffSide)).forEach((citation, index) => {
    const block = inOld[index] as DiffBlock;
    if (block.new === null && citation.kind !== 'numbered')
      places.set(block, `${describeCitation(citation, 'title')} of ${fromLabel}`);
  });
  return places;
}

function citeSides(sides: readonly DiffSide[]): BlockCitation[] {
  return citeBlocks(
    sides.map((side) => ({
      number: side.number,
      kind: isBlockKind(side.kind) ? side.kind : 'paragraph',
      text: side.text,
    })),
  );
}

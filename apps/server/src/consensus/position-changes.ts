import { type CouncilDocument, type Footnote, normalizeDocument, readStatementText } from '@accord/model';

/**
 * The document as it read when a position was given on block `blockId`: that block's words and
 * footnotes as the position's statement text (`statementText`) kept them, every other block as it
 * reads now. Compared with the live text, it shows what changed in the paragraph since the position,
 * and nothing else; the block's footnotes keep the live ones' ids, in the order of their marks, so a
 * footnote whose words changed reads as changed, not as one removed and another added.
 */
export function documentAsPositioned(
  document: CouncilDocument,
  blockId: string,
  statement: string,
): CouncilDocument {
  const given = readStatementText(statement);
  const live = document.footnotes
    .filter((footnote) => footnote.blockId === blockId)
    .sort((a, b) => a.offset - b.offset);
  const footnotes: Footnote[] = document.footnotes.filter((footnote) => footnote.blockId !== blockId);
  given.footnotes.forEach((footnote, index) => {
    footnotes.push({
      id: live[index]?.id ?? `${blockId}-as-positioned-${index}`,
      number: 0,
      blockId,
      offset: footnote.offset,
      text: footnote.text,
    });
  });
  return normalizeDocument({
    metadata: document.metadata,
    blocks: document.blocks.map((block) => (block.id === blockId ? { ...block, text: given.text } : block)),
    footnotes,
  });
}

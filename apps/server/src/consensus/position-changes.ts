import { diffDocuments } from '@accord/diff';
import { type CouncilDocument, type Footnote, normalizeDocument, readStatementText } from '@accord/model';
import { toDiffBody } from '../revisions/diff-body';
import { LIVE_LABEL } from '../revisions/versions';

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

/**
 * The body of a `…/changes` route: the diff from the text a statement on block `blockId` was pinned to
 * (`statement`, named `fromLabel`) to the live document, with that block and its footnotes only.
 */
export function diffSincePinned(
  document: CouncilDocument,
  blockId: string,
  statement: string,
  fromLabel: string,
) {
  const before = documentAsPositioned(document, blockId, statement);
  const body = toDiffBody(
    diffDocuments(before, document, { align: 'id' }),
    { ref: 'position', label: fromLabel },
    { ref: 'live', label: LIVE_LABEL },
  );
  return {
    ...body,
    blocks: body.blocks.filter((b) => b.new?.id === blockId || b.old?.id === blockId),
    footnotes: body.footnotes.filter((f) => f.new?.blockId === blockId || f.old?.blockId === blockId),
  };
}

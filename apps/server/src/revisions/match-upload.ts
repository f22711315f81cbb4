import { alignByText } from '@accord/diff';
import type { Block, CouncilDocument, Footnote } from '@accord/model';
import { normalizeDocument } from '@accord/model';

/**
 * Matching an uploaded file to the live text, so that what hangs on a block (positions, comments) stays
 * on the block it concerns. A parser gives every block of the file a fresh id; here each uploaded block
 * takes the id of the live block it matches and keeps its fresh id only when it matches none.
 *
 * The rule is the redline's pairing by text (`alignByText` in @accord/diff): identical texts pair
 * first (a text found once on each side, then repeated texts by nearest position, their copies in
 * order); each remaining uploaded block pairs with the most similar remaining live block whose word
 * overlap (Dice coefficient of case-folded words) reaches `SIMILARITY_THRESHOLD` (0.5). Pairing is one to one. Footnotes are
 * matched the same way among themselves, and follow their citing block's new id.
 */
export interface MatchedUpload {
  /** The upload with matched ids; blocks and footnotes numbered. */
  readonly document: CouncilDocument;
  /** For each block of `document`, the index of its live partner in `live.blocks`, or -1. */
  readonly newToOld: Int32Array;
}

export function matchUpload(
  live: CouncilDocument,
  upload: CouncilDocument,
  newId: () => string,
): MatchedUpload {
  const newToOld = alignByText(
    live.blocks.map((block) => block.text),
    upload.blocks.map((block) => block.text),
  );
  const idOfUploaded = new Map<string, string>();
  const blocks = upload.blocks.map((block, index): Block => {
    const partner = newToOld[index] as number;
    const id = partner === -1 ? newId() : (live.blocks[partner] as Block).id;
    idOfUploaded.set(block.id, id);
    return { ...block, id };
  });

  const noteToOld = alignByText(
    live.footnotes.map((note) => note.text),
    upload.footnotes.map((note) => note.text),
  );
  const footnotes = upload.footnotes.map((note, index): Footnote => {
    const partner = noteToOld[index] as number;
    return {
      ...note,
      id: partner === -1 ? newId() : (live.footnotes[partner] as Footnote).id,
      blockId: idOfUploaded.get(note.blockId) ?? note.blockId,
    };
  });

  return { document: normalizeDocument({ metadata: upload.metadata, blocks, footnotes }), newToOld };
}

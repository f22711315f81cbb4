/**
 * The diff of two versions of a Council document: every block and footnote of both versions, each
 * with what happened to it, and the header fields that changed. The JSON is what the API returns.
 *
 * Alignment: by block id, or by text when ids are unknown (see `align.ts`; `align: 'auto'` decides from
 * the documents). Footnotes are paired the same way as the blocks. A paired footnote is `moved` when
 * its call is now in another block than the partner of its old citing block, or at another place in
 * the same block (`movedWithinBlock`; each side carries the call's `offset`).
 *
 * A paired block is `unchanged` when its text and kind are the same: its number is derived, so a
 * block renumbered because a paragraph was added above it is unchanged. It is `modified` when its text
 * or kind changed (`textChanged`, `kindChanged` say which; `old.kind` and `new.kind` show the kinds).
 * Paired blocks whose order is not in the longest run of pairs that kept their order are `moved`; a
 * moved block whose text also changed is still `moved`, with `textChanged: true` and its word runs in
 * `ops`. Blocks only in the new version are `inserted`, only in the old version `deleted`.
 *
 * Order: the new version's order; a deleted block stands right after its nearest preceding old block
 * that was kept in place (before any blocks inserted there), or first when there is none.
 *
 * `ops` always concatenate to the texts: equal + delete runs give the old text, equal + insert runs
 * give the new text. A block whose word diff would pass the caps in `word-diff.ts` is `rewritten`: one
 * deletion of the old text and one insertion of the new.
 */
import {
  type Block,
  type BlockCitation,
  type BlockKind,
  type CouncilDocument,
  citeBlocks,
  type DocumentMetadata,
  EMPTY_METADATA,
  type Footnote,
  normalizeDocument,
} from '@accord/model';
import { type Alignment, alignById, alignByText, chooseAlignment, findInPlace } from './align';
import { mapOldOffset } from './op-offsets';
import { type DiffOp, diffText } from './word-diff';

export const BLOCK_CHANGES = ['unchanged', 'modified', 'inserted', 'deleted', 'moved'] as const;
export type BlockChange = (typeof BLOCK_CHANGES)[number];

export interface BlockSide {
  readonly id: string;
  /** The derived paragraph number in that version; null for unnumbered blocks. */
  readonly number: string | null;
  readonly text: string;
  readonly kind: BlockKind;
}

export interface BlockDiff {
  readonly change: BlockChange;
  readonly old: BlockSide | null;
  readonly new: BlockSide | null;
  readonly ops: readonly DiffOp[];
  /** Position in the old and new block lists (from 0); null on the side the block is missing from. */
  readonly oldIndex: number | null;
  readonly newIndex: number | null;
  readonly textChanged: boolean;
  readonly kindChanged: boolean;
  /** Present when the word diff passed its cap and the block is shown as deleted and re-inserted whole. */
  readonly rewritten?: true;
  /**
   * Moved blocks only: the old paragraph number the block stood at (its own, for a numbered paragraph)
   * or under (the nearest numbered paragraph before it in its part); null when none preceded it.
   * The number is the old version's: a paragraph may show the same number in both (see
   * `describeMove`).
   */
  readonly movedFrom?: string | null;
  /**
   * Moved unnumbered blocks only: which of the blocks of its old kind under `movedFrom` (or, when that
   * is null, before its part's first numbered paragraph) it was in the old version, from 1: `2` for the second
   * bullet under paragraph 3. Null for a numbered paragraph, whose number says where it stood.
   */
  readonly movedFromOrdinal?: number | null;
  /**
   * Moved blocks only: the old version's part (from 1) when its numbering restarts, as in an annex
   * after a cover note; null when it has a single numbering. With `movedFrom` and `movedFromOrdinal`
   * this is the old block's `BlockCitation`.
   */
  readonly movedFromPart?: number | null;
}

export interface FootnoteSide {
  readonly id: string;
  readonly number: number;
  /** The citing block. */
  readonly blockId: string;
  /** Where the call stands in the citing block's text: right after this many characters. */
  readonly offset: number;
  readonly text: string;
}

export interface FootnoteDiff {
  /**
   * `moved`: cited from another block than before (not the partner of the old citing block), or from
   * another place in the same block (`movedWithinBlock`).
   */
  readonly change: BlockChange;
  /**
   * Present when the call moved inside its citing block: its old offset, carried through the block's
   * word runs, does not land on its new offset (a call shifted only by words edited before it or by
   * the word it follows being replaced has not moved).
   */
  readonly movedWithinBlock?: true;
  readonly old: FootnoteSide | null;
  readonly new: FootnoteSide | null;
  readonly ops: readonly DiffOp[];
  readonly textChanged: boolean;
  readonly rewritten?: true;
}

export const METADATA_FIELDS = Object.keys(EMPTY_METADATA) as (keyof DocumentMetadata)[];
export type MetadataField = keyof DocumentMetadata;
export type MetadataValue = string | readonly string[] | null;

export interface MetadataChange {
  readonly field: MetadataField;
  readonly old: MetadataValue;
  readonly new: MetadataValue;
}

export interface DiffSummary {
  readonly unchanged: number;
  readonly modified: number;
  readonly inserted: number;
  readonly deleted: number;
  readonly moved: number;
  readonly rewritten: number;
}

export interface DocumentDiff {
  /** How the blocks were paired. */
  readonly alignment: 'id' | 'text';
  readonly blocks: readonly BlockDiff[];
  readonly footnotes: readonly FootnoteDiff[];
  /** Only the header fields that changed, in the model's field order. */
  readonly metadata: readonly MetadataChange[];
  /** Counts of block changes. */
  readonly summary: DiffSummary;
}

export interface DiffOptions {
  /**
   * How to pair blocks and footnotes: 'id' for versions of the same live document, 'text' for two
   * files parsed separately, 'auto' to decide from the ids and texts (see `chooseAlignment`).
   * @default 'auto'
   */
  readonly align?: Alignment;
}

export function diffDocuments(
  oldDoc: CouncilDocument,
  newDoc: CouncilDocument,
  options: DiffOptions = {},
): DocumentDiff {
  const before = normalizeDocument(oldDoc);
  const after = normalizeDocument(newDoc);
  const requested = options.align ?? 'auto';
  const alignment = requested === 'auto' ? chooseAlignment(before.blocks, after.blocks) : requested;
  const pair = (
    oldItems: readonly { id: string; text: string }[],
    newItems: readonly { id: string; text: string }[],
  ) =>
    alignment === 'id'
      ? alignById(oldItems, newItems)
      : alignByText(
          oldItems.map((item) => item.text),
          newItems.map((item) => item.text),
        );

  const blockPairs = pair(before.blocks, after.blocks);
  const blocks = diffBlocks(before.blocks, after.blocks, blockPairs);

  const partnerOfOldBlock = new Map<string, string>();
  blockPairs.forEach((oldIndex, newIndex) => {
    if (oldIndex !== -1) {
      partnerOfOldBlock.set((before.blocks[oldIndex] as Block).id, (after.blocks[newIndex] as Block).id);
    }
  });
  // The word runs of every kept block, by old id, to carry footnote offsets from old to new text.
  const opsOfOldBlock = new Map<string, readonly DiffOp[]>();
  for (const block of blocks) if (block.old && block.new) opsOfOldBlock.set(block.old.id, block.ops);
  const footnotes = diffFootnotes(
    before.footnotes,
    after.footnotes,
    pair(before.footnotes, after.footnotes),
    partnerOfOldBlock,
    opsOfOldBlock,
  );

  return {
    alignment,
    blocks,
    footnotes,
    metadata: diffMetadata(before.metadata, after.metadata),
    summary: summarize(blocks),
  };
}

function diffBlocks(
  oldBlocks: readonly Block[],
  newBlocks: readonly Block[],
  newToOld: Int32Array,
): BlockDiff[] {
  const inPlace = findInPlace(newToOld);
  const oldPaired = new Uint8Array(oldBlocks.length);
  const oldInPlace = new Uint8Array(oldBlocks.length);
  newToOld.forEach((oldIndex, newIndex) => {
    if (oldIndex === -1) return;
    oldPaired[oldIndex] = 1;
    if (inPlace[newIndex]) oldInPlace[oldIndex] = 1;
  });
  const oldToNew = new Int32Array(oldBlocks.length).fill(-1);
  newToOld.forEach((oldIndex, newIndex) => {
    if (oldIndex !== -1) oldToNew[oldIndex] = newIndex;
  });

  // Deleted blocks, keyed by the new index of the in-place block they follow (-1: the top).
  const deletedAfter = new Map<number, BlockDiff[]>();
  // Where each old block stood, as the room cites it, for "moved from".
  const oldCitations = citeBlocks(oldBlocks);
  let anchor = -1;
  oldBlocks.forEach((block, oldIndex) => {
    if (oldInPlace[oldIndex]) anchor = oldToNew[oldIndex] as number;
    if (oldPaired[oldIndex]) return;
    const entry: BlockDiff = {
      change: 'deleted',
      old: sideOf(block),
      new: null,
      ops: block.text === '' ? [] : [{ op: 'delete', text: block.text }],
      oldIndex,
      newIndex: null,
      textChanged: true,
      kindChanged: false,
    };
    const list = deletedAfter.get(anchor);
    if (list) list.push(entry);
    else deletedAfter.set(anchor, [entry]);
  });

  const entries: BlockDiff[] = [...(deletedAfter.get(-1) ?? [])];
  newBlocks.forEach((block, newIndex) => {
    const oldIndex = newToOld[newIndex] as number;
    if (oldIndex === -1) {
      entries.push({
        change: 'inserted',
        old: null,
        new: sideOf(block),
        ops: block.text === '' ? [] : [{ op: 'insert', text: block.text }],
        oldIndex: null,
        newIndex,
        textChanged: true,
        kindChanged: false,
      });
    } else {
      const oldBlock = oldBlocks[oldIndex] as Block;
      const { ops, rewritten } = diffText(oldBlock.text, block.text);
      const textChanged = oldBlock.text !== block.text;
      const kindChanged = oldBlock.kind !== block.kind;
      const moved = !inPlace[newIndex];
      entries.push({
        change: moved ? 'moved' : textChanged || kindChanged ? 'modified' : 'unchanged',
        old: sideOf(oldBlock),
        new: sideOf(block),
        ops,
        oldIndex,
        newIndex,
        textChanged,
        kindChanged,
        ...(rewritten ? { rewritten: true as const } : {}),
        ...(moved ? movedFromFields(oldCitations[oldIndex] as BlockCitation) : {}),
      });
    }
    entries.push(...(deletedAfter.get(newIndex) ?? []));
  });
  return entries;
}

function movedFromFields(citation: BlockCitation) {
  return { movedFrom: citation.paragraph, movedFromOrdinal: citation.ordinal, movedFromPart: citation.part };
}

function sideOf(block: Block): BlockSide {
  return { id: block.id, number: block.number, text: block.text, kind: block.kind };
}

function diffFootnotes(
  oldNotes: readonly Footnote[],
  newNotes: readonly Footnote[],
  newToOld: Int32Array,
  partnerOfOldBlock: ReadonlyMap<string, string>,
  opsOfOldBlock: ReadonlyMap<string, readonly DiffOp[]>,
): FootnoteDiff[] {
  const oldPaired = new Uint8Array(oldNotes.length);
  for (const oldIndex of newToOld) if (oldIndex !== -1) oldPaired[oldIndex] = 1;
  const oldToNew = new Int32Array(oldNotes.length).fill(-1);
  newToOld.forEach((oldIndex, newIndex) => {
    if (oldIndex !== -1) oldToNew[oldIndex] = newIndex;
  });

  const deletedAfter = new Map<number, FootnoteDiff[]>();
  let anchor = -1;
  oldNotes.forEach((note, oldIndex) => {
    if (oldPaired[oldIndex]) {
      anchor = oldToNew[oldIndex] as number;
      return;
    }
    const entry: FootnoteDiff = {
      change: 'deleted',
      old: footnoteSideOf(note),
      new: null,
      ops: note.text === '' ? [] : [{ op: 'delete', text: note.text }],
      textChanged: true,
    };
    const list = deletedAfter.get(anchor);
    if (list) list.push(entry);
    else deletedAfter.set(anchor, [entry]);
  });

  const entries: FootnoteDiff[] = [...(deletedAfter.get(-1) ?? [])];
  newNotes.forEach((note, newIndex) => {
    const oldIndex = newToOld[newIndex] as number;
    if (oldIndex === -1) {
      entries.push({
        change: 'inserted',
        old: null,
        new: footnoteSideOf(note),
        ops: note.text === '' ? [] : [{ op: 'insert', text: note.text }],
        textChanged: true,
      });
    } else {
      const oldNote = oldNotes[oldIndex] as Footnote;
      const { ops, rewritten } = diffText(oldNote.text, note.text);
      const textChanged = oldNote.text !== note.text;
      const sameBlock = partnerOfOldBlock.get(oldNote.blockId) === note.blockId;
      const landing = sameBlock
        ? mapOldOffset(opsOfOldBlock.get(oldNote.blockId) ?? [], oldNote.offset)
        : null;
      const movedWithinBlock = landing !== null && (note.offset < landing.from || note.offset > landing.to);
      const moved = !sameBlock || movedWithinBlock;
      entries.push({
        change: moved ? 'moved' : textChanged ? 'modified' : 'unchanged',
        ...(movedWithinBlock ? { movedWithinBlock: true as const } : {}),
        old: footnoteSideOf(oldNote),
        new: footnoteSideOf(note),
        ops,
        textChanged,
        ...(rewritten ? { rewritten: true as const } : {}),
      });
    }
    entries.push(...(deletedAfter.get(newIndex) ?? []));
  });
  return entries;
}

function footnoteSideOf(note: Footnote): FootnoteSide {
  return { id: note.id, number: note.number, blockId: note.blockId, offset: note.offset, text: note.text };
}

function diffMetadata(oldMeta: DocumentMetadata, newMeta: DocumentMetadata): MetadataChange[] {
  const changes: MetadataChange[] = [];
  for (const field of METADATA_FIELDS) {
    const before = oldMeta[field] ?? null;
    const after = newMeta[field] ?? null;
    if (!sameValue(before, after)) changes.push({ field, old: before, new: after });
  }
  return changes;
}

function sameValue(a: MetadataValue, b: MetadataValue): boolean {
  if (typeof a === 'string' || a === null || typeof b === 'string' || b === null) return a === b;
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function summarize(blocks: readonly BlockDiff[]): DiffSummary {
  const counts = { unchanged: 0, modified: 0, inserted: 0, deleted: 0, moved: 0, rewritten: 0 };
  for (const block of blocks) {
    counts[block.change]++;
    if (block.rewritten) counts.rewritten++;
  }
  return counts;
}

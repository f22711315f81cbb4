/**
 * The diff of two versions of a Council document: every block and footnote of both versions, each
 * with what happened to it, and the header fields that changed. The JSON is what the API returns.
 *
 * Alignment: by block id, or by text when ids are unknown (see `align.ts`; `align: 'auto'` decides from
 * the documents). Footnotes are paired the same way as the blocks. A paired footnote is `moved` when
 * its call is now in another block than the partner of its old citing block (for a split paragraph,
 * than the part that holds the words it followed: a call that crossed the cut is now cited in the
 * other paragraph), or at another place in the same block (`movedWithinBlock`; each side carries the
 * call's `offset`).
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
 * A paragraph split in two or more, or two or more joined, is shown as Word's compare shows it: a
 * paragraph mark inserted (or deleted) and the words that went with it kept (see `split-join.ts` for
 * when a pair counts as one). The old block stays paired with one of its parts (the first, by id: the
 * editor's Enter keeps the id there; by text, the one the alignment chose), which is `modified`; each
 * other part is `inserted` (its paragraph and its number are new) with `splitFrom`, the old block's
 * id, and `splitFromCitation`, the old block as the old version cites it ("Split from paragraph 5").
 * Every part but the first carries `splitOffset`, where its words start in the old text, and every
 * part but the last `splitAt`, where they end: a paragraph mark was inserted at the end of it. A join
 * is the mirror: the new block is paired with one of the old ones (`modified`); each other old block
 * is `deleted` (its paragraph and its number are gone), stands next to the pair in the text's order,
 * and carries `joinedInto`, the new block's id, and `joinedToCitation`, the paired old block as the
 * old version cites it ("Joined with paragraph 5"); every part but the first carries `joinOffset`,
 * where its words start in the new text, and every part but the last `joinedAt`, where they end: a
 * paragraph mark was deleted at the end of it. The summary counts the parts split off in `split`
 * (they are among the `inserted`) and the old blocks joined on in `joined` (among the `deleted`).
 *
 * `ops` always concatenate to the texts: equal + delete runs give the old text, equal + insert runs
 * give the new text. For the parts of a split or join, the text is the part's share of the whole:
 * equal + delete runs give the old block's text from `splitOffset` (or 0) to `splitAt` (or its end),
 * equal + insert runs give the new block's text from `joinOffset` (or 0) to `joinedAt` (or its end),
 * and a side the entry does not have (`old` of a further split part, `new` of a joined block) is the
 * whole's (`splitFrom`, `joinedInto`). A block whose word diff would pass the caps in `word-diff.ts`
 * is `rewritten`: one deletion of the old text and one insertion of the new.
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
import { findSplitsAndJoins, type PartOf } from './split-join';
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
  /** Its part's name where the old version labels it an annex ("Annex", "Annex II"); else absent. */
  readonly movedFromPartName?: string;
  /**
   * Parts of a split paragraph but the last: where this part's words end in the old block's text. A
   * paragraph mark was inserted at the end of this block.
   */
  readonly splitAt?: number;
  /** Parts of a split paragraph other than the paired one (`inserted`): the id of the old block it was split from. */
  readonly splitFrom?: string;
  /** Parts of a split paragraph after the first: where this part's words start in the old block's text. */
  readonly splitOffset?: number;
  /** With `splitFrom`: the old block as the old version cites it ("Split from paragraph 5 of …"). */
  readonly splitFromCitation?: BlockCitation;
  /**
   * Blocks of a joined paragraph but the last: where this block's words end in the new block's text.
   * A paragraph mark was deleted at the end of this block.
   */
  readonly joinedAt?: number;
  /** Old blocks joined with the paired one (`deleted`): the id of the new block they are now part of. */
  readonly joinedInto?: string;
  /** Blocks of a joined paragraph after the first: where this block's words start in the new block's text. */
  readonly joinOffset?: number;
  /** With `joinedInto`: the old block paired with that new one, as the old version cites it ("Joined with paragraph 5 of …"). */
  readonly joinedToCitation?: BlockCitation;
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
  /** Of the `inserted`: parts split off a paragraph (a split in three counts two). */
  readonly split: number;
  /** Of the `deleted`: old paragraphs joined with another. */
  readonly joined: number;
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
  const footnotes = diffFootnotes(
    before.footnotes,
    after.footnotes,
    pair(before.footnotes, after.footnotes),
    segmentOldBlocks(blocks),
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

  const { splits, joins } = findSplitsAndJoins(
    oldBlocks.map((block) => block.text),
    newBlocks.map((block) => block.text),
    newToOld,
  );

  // Deleted blocks, keyed by the new index of the in-place block they follow (-1: the top); blocks
  // joined onto another, by the new index of the block they joined, to stand right after it.
  const deletedAfter = new Map<number, BlockDiff[]>();
  const joinedBefore = new Map<number, BlockDiff[]>();
  const joinedAfter = new Map<number, BlockDiff[]>();
  const addTo = (lists: Map<number, BlockDiff[]>, at: number, entry: BlockDiff) => {
    const list = lists.get(at);
    if (list) list.push(entry);
    else lists.set(at, [entry]);
  };
  // Where each old block stood, as the room cites it, for "moved from".
  const oldCitations = citeBlocks(oldBlocks);
  let anchor = -1;
  oldBlocks.forEach((block, oldIndex) => {
    if (oldInPlace[oldIndex]) {
      anchor = oldToNew[oldIndex] as number;
      // Not between the parts of a split paragraph: after its last.
      const split = splits.get(anchor);
      if (split) anchor += split.count - 1 - split.index;
    }
    if (oldPaired[oldIndex]) return;
    const join = joins.get(oldIndex);
    const entry: BlockDiff = {
      change: 'deleted',
      old: sideOf(block),
      new: null,
      ops: join ? join.match.ops : block.text === '' ? [] : [{ op: 'delete', text: block.text }],
      oldIndex,
      newIndex: null,
      textChanged: true,
      kindChanged: false,
      ...(join
        ? {
            ...partFields('joinedAt', 'joinOffset', join),
            joinedInto: (newBlocks[join.whole] as Block).id,
            joinedToCitation: oldCitations[join.partner] as BlockCitation,
          }
        : {}),
    };
    if (!join) addTo(deletedAfter, anchor, entry);
    else if (join.index < (joins.get(join.partner) as PartOf).index) addTo(joinedBefore, join.whole, entry);
    else addTo(joinedAfter, join.whole, entry);
  });

  const entries: BlockDiff[] = [...(deletedAfter.get(-1) ?? [])];
  newBlocks.forEach((block, newIndex) => {
    entries.push(...(joinedBefore.get(newIndex) ?? []));
    const oldIndex = newToOld[newIndex] as number;
    const split = splits.get(newIndex);
    if (oldIndex === -1) {
      const whole = split ? (oldBlocks[split.whole] as Block) : null;
      entries.push({
        change: 'inserted',
        old: null,
        new: sideOf(block),
        ops: split ? split.match.ops : block.text === '' ? [] : [{ op: 'insert', text: block.text }],
        oldIndex: null,
        newIndex,
        textChanged: true,
        kindChanged: false,
        ...(split && whole
          ? {
              ...partFields('splitAt', 'splitOffset', split),
              splitFrom: whole.id,
              splitFromCitation: oldCitations[split.whole] as BlockCitation,
            }
          : {}),
      });
    } else {
      const oldBlock = oldBlocks[oldIndex] as Block;
      // The first part of a split or join shows only its own words; the others show the rest.
      const part = split ?? joins.get(oldIndex);
      const { ops, rewritten } = part
        ? { ops: part.match.ops, rewritten: false }
        : diffText(oldBlock.text, block.text);
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
        ...(split ? partFields('splitAt', 'splitOffset', split) : {}),
        ...(!split && part ? partFields('joinedAt', 'joinOffset', part) : {}),
      });
    }
    entries.push(...(joinedAfter.get(newIndex) ?? []));
    entries.push(...(deletedAfter.get(newIndex) ?? []));
  });
  return entries;
}

/**
 * Where a part's words start in the whole (all parts but the first) and end (all but the last, where a
 * paragraph mark changed), under the fields of a split or a join.
 */
function partFields<At extends 'splitAt' | 'joinedAt', Offset extends 'splitOffset' | 'joinOffset'>(
  atField: At,
  offsetField: Offset,
  part: PartOf,
): { [key in At | Offset]?: number } {
  const fields: { [key in At | Offset]?: number } = {};
  if (part.index > 0) fields[offsetField] = part.match.from;
  if (part.index < part.count - 1) fields[atField] = part.match.to;
  return fields;
}

function movedFromFields(citation: BlockCitation) {
  return {
    movedFrom: citation.paragraph,
    movedFromOrdinal: citation.ordinal,
    movedFromPart: citation.part,
    ...(citation.partName ? { movedFromPartName: citation.partName } : {}),
  };
}

function sideOf(block: Block): BlockSide {
  return { id: block.id, number: block.number, text: block.text, kind: block.kind };
}

/**
 * Where the words of an old block went: the new block holding them, the range of the old text and
 * where it starts in the new one, and the runs between them. One segment per kept block; one per part
 * of a split or join.
 */
interface Segment {
  readonly newId: string;
  readonly oldFrom: number;
  readonly oldTo: number;
  readonly newFrom: number;
  readonly ops: readonly DiffOp[];
}

/** The segments of every old block whose words are in the new version, by old id. */
function segmentOldBlocks(blocks: readonly BlockDiff[]): Map<string, Segment[]> {
  const segments = new Map<string, Segment[]>();
  for (const block of blocks) {
    const oldId = block.old?.id ?? block.splitFrom;
    const newId = block.new?.id ?? block.joinedInto;
    if (oldId === undefined || newId === undefined) continue;
    const segment = {
      newId,
      oldFrom: block.splitOffset ?? 0,
      oldTo: block.splitAt ?? Number.POSITIVE_INFINITY,
      newFrom: block.joinOffset ?? 0,
      ops: block.ops,
    };
    const list = segments.get(oldId);
    if (list) list.push(segment);
    else segments.set(oldId, [segment]);
  }
  return segments;
}

function diffFootnotes(
  oldNotes: readonly Footnote[],
  newNotes: readonly Footnote[],
  newToOld: Int32Array,
  segmentsOfOldBlock: ReadonlyMap<string, readonly Segment[]>,
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
      // Still cited from the words it followed: its old offset, carried through the runs of the
      // segment of the old block that holds it, lands on its new offset. A call that crossed the cut
      // of a split is cited in another paragraph: the segments holding its old offset went elsewhere.
      const all = segmentsOfOldBlock.get(oldNote.blockId) ?? [];
      const holding = all.filter(
        (segment) => oldNote.offset >= segment.oldFrom && oldNote.offset <= segment.oldTo,
      );
      const segments = (holding.length > 0 ? holding : all).filter(
        (segment) => segment.newId === note.blockId,
      );
      const sameBlock = segments.length > 0;
      const lands = segments.some((segment) => {
        if (oldNote.offset < segment.oldFrom || oldNote.offset > segment.oldTo) return false;
        const landing = mapOldOffset(segment.ops, oldNote.offset - segment.oldFrom);
        return note.offset >= segment.newFrom + landing.from && note.offset <= segment.newFrom + landing.to;
      });
      const movedWithinBlock = sameBlock && !lands;
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
  const counts = {
    unchanged: 0,
    modified: 0,
    inserted: 0,
    deleted: 0,
    moved: 0,
    rewritten: 0,
    split: 0,
    joined: 0,
  };
  for (const block of blocks) {
    counts[block.change]++;
    if (block.rewritten) counts.rewritten++;
    if (block.splitFrom !== undefined) counts.split++;
    if (block.joinedInto !== undefined) counts.joined++;
  }
  return counts;
}

import type {
  BlockDiff,
  BlockSide,
  DocumentDiff,
  FootnoteDiff,
  FootnoteSide,
  MetadataValue,
} from '@accord/diff';

/**
 * The JSON of a diff as the API returns it: the two versions compared, then every block and footnote
 * of both with what happened to it, and the header fields that changed.
 */
export function toDiffBody(
  diff: DocumentDiff,
  from: { readonly ref: number | string; readonly label: string },
  to: { readonly ref: number | string; readonly label: string },
) {
  return {
    from: from.ref,
    to: to.ref,
    fromLabel: from.label,
    toLabel: to.label,
    alignment: diff.alignment,
    summary: diff.summary,
    blocks: diff.blocks.map(toBlockBody),
    footnotes: diff.footnotes.map(toFootnoteBody),
    metadata: diff.metadata.map((change) => ({
      field: change.field,
      old: copyValue(change.old),
      new: copyValue(change.new),
    })),
  };
}

function copyValue(value: MetadataValue): string | string[] | null {
  return typeof value === 'string' || value === null ? value : [...value];
}

export type DiffBody = ReturnType<typeof toDiffBody>;

function toBlockBody(block: BlockDiff) {
  return {
    change: block.change,
    old: toBlockSide(block.old),
    new: toBlockSide(block.new),
    ops: block.ops.map(({ op, text }) => ({ op, text })),
    textChanged: block.textChanged,
    kindChanged: block.kindChanged,
    oldIndex: block.oldIndex,
    ...(block.movedFrom !== undefined ? { movedFrom: block.movedFrom } : {}),
    ...(block.movedFromOrdinal !== undefined ? { movedFromOrdinal: block.movedFromOrdinal } : {}),
    ...(block.movedFromPart !== undefined ? { movedFromPart: block.movedFromPart } : {}),
    ...(block.movedFromPartName !== undefined ? { movedFromPartName: block.movedFromPartName } : {}),
    ...(block.rewritten ? { rewritten: true } : {}),
    // A paragraph split or joined (see the header of the diff package's document-diff.ts).
    ...(block.splitAt !== undefined ? { splitAt: block.splitAt } : {}),
    ...(block.splitFrom !== undefined ? { splitFrom: block.splitFrom } : {}),
    ...(block.splitOffset !== undefined ? { splitOffset: block.splitOffset } : {}),
    ...(block.splitFromCitation ? { splitFromCitation: { ...block.splitFromCitation } } : {}),
    ...(block.joinedAt !== undefined ? { joinedAt: block.joinedAt } : {}),
    ...(block.joinedInto !== undefined ? { joinedInto: block.joinedInto } : {}),
    ...(block.joinOffset !== undefined ? { joinOffset: block.joinOffset } : {}),
    ...(block.joinedToCitation ? { joinedToCitation: { ...block.joinedToCitation } } : {}),
  };
}

function toBlockSide(side: BlockSide | null) {
  return side === null ? null : { id: side.id, number: side.number, text: side.text, kind: side.kind };
}

function toFootnoteBody(note: FootnoteDiff) {
  return {
    change: note.change,
    old: toFootnoteSide(note.old),
    new: toFootnoteSide(note.new),
    ops: note.ops.map(({ op, text }) => ({ op, text })),
    textChanged: note.textChanged,
    ...(note.movedWithinBlock ? { movedWithinBlock: true } : {}),
    ...(note.rewritten ? { rewritten: true } : {}),
  };
}

function toFootnoteSide(side: FootnoteSide | null) {
  return side === null
    ? null
    : { id: side.id, number: side.number, blockId: side.blockId, offset: side.offset, text: side.text };
}

/**
 * For tests: the Word redline as someone reads it in Word once they have accepted or rejected every
 * change, and a version as that reading must show it. Accepted, the redline is the new version;
 * rejected, the old one: the header fields that changed, each body block's kind, number and text (a
 * footnote call reads as its number, where it stands) and the footnotes ("2) text"), as Word numbers
 * them.
 */
import { parseDocx } from '@accord/format';
import { acceptTrackedChanges, rejectTrackedChanges } from '@accord/format/testing';
import {
  type Block,
  type BlockKind,
  type CouncilDocument,
  type Footnote,
  normalizeDocument,
} from '@accord/model';
import type { DocumentDiff } from '../document-diff';
import { describeMetadataField, formatMetadataValue } from '../redline-labels';

export interface RedlineReading {
  readonly header: readonly string[];
  readonly blocks: readonly (readonly [kind: BlockKind, number: string | null, text: string])[];
  readonly footnotes: readonly string[];
}

/** The paragraphs of the cover before the header changes: the Council's name, title, comparison, convention. */
const COVER_LINES = 4;

/**
 * The redline of `diff`, every change accepted or every one rejected, read back by the docx parser;
 * or read by the parser as it is, its changes taken as mammoth takes them (as accepted).
 */
export async function readRedlineDocx(
  bytes: Uint8Array,
  diff: DocumentDiff,
  decision: 'accept' | 'reject' | 'mammoth',
): Promise<RedlineReading> {
  // 'mammoth': the file as it is, read as mammoth reads tracked changes (as if accepted).
  const read =
    decision === 'mammoth'
      ? await parseDocx(bytes, { trackedChanges: 'accept' })
      : await parseDocx(await (decision === 'accept' ? acceptTrackedChanges : rejectTrackedChanges)(bytes));
  if (!read.ok) throw new Error(read.error.message);
  let rest = read.value.blocks.slice(COVER_LINES);
  let header: string[] = [];
  if (diff.metadata.length > 0) {
    header = rest.slice(1, 1 + diff.metadata.length).map((block) => block.text);
    rest = rest.slice(1 + diff.metadata.length);
  }
  return { header, ...readBody(rest, read.value.footnotes) };
}

/** Blocks with their calls as numbers where they stand, and the footnotes in their numbers' order. */
function readBody(
  blocks: readonly Block[],
  footnotes: readonly Footnote[],
): Pick<RedlineReading, 'blocks' | 'footnotes'> {
  return {
    blocks: blocks.map((block) => {
      let text = block.text;
      const calls = footnotes
        .filter((note) => note.blockId === block.id)
        .sort((a, b) => b.offset - a.offset || b.number - a.number);
      for (const call of calls)
        text = `${text.slice(0, call.offset)}${call.number}${text.slice(call.offset)}`;
      return [block.kind, block.number, text] as const;
    }),
    footnotes: [...footnotes]
      .sort((a, b) => a.number - b.number)
      .map((note) => `${note.number}) ${note.text}`),
  };
}

/** `doc` as its redline against another version must read once every change is accepted (or rejected). */
export function readVersion(doc: CouncilDocument, diff: DocumentDiff): RedlineReading {
  const { metadata, blocks, footnotes } = normalizeDocument(doc);
  return {
    // A header change is a paragraph of the cover: the subject's line break reads back as a space.
    header: diff.metadata.map((change) =>
      `${describeMetadataField(change.field)}: ${formatMetadataValue(metadata[change.field] ?? null)}`
        .replace(/[ \t\n\r\f\v]+/g, ' ')
        .trimEnd(),
    ),
    ...readBody(blocks, footnotes),
  };
}

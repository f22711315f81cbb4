/**
 * A Council document: its header metadata, an ordered list of blocks, and the footnotes cited in them.
 *
 * Block numbers are derived, never authored: a numbered paragraph takes the next number after the
 * previous numbered paragraph, unless it carries `start` (numbering restarts there, as the conclusions
 * in an annex restart at 1 after a cover note). So adding or removing a paragraph renumbers the rest,
 * and renumbering alone never changes a block's identity or text.
 */

export const BLOCK_KINDS = ['numbered', 'paragraph', 'bullet', 'heading'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export interface Block {
  /** Stable across edits, revisions and renumbering. */
  readonly id: string;
  readonly kind: BlockKind;
  /** "1", "2", … for numbered paragraphs; null for every other kind. Derived by `numberBlocks`. */
  readonly number: string | null;
  /** Plain text. Square-bracketed (not yet agreed) text is kept with its brackets. */
  readonly text: string;
  /** Numbered paragraphs only: numbering restarts at this value here. */
  readonly start?: number;
}

export interface Footnote {
  readonly id: string;
  /** 1-based, in order of citation through the document. Derived by `numberFootnotes`. */
  readonly number: number;
  /** The block that cites the footnote. */
  readonly blockId: string;
  /** Offset in the citing block's text right after which the footnote mark sits. */
  readonly offset: number;
  readonly text: string;
}

export interface DocumentMetadata {
  /** Council document number as written, e.g. "9916/17" or "7923/2/17 REV 2". */
  readonly number: string | null;
  readonly place: string | null;
  /** The date as written on the document, e.g. "7 June 2017". */
  readonly date: string | null;
  /** Original language code, from "(OR. en)". */
  readonly language: string | null;
  /** Classification codes, e.g. "CYBER 91", "CFSP/PESC 476". */
  readonly codes: readonly string[];
  /** Distribution marking such as LIMITE. */
  readonly marking: string | null;
  /** Document type, e.g. "'I/A' ITEM NOTE", "NOTE". */
  readonly type: string | null;
  readonly from: string | null;
  readonly to: string | null;
  /** Previous documents, e.g. ["7923/2/17 REV 2"]. */
  readonly previous: readonly string[];
  /** The subject; a multi-line subject keeps its line breaks ("…\n- Adoption"). */
  readonly subject: string | null;
}

export interface CouncilDocument {
  readonly metadata: DocumentMetadata;
  readonly blocks: readonly Block[];
  readonly footnotes: readonly Footnote[];
}

export const EMPTY_METADATA: DocumentMetadata = {
  number: null,
  place: null,
  date: null,
  language: null,
  codes: [],
  marking: null,
  type: null,
  from: null,
  to: null,
  previous: [],
  subject: null,
};

export function isBlockKind(value: unknown): value is BlockKind {
  return typeof value === 'string' && (BLOCK_KINDS as readonly string[]).includes(value);
}

/** Whether a text holds nothing but white space (the same characters `trim` removes). */
export function isBlankText(text: string): boolean {
  return !/\S/.test(text);
}

const NO_BLOCKS: ReadonlySet<string> = new Set();

/**
 * The ids of the empty blocks: no text once white space is trimmed, and no footnote cited in them, as
 * an editor's stray Enter leaves. They say nothing, so there is nothing in them to agree to: the
 * document's consensus leaves them out (`computeConsensus` flags them), and so does an item note's annex (`selectForwardedText`).
 * They keep their place and, when numbered, their number: numbering is the editor's, and a new
 * paragraph shows its number before it is typed into.
 */
export function findEmptyBlocks(
  blocks: readonly Pick<Block, 'id' | 'text'>[],
  footnotes: readonly Pick<Footnote, 'blockId'>[],
): ReadonlySet<string> {
  let empty: Set<string> | null = null;
  for (const block of blocks) {
    if (!isBlankText(block.text)) continue;
    empty ??= new Set();
    empty.add(block.id);
  }
  if (empty === null) return NO_BLOCKS;
  for (const footnote of footnotes) empty.delete(footnote.blockId);
  return empty;
}

/** Gives every numbered paragraph its derived number and every other block none. */
export function numberBlocks(blocks: readonly Block[]): Block[] {
  let counter = 0;
  return blocks.map((block) => {
    if (block.kind !== 'numbered') return block.number === null ? block : { ...block, number: null };
    counter = block.start ?? counter + 1;
    const number = String(counter);
    return block.number === number ? block : { ...block, number };
  });
}

/** Orders footnotes by where they are cited and numbers them from 1. Footnotes citing no block go last. */
export function numberFootnotes(blocks: readonly Block[], footnotes: readonly Footnote[]): Footnote[] {
  const blockIndex = new Map(blocks.map((b, i) => [b.id, i]));
  return [...footnotes]
    .sort(
      (a, b) =>
        (blockIndex.get(a.blockId) ?? Number.MAX_SAFE_INTEGER) -
          (blockIndex.get(b.blockId) ?? Number.MAX_SAFE_INTEGER) || a.offset - b.offset,
    )
    .map((f, i) => (f.number === i + 1 ? f : { ...f, number: i + 1 }));
}

/** Derives block and footnote numbers; everything else is kept as given. */
export function normalizeDocument(doc: CouncilDocument): CouncilDocument {
  return {
    metadata: doc.metadata,
    blocks: numberBlocks(doc.blocks),
    footnotes: numberFootnotes(doc.blocks, doc.footnotes),
  };
}

/**
 * The same document with every block and footnote id made by `newId` (a footnote still cites its
 * block): for a document read elsewhere, whose ids were placeholders.
 */
export function withFreshIds(doc: CouncilDocument, newId: () => string): CouncilDocument {
  const ids = new Map<string, string>();
  const blocks = doc.blocks.map((block) => {
    const id = newId();
    ids.set(block.id, id);
    const fresh: Block = { id, kind: block.kind, number: block.number, text: block.text };
    return block.start === undefined ? fresh : { ...fresh, start: block.start };
  });
  const footnotes = doc.footnotes.map((footnote) => ({
    id: newId(),
    number: footnote.number,
    blockId: ids.get(footnote.blockId) ?? footnote.blockId,
    offset: footnote.offset,
    text: footnote.text,
  }));
  return { metadata: doc.metadata, blocks, footnotes };
}

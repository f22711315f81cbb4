/**
 * The Yjs layout of a Council document, shared by the server (which creates documents and reads their
 * live text) and the web editor (Tiptap with y-prosemirror binding the same types).
 *
 *   doc.getXmlFragment('default')        the Tiptap document: one element per block, in order
 *     <paragraph id kind start?>         every block, whatever its kind (kind is an attribute, so turning
 *                                        a paragraph into a bullet keeps its id and its positions)
 *       Y.XmlText                        text runs; the `bracket` mark (attribute {}) = not yet agreed
 *       <footnote id text/>              an inline footnote mark; its text is an attribute
 *   doc.getMap('meta')                   the header: DocumentMetadata fields as plain values
 *
 * This is the layout y-prosemirror writes for the editor schema in apps/web (node and attribute names
 * below are that schema's), so text written here is editable there and vice versa. In the model, text is
 * plain with literal square brackets; here a bracketed span is a marked run without its brackets.
 */
import {
  type Block,
  type BlockKind,
  type CouncilDocument,
  type DocumentMetadata,
  EMPTY_METADATA,
  type Footnote,
  findBracketSpans,
  isBlockKind,
  isWholeTextId,
  numberBlocks,
  numberFootnotes,
} from '@accord/model';
import * as Y from 'yjs';

export const FRAGMENT_NAME = 'default';
export const META_NAME = 'meta';
export const BLOCK_NODE = 'paragraph';
export const FOOTNOTE_NODE = 'footnote';
export const BRACKET_MARK = 'bracket';

export const BlockAttr = { id: 'id', kind: 'kind', start: 'start' } as const;
export const FootnoteAttr = { id: 'id', text: 'text' } as const;

const META_KEYS = Object.keys(EMPTY_METADATA) as (keyof DocumentMetadata)[];

export function getFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(FRAGMENT_NAME);
}

export function getMeta(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(META_NAME);
}

/** Replaces everything in `doc` with `council`, in one transaction. */
export function writeDocument(doc: Y.Doc, council: CouncilDocument, origin: unknown = null): void {
  doc.transact(() => {
    const fragment = getFragment(doc);
    if (fragment.length > 0) fragment.delete(0, fragment.length);
    fragment.insert(
      0,
      council.blocks.map((block) => createBlockElement(block, council.footnotes)),
    );
    writeMetadata(doc, council.metadata);
  }, origin);
}

export function writeMetadata(doc: Y.Doc, metadata: DocumentMetadata): void {
  const meta = getMeta(doc);
  doc.transact(() => {
    for (const key of META_KEYS) {
      const value = metadata[key];
      meta.set(key, Array.isArray(value) ? [...value] : value);
    }
  });
}

/** Builds the element of one block; its footnotes are those whose `blockId` is the block's. */
export function createBlockElement(block: Block, footnotes: readonly Footnote[]): Y.XmlElement {
  const element = new Y.XmlElement(BLOCK_NODE);
  element.setAttribute(BlockAttr.id, block.id);
  element.setAttribute(BlockAttr.kind, block.kind);
  if (block.kind === 'numbered' && block.start !== undefined) {
    // y-prosemirror stores attribute values as they are; the editor schema's `start` is a number.
    element.setAttribute(BlockAttr.start, block.start as unknown as string);
  }
  element.insert(
    0,
    createInlineContent(
      block.text,
      footnotes.filter((f) => f.blockId === block.id),
    ),
  );
  return element;
}

/** Splits text at footnote offsets and turns each balanced bracket span into a marked run. */
function createInlineContent(text: string, footnotes: readonly Footnote[]): (Y.XmlText | Y.XmlElement)[] {
  const spans = findBracketSpans(text);
  const inBracket = (i: number) => spans.some((s) => i > s.start && i < s.end - 1);
  const isBracketChar = (i: number) => spans.some((s) => i === s.start || i === s.end - 1);
  const notes = [...footnotes].sort((a, b) => a.offset - b.offset);
  const nodes: (Y.XmlText | Y.XmlElement)[] = [];
  let runs: { text: string; bracket: boolean }[] = [];

  const flushText = () => {
    if (runs.length === 0) return;
    const ytext = new Y.XmlText();
    ytext.applyDelta(
      runs.map((r) =>
        r.bracket ? { insert: r.text, attributes: { [BRACKET_MARK]: {} } } : { insert: r.text },
      ),
    );
    nodes.push(ytext);
    runs = [];
  };
  const pushChar = (ch: string, bracket: boolean) => {
    const last = runs.at(-1);
    if (last && last.bracket === bracket) last.text += ch;
    else runs.push({ text: ch, bracket });
  };

  let next = 0;
  for (let i = 0; i <= text.length; i++) {
    while (next < notes.length && (notes[next] as Footnote).offset === i) {
      flushText();
      nodes.push(createFootnoteElement(notes[next] as Footnote));
      next++;
    }
    if (i === text.length) break;
    if (!isBracketChar(i)) pushChar(text[i] as string, inBracket(i));
  }
  while (next < notes.length) {
    flushText();
    nodes.push(createFootnoteElement(notes[next] as Footnote));
    next++;
  }
  flushText();
  return nodes;
}

function createFootnoteElement(footnote: Footnote): Y.XmlElement {
  const element = new Y.XmlElement(FOOTNOTE_NODE);
  element.setAttribute(FootnoteAttr.id, footnote.id);
  element.setAttribute(FootnoteAttr.text, footnote.text);
  return element;
}

/** Reads the live document: metadata, numbered blocks with their plain text, numbered footnotes. */
export function readDocument(doc: Y.Doc): CouncilDocument {
  const { blocks, footnotes } = readBlocks(doc);
  return { metadata: readMetadata(doc), blocks, footnotes };
}

export function readMetadata(doc: Y.Doc): DocumentMetadata {
  const meta = getMeta(doc);
  const read = <K extends keyof DocumentMetadata>(key: K): DocumentMetadata[K] => {
    const value = meta.get(key);
    const fallback = EMPTY_METADATA[key];
    if (Array.isArray(fallback)) {
      return (Array.isArray(value)
        ? value.filter((v) => typeof v === 'string')
        : []) as unknown as DocumentMetadata[K];
    }
    return (typeof value === 'string' ? value : null) as DocumentMetadata[K];
  };
  return Object.fromEntries(META_KEYS.map((key) => [key, read(key)])) as unknown as DocumentMetadata;
}

/**
 * A block element's id attribute as an id, or null when it is none a block may have: missing, empty,
 * not text, or the id general reservations are kept under (`WHOLE_TEXT_ID`), which a block taking it
 * would receive.
 */
export function readBlockIdAttribute(raw: unknown): string | null {
  return typeof raw === 'string' && raw !== '' && !isWholeTextId(raw) ? raw : null;
}

function readFootnoteIdAttribute(raw: unknown): string | null {
  return typeof raw === 'string' && raw !== '' ? raw : null;
}

/** What one block element holds, before ids are made unique and blocks and footnotes numbered. */
export interface BlockElementContent {
  /** The element's id attribute, if it is one a block may have. */
  readonly rawId: string | null;
  readonly kind: BlockKind;
  readonly start: number | null;
  readonly text: string;
  readonly footnotes: readonly {
    readonly rawId: string | null;
    readonly offset: number;
    readonly text: string;
  }[];
}

/** Reads one block element (the part of `readBlocks` that depends on that element alone). */
export function readBlockElement(node: Y.XmlElement): BlockElementContent {
  const rawKind = node.getAttribute(BlockAttr.kind);
  const kind: BlockKind = isBlockKind(rawKind) ? rawKind : 'paragraph';
  const rawStart = node.getAttribute(BlockAttr.start) as unknown;
  const start =
    typeof rawStart === 'number' ? rawStart : typeof rawStart === 'string' ? Number(rawStart) : NaN;
  const footnotes: { rawId: string | null; offset: number; text: string }[] = [];
  const text = readInline(node, (offset, element) => {
    footnotes.push({
      rawId: readFootnoteIdAttribute(element.getAttribute(FootnoteAttr.id)),
      offset,
      text: String(element.getAttribute(FootnoteAttr.text) ?? ''),
    });
  });
  return {
    rawId: readBlockIdAttribute(node.getAttribute(BlockAttr.id)),
    kind,
    start: kind === 'numbered' && Number.isInteger(start) && start > 0 ? start : null,
    text,
    footnotes,
  };
}

/**
 * Blocks and footnotes from the contents of the fragment's block elements, in order (`index` is the
 * element's index in the fragment), with a unique id per block whatever the document holds: a missing
 * id is named by position, a repeated one gets a suffix. Both last only until the server's repair of
 * the change that caused them arrives (block-ids.ts). `reuse` may give back an equal block made
 * before, so that a caller re-reading a live document keeps the objects of unchanged blocks.
 */
export function assembleBlocks(
  contents: Iterable<{ readonly index: number; readonly content: BlockElementContent }>,
  reuse: (content: BlockElementContent, block: Block) => Block = (_, block) => block,
): { blocks: Block[]; footnotes: Footnote[] } {
  const unnumbered: Block[] = [];
  const read: BlockElementContent[] = [];
  const footnotes: Footnote[] = [];
  const seen = new Set<string>();
  const uniqueId = (raw: string | null, fallback: string) => {
    const base = raw ?? fallback;
    let id = base;
    for (let n = 2; seen.has(id); n++) id = `${base}~${n}`;
    seen.add(id);
    return id;
  };
  for (const { index, content } of contents) {
    const id = uniqueId(content.rawId, `block-${index}`);
    content.footnotes.forEach((footnote, fnIndex) => {
      footnotes.push({
        id: uniqueId(footnote.rawId, `${id}-fn-${fnIndex}`),
        number: 0,
        blockId: id,
        offset: footnote.offset,
        text: footnote.text,
      });
    });
    read.push(content);
    unnumbered.push({
      id,
      kind: content.kind,
      number: null,
      text: content.text,
      ...(content.start !== null ? { start: content.start } : {}),
    });
  }
  const blocks = numberBlocks(unnumbered).map((block, i) => reuse(read[i] as BlockElementContent, block));
  return { blocks, footnotes: numberFootnotes(blocks, footnotes) };
}

/** Reads blocks and footnotes (see `assembleBlocks` for ids). */
export function readBlocks(doc: Y.Doc): { blocks: Block[]; footnotes: Footnote[] } {
  const contents: { index: number; content: BlockElementContent }[] = [];
  getFragment(doc).forEach((node, index) => {
    if (node instanceof Y.XmlElement) contents.push({ index, content: readBlockElement(node) });
  });
  return assembleBlocks(contents);
}

interface DeltaOp {
  insert?: unknown;
  attributes?: Record<string, unknown>;
}

/**
 * Plain text of one block element, brackets restored around marked runs; footnotes reported by offset.
 * A footnote at the edge of a bracketed span is placed outside it ("[text]¹"), the one reading the
 * layout allows: the footnote node carries no bracket mark.
 */
function readInline(
  element: Y.XmlElement,
  onFootnote: (offset: number, footnote: Y.XmlElement, index: number) => void,
): string {
  let text = '';
  let open = false;
  let pending: Y.XmlElement[] = [];
  let fnIndex = 0;
  const placePending = () => {
    for (const footnote of pending) onFootnote(text.length, footnote, fnIndex++);
    pending = [];
  };
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as DeltaOp[]) {
        if (typeof op.insert !== 'string' || op.insert === '') continue;
        const bracket = op.attributes?.[BRACKET_MARK] != null;
        if (open && !bracket) text += ']';
        placePending();
        if (!open && bracket) text += '[';
        open = bracket;
        text += op.insert;
      }
    } else if (child instanceof Y.XmlElement && child.nodeName === FOOTNOTE_NODE) {
      pending.push(child);
    }
  }
  if (open) text += ']';
  placePending();
  return text;
}

/** The element of a block, for edits made directly on the Yjs types (server uploads, tests). */
export function findBlockElement(doc: Y.Doc, blockId: string): Y.XmlElement | undefined {
  for (const node of getFragment(doc).toArray()) {
    if (node instanceof Y.XmlElement && node.getAttribute(BlockAttr.id) === blockId) return node;
  }
  return undefined;
}

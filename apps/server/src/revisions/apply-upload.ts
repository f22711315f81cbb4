import { findInPlace } from '@accord/diff';
import type { LeftOut } from '@accord/format';
import {
  type Block,
  type CouncilDocument,
  type DocumentMetadata,
  EMPTY_METADATA,
  type Footnote,
  findBracketSpans,
} from '@accord/model';
import {
  BlockAttr,
  BRACKET_MARK,
  createBlockElement,
  FOOTNOTE_NODE,
  FootnoteAttr,
  getFragment,
  getMeta,
  readDocument,
} from '@accord/ydoc';
import * as Y from 'yjs';
import { matchUpload } from './match-upload';

/**
 * Makes an uploaded document the live text of `doc` by changing only what differs, inside the caller's
 * transaction (so it reaches clients as one update and is journaled as one).
 *
 * Blocks are matched by `matchUpload`. Matched blocks that kept their relative order stay where they
 * are, as the same elements: an unchanged one is not touched; a changed one gets its attributes set,
 * and its text edited in place (the differing middle between common prefix and suffix) when it is a
 * single text run without footnotes, or is rebuilt with the same id otherwise. Moved and new blocks are
 * inserted, live blocks that no longer exist are deleted. Header fields are set where they differ.
 */
export interface UploadOutcome {
  /** The live text after the upload. */
  readonly document: CouncilDocument;
  /** Blocks that kept the id of a live block (same or similar text). */
  readonly matched: number;
  /** Blocks that got a fresh id. */
  readonly added: number;
  /** Live blocks that are gone. */
  readonly removed: number;
}

/** What an upload did to the live text, as the answer and the audit log report it. */
export interface UploadSummary extends Omit<UploadOutcome, 'document'> {
  /** Footnotes of positions left out of the file: positions are the ledger's. */
  readonly positionFootnotesDropped: number;
  /** What the file held that is not text of the document (Word comments, images), left out. */
  readonly leftOut: LeftOut;
}

export function applyUpload(doc: Y.Doc, upload: CouncilDocument, newId: () => string): UploadOutcome {
  const live = readDocument(doc);
  const { document: target, newToOld } = matchUpload(live, upload, newId);
  const inPlace = findInPlace(newToOld);
  const fragment = getFragment(doc);

  // Old block index → its element; readDocument reads exactly one block per element, in order.
  const nodes = fragment.toArray();
  const elementIndexes: number[] = [];
  nodes.forEach((node, index) => {
    if (node instanceof Y.XmlElement) elementIndexes.push(index);
  });
  const keptNodes = new Set<number>();
  newToOld.forEach((oldIndex, newIndex) => {
    if (oldIndex !== -1 && inPlace[newIndex]) keptNodes.add(elementIndexes[oldIndex] as number);
  });
  for (let end = nodes.length; end > 0; ) {
    if (keptNodes.has(end - 1)) {
      end--;
      continue;
    }
    let start = end - 1;
    while (start > 0 && !keptNodes.has(start - 1)) start--;
    fragment.delete(start, end - start);
    end = start;
  }

  const liveNotes = groupFootnotes(live.footnotes);
  const targetNotes = groupFootnotes(target.footnotes);
  let cursor = 0;
  let pending: Y.XmlElement[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    fragment.insert(cursor, pending);
    cursor += pending.length;
    pending = [];
  };
  target.blocks.forEach((block, newIndex) => {
    const oldIndex = newToOld[newIndex] as number;
    if (oldIndex === -1 || !inPlace[newIndex]) {
      pending.push(createBlockElement(block, target.footnotes));
      return;
    }
    flush();
    const element = fragment.get(cursor) as Y.XmlElement;
    const updated = updateBlockElement(
      element,
      live.blocks[oldIndex] as Block,
      liveNotes.get((live.blocks[oldIndex] as Block).id) ?? [],
      block,
      targetNotes.get(block.id) ?? [],
    );
    if (!updated) {
      fragment.delete(cursor, 1);
      fragment.insert(cursor, [createBlockElement(block, target.footnotes)]);
    }
    cursor++;
  });
  flush();

  updateMetadata(doc, live.metadata, target.metadata);
  const matched = newToOld.filter((oldIndex) => oldIndex !== -1).length;
  return {
    document: readDocument(doc),
    matched,
    added: target.blocks.length - matched,
    removed: live.blocks.length - matched,
  };
}

function groupFootnotes(footnotes: readonly Footnote[]): Map<string, Footnote[]> {
  const byBlock = new Map<string, Footnote[]>();
  for (const note of footnotes) {
    const list = byBlock.get(note.blockId);
    if (list) list.push(note);
    else byBlock.set(note.blockId, [note]);
  }
  return byBlock;
}

/** Brings a kept element to `block` in place; false when it must be rebuilt instead. */
function updateBlockElement(
  element: Y.XmlElement,
  before: Block,
  beforeNotes: readonly Footnote[],
  block: Block,
  notes: readonly Footnote[],
): boolean {
  const sameNotePlaces =
    beforeNotes.length === notes.length &&
    beforeNotes.every((note, i) => note.id === notes[i]?.id && note.offset === notes[i]?.offset);
  const textOnly = beforeNotes.length === 0 && notes.length === 0;
  const children = element.toArray();
  const run = children.length === 1 && children[0] instanceof Y.XmlText ? children[0] : null;
  if (before.text !== block.text && !(textOnly && (run !== null || children.length === 0))) return false;
  if (before.text === block.text && !sameNotePlaces) return false;

  if (element.getAttribute(BlockAttr.id) !== block.id) element.setAttribute(BlockAttr.id, block.id);
  if (element.getAttribute(BlockAttr.kind) !== block.kind) element.setAttribute(BlockAttr.kind, block.kind);
  const start = block.kind === 'numbered' ? block.start : undefined;
  const currentStart = element.getAttribute(BlockAttr.start) as unknown;
  if (start === undefined) {
    if (currentStart !== undefined) element.removeAttribute(BlockAttr.start);
  } else if (currentStart !== start) {
    // The editor schema's `start` is a number; y-prosemirror stores attribute values as they are.
    element.setAttribute(BlockAttr.start, start as unknown as string);
  }

  if (before.text !== block.text) {
    if (run === null) {
      const text = new Y.XmlText();
      element.insert(0, [text]);
      editText(text, block.text);
    } else {
      editText(run, block.text);
    }
  }
  // Same places: only footnote texts may differ.
  const footnoteElements = children.filter(
    (child): child is Y.XmlElement => child instanceof Y.XmlElement && child.nodeName === FOOTNOTE_NODE,
  );
  notes.forEach((note, i) => {
    const footnote = footnoteElements[i];
    if (footnote && footnote.getAttribute(FootnoteAttr.text) !== note.text) {
      footnote.setAttribute(FootnoteAttr.text, note.text);
    }
  });
  return true;
}

interface Run {
  readonly text: string;
  readonly bracket: boolean;
}

/** The runs `createBlockElement` writes for a block text: outermost brackets become the mark. */
function toRuns(text: string): Run[] {
  const spans = findBracketSpans(text);
  const runs: { text: string; bracket: boolean }[] = [];
  let at = 0;
  const push = (part: string, bracket: boolean) => {
    if (part !== '') runs.push({ text: part, bracket });
  };
  for (const span of spans) {
    push(text.slice(at, span.start), false);
    push(text.slice(span.start + 1, span.end - 1), true);
    at = span.end;
  }
  push(text.slice(at), false);
  return runs;
}

interface DeltaOp {
  readonly insert?: unknown;
  readonly attributes?: Record<string, unknown>;
}

/** Replaces the differing middle of a text run, so marks and cursors outside it stay put. */
function editText(run: Y.XmlText, text: string): void {
  const current = (run.toDelta() as DeltaOp[]).flatMap((op) =>
    typeof op.insert === 'string'
      ? [{ text: op.insert, bracket: op.attributes?.[BRACKET_MARK] != null }]
      : [],
  );
  const before = explode(current);
  const after = explode(toRuns(text));
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  // Never cut between the two halves of a surrogate pair.
  while (prefix > 0 && isHighSurrogate(after[prefix - 1] as string)) prefix--;
  while (suffix > 0 && isLowSurrogate(after[after.length - suffix] as string)) suffix--;
  const inserted = implode(after.slice(prefix, after.length - suffix));
  const deleted = before.length - prefix - suffix;
  // Fresh attribute objects: Yjs fills them in while inserting.
  run.applyDelta([
    ...(prefix > 0 ? [{ retain: prefix }] : []),
    ...(deleted > 0 ? [{ delete: deleted }] : []),
    ...inserted.map((part) => ({
      insert: part.text,
      attributes: part.bracket ? { [BRACKET_MARK]: {} } : {},
    })),
  ]);
}

/** One entry per UTF-16 unit: the unit, marked when bracketed (so a mark change is a change). */
function explode(runs: readonly Run[]): string[] {
  return runs.flatMap((run) =>
    Array.from({ length: run.text.length }, (_, i) => `${run.bracket ? '[' : ' '}${run.text[i]}`),
  );
}

function isHighSurrogate(unit: string): boolean {
  const code = unit.charCodeAt(1);
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(unit: string): boolean {
  const code = unit.charCodeAt(1);
  return code >= 0xdc00 && code <= 0xdfff;
}

function implode(units: readonly string[]): Run[] {
  const runs: { text: string; bracket: boolean }[] = [];
  for (const unit of units) {
    const bracket = unit[0] === '[';
    const last = runs.at(-1);
    if (last && last.bracket === bracket) last.text += unit.slice(1);
    else runs.push({ text: unit.slice(1), bracket });
  }
  return runs;
}

const META_KEYS = Object.keys(EMPTY_METADATA) as (keyof DocumentMetadata)[];

function updateMetadata(doc: Y.Doc, before: DocumentMetadata, after: DocumentMetadata): void {
  const meta = getMeta(doc);
  for (const key of META_KEYS) {
    const value = after[key];
    const old = before[key];
    const same = Array.isArray(value)
      ? Array.isArray(old) && old.length === value.length && old.every((v, i) => v === value[i])
      : old === value;
    if (!same) meta.set(key, Array.isArray(value) ? [...value] : value);
  }
}

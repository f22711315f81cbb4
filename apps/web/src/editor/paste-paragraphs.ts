/**
 * Paragraphs cut or copied with their paragraph mark (selected from the start of one to the start of
 * the next, as a paragraph is moved) and pasted at the start of another go before it, as in Word.
 * ProseMirror's own paste opened the slice into that paragraph instead: the first pasted paragraph
 * took its place, its id and so its positions and comments, and its words went on in a new paragraph of
 * the kind of the one after the copied ones (a heading, when that was next), under a new id. Pasted
 * inside a paragraph, the words after the caret took that kind too. And pasted over a whole block's
 * text, the block kept its kind where the first pasted paragraph had one (a typed "2. " read as its
 * number, and so lost).
 */
import { isBlockKind } from '@accord/model';
import { BLOCK_NODE, BlockAttr } from '@accord/ydoc';
import { Extension } from '@tiptap/core';
import { Fragment, type Node as ProseMirrorNode, Slice } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { changeBlockKind } from './block-node';

/** Whether the selection holds all of one block's text (an empty block's included). */
export function selectsWholeBlock(state: EditorState): boolean {
  const { $from, $to } = state.selection;
  return (
    $from.parent === $to.parent &&
    $from.parent.type.name === BLOCK_NODE &&
    $from.parentOffset === 0 &&
    $to.parentOffset === $from.parent.content.size
  );
}

/**
 * Where the paste of a slice puts its paragraphs, when it is not ProseMirror's own paste:
 * - `before`: at the start of a paragraph with text, a slice ending with a paragraph mark (paragraphs
 *   copied whole, or words and the mark after them): whole paragraphs before it;
 * - `before-and-into`: there, a slice without one (plain text, whose last paragraph goes on into the
 *   words after the caret): all but the last before it, the last one's words at its start, as Word
 *   keeps the paragraph whose mark stays; ProseMirror gave the paragraph's id (its positions and
 *   comments) to the first pasted one, and its words a new id and the last pasted one's kind;
 * - `inside`: inside a paragraph: ProseMirror's paste, but the words after the caret stay a paragraph
 *   of its kind, not of the kind of the last pasted paragraph or of the one after the copied ones;
 * - `whole-block`: replacing a whole block's text (an empty paragraph, typically): ProseMirror's paste,
 *   which writes the first pasted paragraph's words into the block, but the block takes that
 *   paragraph's kind when it has one (a typed number read, a Word list paragraph, a heading); plain
 *   text's paragraphs have none, and the block keeps its own.
 */
type Placement = 'before' | 'before-and-into' | 'inside' | 'whole-block';

function placeParagraphs(state: EditorState, slice: Slice): Placement | null {
  const { selection } = state;
  const { $from } = selection;
  const first = slice.content.firstChild;
  if (selectsWholeBlock(state) && $from.depth === 1 && slice.openStart === 1 && first?.isTextblock)
    return 'whole-block';
  if (!selection.empty || $from.depth !== 1 || $from.parent.content.size === 0) return null;
  // A slice ending with a paragraph mark ends with the empty, open start of the paragraph after it.
  const last = slice.content.lastChild;
  if (slice.openEnd !== 1 || slice.openStart > 1 || last === null || !last.isTextblock) return null;
  if (slice.content.childCount < 2) return null;
  let textblocks = true;
  slice.content.forEach((node, _offset, index) => {
    if (index < slice.content.childCount - 1 && !node.isTextblock) textblocks = false;
  });
  if (!textblocks) return null;
  const endsWithMark = last.content.size === 0;
  if ($from.parentOffset > 0) {
    // Plain paragraphs at the end of one: the last stands alone, of its own kind, as ProseMirror pastes.
    return $from.parentOffset === $from.parent.content.size && !endsWithMark ? null : 'inside';
  }
  return endsWithMark ? 'before' : 'before-and-into';
}

/** Where the paste leaves the first and the last pasted paragraphs (those between stand alone). */
export interface StandingParagraphs {
  /** The first stands as a block of its own, of its own kind. */
  readonly first: boolean;
  /**
   * The kind of the paragraph whose words the last goes on into, at their start, keeping that kind;
   * null when the last stands alone.
   */
  readonly lastInto: string | null;
}

/**
 * Where the paste of `slice` at `state`'s selection leaves its first and last paragraphs. The first is
 * written onto the words before the caret unless the slice opens with a whole paragraph, it goes before
 * the caret's paragraph, or it fills a whole block. The last goes on into the words after the caret at
 * the start of a paragraph (the paragraph keeps its kind), or inside one (they keep the paragraph's
 * kind); else it stands alone.
 */
export function readStandingParagraphs(state: EditorState, slice: Slice): StandingParagraphs {
  const placement = placeParagraphs(state, slice);
  const into = placement === 'before-and-into' || placement === 'inside';
  return {
    first: slice.openStart === 0 || (placement !== null && placement !== 'inside'),
    lastInto: into ? String(state.selection.$from.parent.attrs.kind) : null,
  };
}

/**
 * The paste of `slice` at the caret when it holds several paragraphs and the caret has words after it,
 * or when it replaces a whole block's text, as `Placement` says; null for any other paste, left to
 * ProseMirror.
 */
export function pasteParagraphs(state: EditorState, slice: Slice): Transaction | null {
  const placement = placeParagraphs(state, slice);
  if (placement === null) return null;
  const { $from } = state.selection;
  if (placement === 'whole-block') {
    const kind = slice.content.firstChild?.attrs.kind;
    if (kind === 'paragraph' || kind === $from.parent.attrs.kind || !isBlockKind(kind)) return null;
    const tr = state.tr.replaceSelection(slice);
    const caret = tr.selection.head;
    // The block keeps its id; a numbering restart on it goes on as any kind change hands it on.
    changeBlockKind(tr.setSelection(TextSelection.create(tr.doc, $from.pos)), kind);
    return tr.setSelection(TextSelection.create(tr.doc, caret)).scrollIntoView();
  }
  const last = slice.content.lastChild as ProseMirrorNode;
  const blocks: ProseMirrorNode[] = [];
  slice.content.forEach((node, _offset, index) => {
    if (index < slice.content.childCount - 1) blocks.push(node);
  });
  if (placement === 'before-and-into') {
    const before = $from.before();
    const tr = state.tr.insert($from.pos, last.content).insert(before, Fragment.from(blocks));
    const caret = $from.pos + Fragment.from(blocks).size + last.content.size;
    return tr.setSelection(TextSelection.create(tr.doc, caret)).scrollIntoView();
  }
  if (placement === 'inside') {
    const target = $from.parent;
    const tr = state.tr.replaceSelection(slice);
    // The caret ends at the start of the words that were after it, in the paragraph the slice closed.
    const $tail = tr.selection.$from;
    if ($tail.depth !== 1) return null;
    tr.setNodeMarkup($tail.before(), undefined, {
      ...$tail.parent.attrs,
      kind: target.attrs.kind,
      start: null,
    });
    return tr.scrollIntoView();
  }
  const before = $from.before();
  const inserted = Fragment.from(blocks);
  const tr = state.tr.insert(before, inserted);
  return tr.setSelection(TextSelection.create(tr.doc, before + inserted.size + 1)).scrollIntoView();
}

/** The ids the paragraphs of the slice being pasted had on the clipboard, before UniqueID took them out. */
const clipboardIds = new WeakMap<EditorView, readonly unknown[]>();

/**
 * The slice with each paragraph that was cut from this text given back the id it had, when no
 * paragraph of the text has it any more: a paragraph cut and pasted elsewhere is moved, with its
 * positions and comments, not deleted with them and written anew. A copy (its paragraph still there),
 * or a second paste of one cut, keeps the new id UniqueID gives it.
 */
export function restoreCutIds(slice: Slice, ids: readonly unknown[], doc: ProseMirrorNode): Slice {
  const present = new Set<unknown>();
  doc.forEach((node) => {
    present.add(node.attrs[BlockAttr.id]);
  });
  let restored = false;
  const blocks: ProseMirrorNode[] = [];
  // An open last paragraph is the start of one the cut did not take whole: the paste writes the words
  // after the caret into it, which are not that paragraph's.
  const last = slice.openEnd > 0 ? slice.content.childCount - 1 : -1;
  slice.content.forEach((node, _offset, index) => {
    const id = ids[index];
    if (index === last) blocks.push(node);
    else if (
      typeof id === 'string' &&
      node.isTextblock &&
      node.attrs[BlockAttr.id] == null &&
      !present.has(id)
    ) {
      present.add(id);
      restored = true;
      blocks.push(node.type.create({ ...node.attrs, [BlockAttr.id]: id }, node.content, node.marks));
    } else blocks.push(node);
  });
  return restored ? new Slice(Fragment.from(blocks), slice.openStart, slice.openEnd) : slice;
}

/** Reads the pasted paragraphs' ids before UniqueID (priority 10000) takes them out of every paste. */
export const ReadClipboardIds = Extension.create({
  name: 'readClipboardIds',
  priority: 10_001,
  addProseMirrorPlugins: () => [
    new Plugin({
      key: new PluginKey('readClipboardIds'),
      props: {
        transformPasted(slice, view) {
          const ids: unknown[] = [];
          slice.content.forEach((node) => {
            ids.push(node.attrs[BlockAttr.id]);
          });
          clipboardIds.set(view, ids);
          return slice;
        },
      },
    }),
  ],
});

/** After UniqueID: gives a cut paragraph its id back, and places pasted paragraphs (`pasteParagraphs`). */
export const PasteParagraphs = Extension.create({
  name: 'pasteParagraphs',
  addProseMirrorPlugins: () => [
    new Plugin({
      key: new PluginKey('pasteParagraphs'),
      props: {
        transformPasted(slice, view) {
          const ids = clipboardIds.get(view);
          clipboardIds.delete(view);
          return ids ? restoreCutIds(slice, ids, view.state.doc) : slice;
        },
        handlePaste(view, _event, slice) {
          const tr = pasteParagraphs(view.state, slice);
          if (tr === null) return false;
          view.dispatch(tr.setMeta('paste', true).setMeta('uiEvent', 'paste'));
          return true;
        },
      },
    }),
  ],
});

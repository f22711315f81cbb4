/**
 * Paragraphs cut or copied with their paragraph mark (selected from the start of one to the start of
 * the next, as a paragraph is moved) and pasted at the start of another go before it, as in Word.
 * ProseMirror's own paste opened the slice into that paragraph instead: the first pasted paragraph
 * took its place, its id and so its positions and comments, and its words went on in a new paragraph of
 * the kind of the one after the copied ones (a heading, when that was next), under a new id. Pasted
 * inside a paragraph, the words after the caret took that kind too.
 */
import { BlockAttr } from '@accord/ydoc';
import { Extension } from '@tiptap/core';
import { Fragment, type Node as ProseMirrorNode, Slice } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/**
 * The paste of `slice` at the caret when it holds several paragraphs and the caret has words after it:
 * - ending with a paragraph mark (paragraphs copied whole, or words and the mark after them): at the
 *   start of a paragraph with text, whole paragraphs before it;
 * - without one (plain text, whose last paragraph goes on into the words after the caret): at the
 *   start of a paragraph, all but the last before it, the last one's words at its start, as Word keeps
 *   the paragraph whose mark stays; ProseMirror gave the paragraph's id (its positions and comments)
 *   to the first pasted one, and its words a new id and the last pasted one's kind;
 * - inside a paragraph: ProseMirror's paste, but the words after the caret stay a paragraph of its
 *   kind, not of the kind of the last pasted paragraph or of the one after the copied ones.
 * Null for any other paste, left to ProseMirror.
 */
export function pasteWithParagraphMark(state: EditorState, slice: Slice): Transaction | null {
  const { selection } = state;
  const { $from } = selection;
  if (!selection.empty || $from.depth !== 1 || $from.parent.content.size === 0) return null;
  // A slice ending with a paragraph mark ends with the empty, open start of the paragraph after it.
  const last = slice.content.lastChild;
  if (slice.openEnd !== 1 || slice.openStart > 1 || last === null || !last.isTextblock) return null;
  if (slice.content.childCount < 2) return null;
  const endsWithMark = last.content.size === 0;
  // Plain paragraphs at the end of one: the last stands alone, of its own kind, as ProseMirror pastes.
  if (!endsWithMark && $from.parentOffset === $from.parent.content.size) return null;
  const blocks: ProseMirrorNode[] = [];
  slice.content.forEach((node, _offset, index) => {
    if (index < slice.content.childCount - 1) blocks.push(node);
  });
  if (!blocks.every((node) => node.isTextblock)) return null;
  if ($from.parentOffset === 0 && !endsWithMark) {
    const before = $from.before();
    const tr = state.tr.insert($from.pos, last.content).insert(before, Fragment.from(blocks));
    const caret = $from.pos + Fragment.from(blocks).size + last.content.size;
    return tr.setSelection(TextSelection.create(tr.doc, caret)).scrollIntoView();
  }
  if ($from.parentOffset > 0) {
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

/** After UniqueID: gives a cut paragraph its id back, and pastes paragraphs before the caret's (above). */
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
          const tr = pasteWithParagraphMark(view.state, slice);
          if (tr === null) return false;
          view.dispatch(tr.setMeta('paste', true).setMeta('uiEvent', 'paste'));
          return true;
        },
      },
    }),
  ],
});

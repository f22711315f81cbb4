/**
 * Paragraphs cut or copied with their paragraph mark (selected from the start of one to the start of
 * the next, as a paragraph is moved) and pasted at the start of another go before it, as in Word.
 * ProseMirror's own paste opened the slice into that paragraph instead: the first pasted paragraph
 * took its place, its id and so its positions and comments, and its words went on in a new paragraph of
 * the kind of the one after the copied ones (a heading, when that was next), under a new id.
 */
import { Extension } from '@tiptap/core';
import { Fragment, type Node as ProseMirrorNode, type Slice } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';

/**
 * The paste of `slice` at the caret as whole paragraphs before the caret's paragraph, when the caret is
 * at the start of a paragraph with text and the slice ends with a paragraph mark; null for any other
 * paste, left to ProseMirror.
 */
export function pasteParagraphsBefore(state: EditorState, slice: Slice): Transaction | null {
  const { selection } = state;
  const { $from } = selection;
  if (!selection.empty || $from.depth !== 1 || $from.parentOffset !== 0) return null;
  if ($from.parent.content.size === 0) return null;
  // A slice ending with a paragraph mark ends with the empty, open start of the paragraph after it.
  const last = slice.content.lastChild;
  if (slice.openEnd !== 1 || slice.openStart > 1 || last === null || !last.isTextblock) return null;
  if (last.content.size !== 0 || slice.content.childCount < 2) return null;
  const blocks: ProseMirrorNode[] = [];
  slice.content.forEach((node, _offset, index) => {
    if (index < slice.content.childCount - 1) blocks.push(node);
  });
  if (!blocks.every((node) => node.isTextblock)) return null;
  const before = $from.before();
  const inserted = Fragment.from(blocks);
  const tr = state.tr.insert(before, inserted);
  return tr.setSelection(TextSelection.create(tr.doc, before + inserted.size + 1)).scrollIntoView();
}

export const PasteParagraphs = Extension.create({
  name: 'pasteParagraphs',
  addProseMirrorPlugins: () => [
    new Plugin({
      key: new PluginKey('pasteParagraphs'),
      props: {
        handlePaste(view, _event, slice) {
          const tr = pasteParagraphsBefore(view.state, slice);
          if (tr === null) return false;
          view.dispatch(tr.setMeta('paste', true).setMeta('uiEvent', 'paste'));
          return true;
        },
      },
    }),
  ],
});

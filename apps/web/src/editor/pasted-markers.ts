/**
 * Paragraph numbers and indents typed as text in what is pasted (a plain-text e-mail, a PDF of a
 * Council document, a web page): "3. The Council …" and "– by the end of the year" become a numbered
 * paragraph and a bullet, without the typed marker, as the Word and HTML imports read them
 * (`@accord/format/typed-marker`). Kept as typed, a number showed twice ("3. 3. The Council"), once
 * from live numbering and once as text, and counted as text in every diff.
 *
 * A pasted paragraph is read so only when it stands as a block of its own: each of several pasted
 * paragraphs, or a single one that replaces a whole block's text (an empty paragraph, typically). A
 * line pasted into the middle of a sentence keeps what it says, "3. " included.
 */
import { measureTypedMarker } from '@accord/format/typed-marker';
import { BLOCK_NODE } from '@accord/ydoc';
import { Extension } from '@tiptap/core';
import { Fragment, type Node, Slice } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey } from '@tiptap/pm/state';

/** `node` as a block of the kind its typed marker makes, without the marker; null when it has none. */
function readMarkedBlock(node: Node): Node | null {
  if (node.type.name !== BLOCK_NODE || node.attrs.kind !== 'paragraph') return null;
  let leading = '';
  for (let i = 0; i < node.childCount && node.child(i).isText; i++) leading += node.child(i).text;
  const marker = measureTypedMarker(leading);
  if (marker === null) return null;
  return node.type.create({ ...node.attrs, kind: marker.kind }, node.content.cut(marker.length), node.marks);
}

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
 * The pasted slice with its paragraphs' typed markers read (see above). `wholeBlock`: the paste
 * replaces a whole block's text, so its first paragraph stands alone too.
 */
export function readPastedMarkers(slice: Slice, wholeBlock: boolean): Slice {
  const { content } = slice;
  let changed = false;
  const blocks: Node[] = [];
  content.forEach((node, _offset, index) => {
    // An open first paragraph is merged into the text at the caret, unless that is a whole block's.
    const alone = index > 0 || wholeBlock || slice.openStart === 0;
    const marked = alone ? readMarkedBlock(node) : null;
    if (marked !== null) changed = true;
    blocks.push(marked ?? node);
  });
  return changed ? new Slice(Fragment.from(blocks), slice.openStart, slice.openEnd) : slice;
}

export const PastedMarkers = Extension.create({
  name: 'pastedMarkers',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('pastedMarkers'),
        props: {
          transformPasted: (slice, view) => readPastedMarkers(slice, selectsWholeBlock(view.state)),
        },
      }),
    ];
  },
});

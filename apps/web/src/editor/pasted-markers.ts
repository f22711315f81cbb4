/**
 * Paragraph numbers and indents typed as text in what is pasted (a plain-text e-mail, a PDF of a
 * Council document, a web page): "3. The Council …" and "– by the end of the year" become a numbered
 * paragraph and a bullet, without the typed marker, as the Word and HTML imports read them
 * (`@accord/format/typed-marker`). Kept as typed, a number showed twice ("3. 3. The Council"), once
 * from live numbering and once as text, and counted as text in every diff.
 *
 * A pasted paragraph is read so when the paste leaves it a block of its own (`readStandingParagraphs`):
 * each between the first and the last of several; the first when it goes before the caret's paragraph
 * or fills a whole block (an empty paragraph, typically); the last unless it goes on into the words
 * after the caret. A line pasted into the middle of a sentence keeps what it says, "3. " included. A
 * last one that goes on into a paragraph's words, at their start, loses its marker only when the
 * paragraph shows one of that kind ("3. " before a numbered paragraph's words, which keep its number):
 * elsewhere the typed "3. " would be lost, nothing showing it.
 */
import { measureTypedMarker } from '@accord/format/typed-marker';
import { BLOCK_NODE } from '@accord/ydoc';
import { Extension } from '@tiptap/core';
import { Fragment, type Node, Slice } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey } from '@tiptap/pm/state';
import { readStandingParagraphs, type StandingParagraphs } from './paste-paragraphs';

/**
 * `node` as a block of the kind its typed marker makes, without the marker; null when it has none, or
 * when it makes another kind than `into`, the kind of the block the paste writes its words into.
 */
function readMarkedBlock(node: Node, into: string | null): Node | null {
  if (node.type.name !== BLOCK_NODE || node.attrs.kind !== 'paragraph') return null;
  let leading = '';
  for (let i = 0; i < node.childCount && node.child(i).isText; i++) leading += node.child(i).text;
  const marker = measureTypedMarker(leading);
  if (marker === null || (into !== null && marker.kind !== into)) return null;
  return node.type.create({ ...node.attrs, kind: marker.kind }, node.content.cut(marker.length), node.marks);
}

/** The pasted slice with its paragraphs' typed markers read where `standing` says (see above). */
export function readPastedMarkers(slice: Slice, standing: StandingParagraphs): Slice {
  const { content } = slice;
  let changed = false;
  const blocks: Node[] = [];
  content.forEach((node, _offset, index) => {
    let marked: Node | null;
    if (index === 0) marked = standing.first ? readMarkedBlock(node, null) : null;
    else if (index === content.childCount - 1) marked = readMarkedBlock(node, standing.lastInto);
    else marked = readMarkedBlock(node, null);
    if (marked !== null) changed = true;
    blocks.push(marked ?? node);
  });
  return changed ? new Slice(Fragment.from(blocks), slice.openStart, slice.openEnd) : slice;
}

/** The slice pasted at `state`'s selection, with its typed markers read where the paste puts them. */
export function readPastedMarkersAt(state: EditorState, slice: Slice): Slice {
  return readPastedMarkers(slice, readStandingParagraphs(state, slice));
}

export const PastedMarkers = Extension.create({
  name: 'pastedMarkers',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('pastedMarkers'),
        props: {
          transformPasted: (slice, view) => readPastedMarkersAt(view.state, slice),
        },
      }),
    ];
  },
});

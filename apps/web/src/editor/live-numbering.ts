/**
 * Paragraph and footnote numbers, derived live from document order by the model's own rule
 * (`numberBlocks`: a numbered paragraph takes the next number unless it restarts at `start`), and shown
 * as `data-number` on the block and footnote elements for CSS to draw. Numbers are never written into
 * the document, so renumbering never changes a block's identity or text, and the editor cannot
 * disagree with the server about a paragraph's number.
 */
import { type Block, isBlockKind, numberBlocks } from '@accord/model';
import { FOOTNOTE_NODE } from '@accord/ydoc';
import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

export const liveNumberingKey = new PluginKey<DecorationSet>('liveNumbering');

/** The derived number of every top-level block (null when unnumbered) and of every footnote, in order. */
export function numberDocument(doc: ProseMirrorNode): { blocks: (string | null)[]; footnotes: number } {
  const blocks: Block[] = [];
  let footnotes = 0;
  doc.forEach((node) => {
    const kind = isBlockKind(node.attrs.kind) ? node.attrs.kind : 'paragraph';
    const start = node.attrs.start;
    blocks.push({
      id: '',
      kind,
      number: null,
      text: '',
      ...(typeof start === 'number' && Number.isInteger(start) && start > 0 ? { start } : {}),
    });
    node.forEach((child) => {
      if (child.type.name === FOOTNOTE_NODE) footnotes++;
    });
  });
  return { blocks: numberBlocks(blocks).map((b) => b.number), footnotes };
}

function decorateNumbers(doc: ProseMirrorNode): DecorationSet {
  const { blocks } = numberDocument(doc);
  const decorations: Decoration[] = [];
  let footnote = 0;
  doc.forEach((node, offset, index) => {
    const number = blocks[index];
    if (number != null)
      decorations.push(Decoration.node(offset, offset + node.nodeSize, { 'data-number': number }));
    node.forEach((child, childOffset) => {
      if (child.type.name !== FOOTNOTE_NODE) return;
      footnote++;
      const from = offset + 1 + childOffset;
      decorations.push(Decoration.node(from, from + child.nodeSize, { 'data-number': String(footnote) }));
    });
  });
  return DecorationSet.create(doc, decorations);
}

export function createLiveNumberingPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: liveNumberingKey,
    state: {
      init: (_config, state) => decorateNumbers(state.doc),
      apply: (tr, previous) => (tr.docChanged ? decorateNumbers(tr.doc) : previous),
    },
    props: {
      decorations: (state) => liveNumberingKey.getState(state),
    },
  });
}

export const LiveNumbering = Extension.create({
  name: 'liveNumbering',
  addProseMirrorPlugins: () => [createLiveNumberingPlugin()],
});

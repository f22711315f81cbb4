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
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

export const liveNumberingKey = new PluginKey<NumberingState>('liveNumbering');

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

/** The numbers shown, and the decorations that show them. */
interface NumberingState {
  readonly blocks: readonly (string | null)[];
  readonly footnotes: number;
  readonly decorations: DecorationSet;
}

function decorateNumbers(doc: ProseMirrorNode, numbers = numberDocument(doc)): NumberingState {
  const { blocks } = numbers;
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
  return { ...numbers, decorations: DecorationSet.create(doc, decorations) };
}

function countDecorations(numbers: Pick<NumberingState, 'blocks' | 'footnotes'>): number {
  return numbers.blocks.filter((number) => number !== null).length + numbers.footnotes;
}

/**
 * The decorations after a change. A keystroke changes no number: the decorations before it, mapped
 * through the change, still say the right numbers on the right nodes as long as none was dropped (a
 * node decoration goes with its node's boundaries), which is counted. Building the set again costs
 * time in the square of the blocks (ProseMirror sorts each top-level node decoration into the tree
 * by a scan of all of them: some 4 ms a keystroke with 2,000 blocks), mapping it a pass over them.
 * A remote change, which y-prosemirror writes as a replacement of the whole document, drops them all
 * and builds the set again.
 */
function applyNumbers(tr: Transaction, previous: NumberingState): NumberingState {
  if (!tr.docChanged) return previous;
  const numbers = numberDocument(tr.doc);
  const same =
    numbers.footnotes === previous.footnotes &&
    numbers.blocks.length === previous.blocks.length &&
    numbers.blocks.every((number, index) => number === previous.blocks[index]);
  if (same) {
    const decorations = previous.decorations.map(tr.mapping, tr.doc);
    if (decorations.find().length === countDecorations(numbers)) return { ...numbers, decorations };
  }
  return decorateNumbers(tr.doc, numbers);
}

export function createLiveNumberingPlugin(): Plugin<NumberingState> {
  return new Plugin<NumberingState>({
    key: liveNumberingKey,
    state: {
      init: (_config, state) => decorateNumbers(state.doc),
      apply: applyNumbers,
    },
    props: {
      decorations: (state) => liveNumberingKey.getState(state)?.decorations,
    },
  });
}

export const LiveNumbering = Extension.create({
  name: 'liveNumbering',
  addProseMirrorPlugins: () => [createLiveNumberingPlugin()],
});

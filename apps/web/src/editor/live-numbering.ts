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
import { AddMarkStep, RemoveMarkStep, ReplaceStep, type Step } from '@tiptap/pm/transform';
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

function isFootnote(node: ProseMirrorNode): boolean {
  return node.type.name === FOOTNOTE_NODE;
}

/**
 * Whether a step leaves every block and footnote as it was (kind, start, count and order): a mark
 * added or removed, or inline content replaced inside one textblock with no footnote taken or given.
 */
function keepsStructure(step: Step, doc: ProseMirrorNode): boolean {
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return true;
  if (!(step instanceof ReplaceStep)) return false;
  const { from, to, slice } = step;
  if (slice.openStart !== 0 || slice.openEnd !== 0) return false;
  const $from = doc.resolve(from);
  if (!$from.parent.isTextblock || $from.end() < to) return false;
  let footnote = false;
  doc.nodesBetween(from, to, (node) => {
    if (isFootnote(node)) footnote = true;
    return !footnote;
  });
  slice.content.descendants((node) => {
    if (!node.isInline || isFootnote(node)) footnote = true;
    return !footnote;
  });
  return !footnote;
}

/**
 * The decorations after a change. A change that keeps every block and footnote (`keepsStructure`: a
 * keystroke, a bracket) keeps the numbers without deriving them again over the whole document, and
 * the decorations mapped through it: it moves no node boundary, so none is dropped. Any other change
 * may still change no number: the decorations before it, mapped through the change, still say the
 * right numbers on the right nodes as long as none was dropped (a node decoration goes with its
 * node's boundaries), which is counted. Building the set again costs
 * time in the square of the blocks (ProseMirror sorts each top-level node decoration into the tree
 * by a scan of all of them: some 4 ms a keystroke with 2,000 blocks), mapping it a pass over them.
 * A remote change, which y-prosemirror writes as a replacement of the whole document, drops them all
 * and builds the set again.
 */
function applyNumbers(tr: Transaction, previous: NumberingState): NumberingState {
  if (!tr.docChanged) return previous;
  if (tr.steps.every((step, index) => keepsStructure(step, tr.docs[index] as ProseMirrorNode)))
    return { ...previous, decorations: previous.decorations.map(tr.mapping, tr.doc) };
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

/**
 * Paragraph and footnote numbers, derived live from document order by the model's own rule
 * (`numberBlocks`: a numbered paragraph takes the next number unless it restarts at `start`), and shown
 * as `data-number` on the block and footnote elements for CSS to draw. Numbers are never written into
 * the document, so renumbering never changes a block's identity or text, and the editor cannot
 * disagree with the server about a paragraph's number.
 *
 * A footnote's number is a node decoration. A paragraph's is not: ProseMirror's view update scans the
 * document's top-level node decorations once for every top-level node (`DecorationSet.forChild`), which
 * with one per numbered paragraph took half of a keystroke's script time on 2,000 blocks (6 of 12 ms).
 * The plugin renders paragraphs through a node view of its own, exactly the schema's DOM, which lets
 * it set `data-number` on the element itself (the view ignores that attribute's mutations), and writes
 * the numbers only when they change or a paragraph element is new.
 */
import { type Block, isBlockKind, numberBlocks } from '@accord/model';
import { BLOCK_NODE, FOOTNOTE_NODE } from '@accord/ydoc';
import { Extension } from '@tiptap/core';
import { DOMSerializer, type Fragment, type Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { AddMarkStep, RemoveMarkStep, ReplaceStep, type Step } from '@tiptap/pm/transform';
import { Decoration, DecorationSet, type EditorView, type NodeView } from '@tiptap/pm/view';

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

/** The numbers shown, and the decorations that show the footnotes'. */
interface NumberingState {
  /** Every top-level block's number; the same array as long as none changes. */
  readonly blocks: readonly (string | null)[];
  readonly footnotes: number;
  readonly decorations: DecorationSet;
}

function decorateFootnotes(doc: ProseMirrorNode): DecorationSet {
  const decorations: Decoration[] = [];
  let footnote = 0;
  doc.forEach((node, offset) => {
    node.forEach((child, childOffset) => {
      if (child.type.name !== FOOTNOTE_NODE) return;
      footnote++;
      const from = offset + 1 + childOffset;
      decorations.push(Decoration.node(from, from + child.nodeSize, { 'data-number': String(footnote) }));
    });
  });
  return DecorationSet.create(doc, decorations);
}

function isFootnote(node: ProseMirrorNode): boolean {
  return node.type.name === FOOTNOTE_NODE;
}

function containsFootnote(node: ProseMirrorNode): boolean {
  let found = false;
  node.descendants((child) => {
    if (isFootnote(child)) found = true;
    return !found;
  });
  return found;
}

/**
 * Whether whole top-level blocks are replaced by as many of the same type, kind and start, none of
 * them with a footnote (whose decoration the replacement would drop): a remote keystroke, which
 * y-tiptap (patched) writes as its paragraph replaced by a new node.
 */
function replacesBlocksAlike(from: number, to: number, replacement: Fragment, doc: ProseMirrorNode): boolean {
  if (doc.resolve(from).depth !== 0 || doc.resolve(to).depth !== 0) return false;
  const replaced = doc.slice(from, to).content;
  if (replaced.childCount !== replacement.childCount) return false;
  for (let index = 0; index < replaced.childCount; index++) {
    const before = replaced.child(index);
    const after = replacement.child(index);
    if (
      before.type !== after.type ||
      before.attrs.kind !== after.attrs.kind ||
      before.attrs.start !== after.attrs.start ||
      containsFootnote(before) ||
      containsFootnote(after)
    )
      return false;
  }
  return true;
}

/**
 * Whether a step leaves every block and footnote as it was (kind, start, count and order): a mark
 * added or removed, inline content replaced inside one textblock with no footnote taken or given, or
 * blocks replaced by alike ones (`replacesBlocksAlike`).
 */
function keepsStructure(step: Step, doc: ProseMirrorNode): boolean {
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return true;
  if (!(step instanceof ReplaceStep)) return false;
  const { from, to, slice } = step;
  if (slice.openStart !== 0 || slice.openEnd !== 0) return false;
  const $from = doc.resolve(from);
  if (!$from.parent.isTextblock) return replacesBlocksAlike(from, to, slice.content, doc);
  if ($from.end() < to) return false;
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

function isSameNumbering(a: readonly (string | null)[], b: readonly (string | null)[]): boolean {
  return a.length === b.length && a.every((number, index) => number === b[index]);
}

/**
 * The numbers after a change. A change that keeps every block and footnote (`keepsStructure`: a
 * keystroke, a bracket, another delegation's keystroke) keeps them without deriving them again over
 * the whole document, and the footnotes' decorations mapped through it: it drops no footnote's node.
 * Any other change is numbered again; the blocks' numbers keep their array when none changed (so
 * nothing is written to the page), and the footnotes' decorations are mapped when their count is the
 * same and none was dropped (a node decoration goes with its node's boundaries), else built again: a
 * remote change replaces whole blocks, and drops the decorations of the footnotes in them.
 */
function applyNumbers(tr: Transaction, previous: NumberingState): NumberingState {
  if (!tr.docChanged) return previous;
  if (tr.steps.every((step, index) => keepsStructure(step, tr.docs[index] as ProseMirrorNode)))
    return { ...previous, decorations: previous.decorations.map(tr.mapping, tr.doc) };
  const numbers = numberDocument(tr.doc);
  const blocks = isSameNumbering(numbers.blocks, previous.blocks) ? previous.blocks : numbers.blocks;
  if (numbers.footnotes === previous.footnotes) {
    const decorations = previous.decorations.map(tr.mapping, tr.doc);
    if (decorations.find().length === numbers.footnotes)
      return { blocks, footnotes: numbers.footnotes, decorations };
  }
  return { blocks, footnotes: numbers.footnotes, decorations: decorateFootnotes(tr.doc) };
}

/** What `writeBlockNumbers` needs of an element. */
export interface NumberedElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
}

/** Gives each element its block's number (none for null), touching only those that change. */
export function writeBlockNumbers(
  elements: readonly NumberedElement[],
  numbers: readonly (string | null)[],
): void {
  elements.forEach((element, index) => {
    const number = numbers[index] ?? null;
    if (element.getAttribute('data-number') === number) return;
    if (number === null) element.removeAttribute('data-number');
    else element.setAttribute('data-number', number);
  });
}

/** The paragraph elements this plugin's node views made, and the views with one not numbered yet. */
const paragraphElements = new WeakSet<Node>();
const viewsWithNewParagraphs = new WeakSet<EditorView>();

/** A paragraph rendered as the schema renders it, whose `data-number` the plugin sets. */
function createParagraphView(node: ProseMirrorNode, view: EditorView): NodeView {
  const toDOM = node.type.spec.toDOM;
  if (!toDOM) throw new Error(`${node.type.name} has no toDOM`);
  const { dom, contentDOM } = DOMSerializer.renderSpec(document, toDOM(node));
  paragraphElements.add(dom);
  viewsWithNewParagraphs.add(view);
  let current = node;
  return {
    dom,
    ...(contentDOM ? { contentDOM } : {}),
    update(next) {
      // A new kind or start: drawn again, as ProseMirror does without a node view.
      if (!next.sameMarkup(current)) return false;
      current = next;
      return true;
    },
    ignoreMutation: (mutation) => mutation.type === 'attributes' && mutation.attributeName === 'data-number',
  };
}

/** Writes every paragraph's number on its element, in document order. */
function showBlockNumbers(view: EditorView): void {
  viewsWithNewParagraphs.delete(view);
  const numbering = liveNumberingKey.getState(view.state);
  if (!numbering) return;
  const elements = Array.from(view.dom.children).filter((element) => paragraphElements.has(element));
  const numbers: (string | null)[] = [];
  view.state.doc.forEach((node, _offset, index) => {
    if (node.type.name === BLOCK_NODE) numbers.push(numbering.blocks[index] ?? null);
  });
  // Each top-level paragraph has its element, in order; anything else would be a view mid-change.
  if (elements.length === numbers.length) writeBlockNumbers(elements, numbers);
}

export function createLiveNumberingPlugin(): Plugin<NumberingState> {
  return new Plugin<NumberingState>({
    key: liveNumberingKey,
    state: {
      init: (_config, state) => ({ ...numberDocument(state.doc), decorations: decorateFootnotes(state.doc) }),
      apply: applyNumbers,
    },
    props: {
      decorations: (state) => liveNumberingKey.getState(state)?.decorations,
      nodeViews: { [BLOCK_NODE]: (node, view) => createParagraphView(node, view) },
    },
    view(view) {
      showBlockNumbers(view);
      return {
        update(updated, previous) {
          const changed =
            liveNumberingKey.getState(previous)?.blocks !== liveNumberingKey.getState(updated.state)?.blocks;
          if (changed || viewsWithNewParagraphs.has(updated)) showBlockNumbers(updated);
        },
      };
    },
  });
}

export const LiveNumbering = Extension.create({
  name: 'liveNumbering',
  addProseMirrorPlugins: () => [createLiveNumberingPlugin()],
});

/**
 * Random edits on the Yjs layout of a Council document (see @accord/ydoc), made the way the editor's
 * y-prosemirror binding writes them: typing and deleting inside a block's text runs, bracketing a span,
 * splitting a block (a new `paragraph` element with a new id takes the tail), merging a block into the
 * one before (its content appended, the element deleted), deleting a block, changing a block's kind,
 * restarting the numbering on a numbered block, and inserting, editing and deleting inline `footnote`
 * elements. Ids are unique per editor, as the editor's unique-id extension makes them.
 */
import { BLOCK_KINDS } from '@accord/model';
import { BLOCK_NODE, BlockAttr, BRACKET_MARK, FOOTNOTE_NODE, FootnoteAttr, getFragment } from '@accord/ydoc';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';

export interface LayoutEditor {
  /** Unique among the editors of a run; prefixes every id this editor makes. */
  readonly name: string;
  ids: number;
}

type Inline = Y.XmlText | Y.XmlElement;
type DeltaOp = { insert: string; attributes?: Record<string, unknown> };

const SAMPLES = [
  'the Council',
  ' recalls',
  'é',
  '’',
  ' — ',
  '🇪🇺',
  ' EU',
  'Member States',
  ' ',
  '.',
  ',',
  'ñ',
];

function randomText(gen: prng.PRNG): string {
  let text = '';
  const parts = prng.uint32(gen, 1, 3);
  for (let i = 0; i < parts; i++) text += prng.bool(gen) ? prng.oneOf(gen, SAMPLES) : prng.word(gen, 1, 6);
  return text;
}

function plainText(text: Y.XmlText): string {
  return (text.toDelta() as DeltaOp[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** An offset in `s` that does not fall between the halves of a surrogate pair (no caret can). */
function safeOffset(s: string, offset: number): number {
  if (offset > 0 && offset < s.length && isHigh(s.charCodeAt(offset - 1)) && isLow(s.charCodeAt(offset))) {
    return offset - 1;
  }
  return offset;
}

function blocksOf(doc: Y.Doc): Y.XmlElement[] {
  return getFragment(doc)
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
}

function newId(editor: LayoutEditor, kind: 'b' | 'f'): string {
  editor.ids++;
  return `${editor.name}-${kind}${editor.ids}`;
}

/** The delta of `text` from `offset` to its end. */
function tailDelta(text: Y.XmlText, offset: number): DeltaOp[] {
  const ops: DeltaOp[] = [];
  let at = 0;
  for (const op of text.toDelta() as DeltaOp[]) {
    if (typeof op.insert !== 'string') continue;
    const end = at + op.insert.length;
    if (end > offset) {
      const piece = op.insert.slice(Math.max(0, offset - at));
      ops.push(op.attributes ? { insert: piece, attributes: { ...op.attributes } } : { insert: piece });
    }
    at = end;
  }
  return ops;
}

function newText(delta: DeltaOp[]): Y.XmlText {
  const text = new Y.XmlText();
  if (delta.length > 0) text.applyDelta(delta);
  return text;
}

/** A copy of an inline node, for moving it to another block (y-prosemirror deletes and re-creates). */
function copyInline(node: Inline): Inline {
  if (node instanceof Y.XmlText) return newText(tailDelta(node, 0));
  const copy = new Y.XmlElement(node.nodeName);
  for (const [key, value] of Object.entries(node.getAttributes())) copy.setAttribute(key, value as string);
  return copy;
}

function appendDelta(target: Y.XmlText, delta: DeltaOp[]): void {
  let at = target.length;
  for (const op of delta) {
    target.insert(at, op.insert, op.attributes ?? {});
    at += op.insert.length;
  }
}

function pickText(gen: prng.PRNG, block: Y.XmlElement): Y.XmlText | null {
  const texts = block.toArray().filter((n): n is Y.XmlText => n instanceof Y.XmlText);
  return texts.length === 0 ? null : prng.oneOf(gen, texts);
}

const EDITS = {
  type(gen: prng.PRNG, _editor: LayoutEditor, doc: Y.Doc): string {
    const block = prng.oneOf(gen, blocksOf(doc));
    const text = pickText(gen, block);
    const insert = randomText(gen);
    const attributes = prng.uint32(gen, 0, 4) === 0 ? { [BRACKET_MARK]: {} } : undefined;
    if (text === null) {
      block.insert(prng.uint32(gen, 0, block.length), [newText([{ insert, attributes }])]);
      return `type "${insert}" into an empty run`;
    }
    const s = plainText(text);
    const offset = safeOffset(s, prng.uint32(gen, 0, s.length));
    text.insert(offset, insert, attributes);
    return `type "${insert}" at ${offset}`;
  },

  erase(gen: prng.PRNG, _editor: LayoutEditor, doc: Y.Doc): string {
    const text = pickText(gen, prng.oneOf(gen, blocksOf(doc)));
    if (text === null || text.length === 0) return 'erase nothing';
    const s = plainText(text);
    const from = safeOffset(s, prng.uint32(gen, 0, s.length - 1));
    const to = safeOffset(s, Math.min(s.length, from + prng.uint32(gen, 1, 6)));
    if (to <= from) return 'erase nothing';
    text.delete(from, to - from);
    return `erase ${from}..${to}`;
  },

  bracket(gen: prng.PRNG, _editor: LayoutEditor, doc: Y.Doc): string {
    const text = pickText(gen, prng.oneOf(gen, blocksOf(doc)));
    if (text === null || text.length === 0) return 'bracket nothing';
    const s = plainText(text);
    const from = safeOffset(s, prng.uint32(gen, 0, s.length - 1));
    const to = safeOffset(s, Math.min(s.length, from + prng.uint32(gen, 1, 10)));
    if (to <= from) return 'bracket nothing';
    const on = prng.bool(gen);
    text.format(from, to - from, { [BRACKET_MARK]: on ? {} : null });
    return `${on ? 'bracket' : 'unbracket'} ${from}..${to}`;
  },

  split(gen: prng.PRNG, editor: LayoutEditor, doc: Y.Doc): string {
    const fragment = getFragment(doc);
    const blocks = blocksOf(doc);
    const block = prng.oneOf(gen, blocks);
    const children = block.toArray() as Inline[];
    const at = prng.uint32(gen, 0, children.length);
    const tail: Inline[] = [];
    let cut = at;
    const child = children[at];
    if (child instanceof Y.XmlText && child.length > 0) {
      const s = plainText(child);
      const offset = safeOffset(s, prng.uint32(gen, 0, s.length));
      tail.push(newText(tailDelta(child, offset)));
      if (offset < child.length) child.delete(offset, child.length - offset);
      cut = at + 1;
    }
    for (const node of children.slice(cut)) tail.push(copyInline(node));
    if (cut < children.length) block.delete(cut, children.length - cut);
    const element = new Y.XmlElement(BLOCK_NODE);
    const id = newId(editor, 'b');
    element.setAttribute(BlockAttr.id, id);
    element.setAttribute(BlockAttr.kind, (block.getAttribute(BlockAttr.kind) as string) ?? 'paragraph');
    if (tail.length > 0) element.insert(0, tail);
    fragment.insert(fragment.toArray().indexOf(block) + 1, [element]);
    return `split ${block.getAttribute(BlockAttr.id)} into ${id}`;
  },

  merge(gen: prng.PRNG, _editor: LayoutEditor, doc: Y.Doc): string {
    const fragment = getFragment(doc);
    const blocks = blocksOf(doc);
    if (blocks.length < 2) return 'merge nothing';
    const index = prng.uint32(gen, 0, blocks.length - 2);
    const block = blocks[index] as Y.XmlElement;
    const next = blocks[index + 1] as Y.XmlElement;
    const description = `merge ${next.getAttribute(BlockAttr.id)} into ${block.getAttribute(BlockAttr.id)}`;
    const moving = next.toArray() as Inline[];
    const last = block.toArray().at(-1);
    const first = moving[0];
    if (last instanceof Y.XmlText && first instanceof Y.XmlText) {
      appendDelta(last, tailDelta(first, 0));
      moving.shift();
    }
    if (moving.length > 0) block.insert(block.length, moving.map(copyInline));
    fragment.delete(fragment.toArray().indexOf(next), 1);
    return description;
  },

  removeBlock(gen: prng.PRNG, _editor: LayoutEditor, doc: Y.Doc): string {
    const fragment = getFragment(doc);
    const blocks = blocksOf(doc);
    if (blocks.length < 2) return 'remove nothing';
    const block = prng.oneOf(gen, blocks);
    const description = `remove ${block.getAttribute(BlockAttr.id)}`;
    fragment.delete(fragment.toArray().indexOf(block), 1);
    return description;
  },

  setKind(gen: prng.PRNG, _editor: LayoutEditor, doc: Y.Doc): string {
    const block = prng.oneOf(gen, blocksOf(doc));
    const kind = prng.oneOf(gen, [...BLOCK_KINDS]);
    block.setAttribute(BlockAttr.kind, kind);
    return `kind ${kind}`;
  },

  restart(gen: prng.PRNG, _editor: LayoutEditor, doc: Y.Doc): string {
    // As the editor's "Restart numbering here": on a numbered paragraph only, or cleared.
    const numbered = blocksOf(doc).filter((block) => block.getAttribute(BlockAttr.kind) === 'numbered');
    if (numbered.length === 0) return 'restart nothing';
    const block = prng.oneOf(gen, numbered);
    if (prng.bool(gen)) {
      block.removeAttribute(BlockAttr.start);
      return `continue ${block.getAttribute(BlockAttr.id)}`;
    }
    const start = prng.uint32(gen, 1, 3);
    block.setAttribute(BlockAttr.start, start as unknown as string);
    return `restart ${block.getAttribute(BlockAttr.id)} at ${start}`;
  },

  addFootnote(gen: prng.PRNG, editor: LayoutEditor, doc: Y.Doc): string {
    const block = prng.oneOf(gen, blocksOf(doc));
    const footnote = new Y.XmlElement(FOOTNOTE_NODE);
    const id = newId(editor, 'f');
    footnote.setAttribute(FootnoteAttr.id, id);
    footnote.setAttribute(FootnoteAttr.text, randomText(gen));
    const children = block.toArray() as Inline[];
    const at = prng.uint32(gen, 0, children.length);
    const child = children[at];
    if (child instanceof Y.XmlText && child.length > 1) {
      const s = plainText(child);
      const offset = safeOffset(s, prng.uint32(gen, 1, s.length - 1));
      if (offset > 0) {
        const tail = tailDelta(child, offset);
        child.delete(offset, child.length - offset);
        block.insert(at + 1, [footnote, newText(tail)]);
        return `footnote ${id} inside a run`;
      }
    }
    block.insert(at, [footnote]);
    return `footnote ${id} at ${at}`;
  },

  editFootnote(gen: prng.PRNG, _editor: LayoutEditor, doc: Y.Doc): string {
    const footnotes = blocksOf(doc).flatMap((block) =>
      block.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement),
    );
    if (footnotes.length === 0) return 'edit no footnote';
    const footnote = prng.oneOf(gen, footnotes);
    footnote.setAttribute(FootnoteAttr.text, randomText(gen));
    return `edit footnote ${footnote.getAttribute(FootnoteAttr.id)}`;
  },

  removeFootnote(gen: prng.PRNG, _editor: LayoutEditor, doc: Y.Doc): string {
    const withNotes = blocksOf(doc).filter((b) => b.toArray().some((n) => n instanceof Y.XmlElement));
    if (withNotes.length === 0) return 'remove no footnote';
    const block = prng.oneOf(gen, withNotes);
    const children = block.toArray() as Inline[];
    const indexes = children.flatMap((n, i) => (n instanceof Y.XmlElement ? [i] : []));
    const at = prng.oneOf(gen, indexes);
    const before = children[at - 1];
    const after = children[at + 1];
    // Prosemirror joins the text on both sides into one text node; the binding writes it into one run.
    if (before instanceof Y.XmlText && after instanceof Y.XmlText) {
      appendDelta(before, tailDelta(after, 0));
      block.delete(at, 2);
    } else {
      block.delete(at, 1);
    }
    return `remove footnote at ${at}`;
  },
} as const;

type EditName = keyof typeof EDITS;

/** Relative frequencies: mostly typing, as in a meeting; structure changes often enough to collide. */
const WEIGHTS: readonly [EditName, number][] = [
  ['type', 30],
  ['erase', 12],
  ['bracket', 6],
  ['split', 10],
  ['merge', 8],
  ['removeBlock', 2],
  ['setKind', 4],
  ['restart', 2],
  ['addFootnote', 6],
  ['editFootnote', 4],
  ['removeFootnote', 4],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);

/** Makes one random edit as one transaction, as one keystroke or command in the editor; says what it did. */
export function applyRandomEdit(gen: prng.PRNG, editor: LayoutEditor, doc: Y.Doc): string {
  let pick = prng.uint32(gen, 0, TOTAL_WEIGHT - 1);
  let name: EditName = 'type';
  for (const [candidate, weight] of WEIGHTS) {
    if (pick < weight) {
      name = candidate;
      break;
    }
    pick -= weight;
  }
  let description = '';
  doc.transact(() => {
    // Concurrent removals can leave no block; the editor then holds one empty paragraph, as ProseMirror does.
    if (blocksOf(doc).length === 0) {
      const element = new Y.XmlElement(BLOCK_NODE);
      element.setAttribute(BlockAttr.id, newId(editor, 'b'));
      element.setAttribute(BlockAttr.kind, 'paragraph');
      getFragment(doc).insert(getFragment(doc).length, [element]);
    }
    description = EDITS[name](gen, editor, doc);
  });
  return description;
}

/** The ids of the blocks that carry a numbering restart but are not numbered (the server repairs them). */
export function readHiddenRestarts(doc: Y.Doc): string[] {
  return blocksOf(doc)
    .filter((block) => block.getAttribute(BlockAttr.kind) !== 'numbered')
    .filter((block) => block.getAttribute(BlockAttr.start) !== undefined)
    .map((block) => String(block.getAttribute(BlockAttr.id)));
}

/** The id attribute of every block element in the fragment, in order, as stored (no repair). */
export function readRawBlockIds(doc: Y.Doc): string[] {
  return blocksOf(doc).map((block) => String(block.getAttribute(BlockAttr.id)));
}

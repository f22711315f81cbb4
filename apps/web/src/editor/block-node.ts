/**
 * Every block of a Council document is one `paragraph` node whatever its kind, matching the Yjs layout
 * of @accord/ydoc: kind is an attribute, so turning a paragraph into a bullet keeps its id and what hangs
 * on it (positions, comments). Numbers are never stored: `LiveNumbering` derives them from document
 * order, and `start` restarts the count where an annex begins again at 1.
 */
import { type BlockKind, isBlockKind } from '@accord/model';
import { BLOCK_NODE, BlockAttr } from '@accord/ydoc';
import { mergeAttributes, Node } from '@tiptap/core';
import { type Command, TextSelection, type Transaction } from '@tiptap/pm/state';
import {
  holdsParagraphs,
  isReadWordListMarker,
  isWordComment,
  isWordFootnoteList,
  readListItemKind,
  readListParagraphKind,
  readPastedParagraphKind,
} from './pasted-html';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    block: {
      /** Gives every block touched by the selection this kind (`changeBlockKind`). */
      setBlockKind: (kind: BlockKind) => ReturnType;
      /** Restarts numbering at `start` in the numbered block holding the cursor; null continues it. */
      setNumberingStart: (start: number | null) => ReturnType;
    };
  }
}

function parseStart(value: string | null): number | null {
  const start = Number(value);
  return value !== null && Number.isInteger(start) && start > 0 ? start : null;
}

/**
 * Enter in a paragraph that restarts the numbering: the part after the caret continues the count.
 * Tiptap's splitBlock drops `start` (keepOnSplit) only at a paragraph's end; anywhere else ProseMirror
 * copied every attribute, and the annex read 1, 1, 2… The part before keeps the paragraph's id.
 */
export const splitContinuingCount: Command = (state, dispatch) => {
  const { selection } = state;
  if (!(selection instanceof TextSelection) || selection.$from.depth !== 1) return false;
  if (selection.$from.parent.attrs.start == null) return false;
  if (dispatch) {
    const tr = state.tr.deleteSelection();
    const at = tr.selection.from;
    const paragraph = tr.doc.resolve(at).parent;
    tr.split(at, 1, [
      { type: paragraph.type, attrs: { ...paragraph.attrs, start: null, [BlockAttr.id]: null } },
    ]);
    dispatch(tr.scrollIntoView());
  }
  return true;
};

/**
 * Gives every top-level block the selection of `tr` touches `kind`. A numbering restart (the annex's
 * first paragraph) on a block that stops being numbered goes to the next numbered block, unless that
 * one restarts the count itself: as in Word, the annex still begins at 1, and nothing is left hidden
 * on a block that shows no number.
 */
export function changeBlockKind(tr: Transaction, kind: BlockKind): Transaction {
  const { doc, selection } = tr;
  const first = selection.$from.index(0);
  const last = selection.$to.index(0);
  let restart: number | null = null;
  let pos = 0;
  for (let i = 0; i < doc.childCount; i++) {
    const node = doc.child(i);
    if (i >= first && i <= last && node.type.name === BLOCK_NODE) {
      const start = typeof node.attrs.start === 'number' ? node.attrs.start : null;
      if (kind !== 'numbered' && node.attrs.kind === 'numbered' && start !== null) restart = start;
      tr.setNodeMarkup(pos, undefined, { ...node.attrs, kind, start: kind === 'numbered' ? start : null });
    } else if (i > last && restart !== null && node.attrs.kind === 'numbered') {
      if (node.attrs.start == null) tr.setNodeMarkup(pos, undefined, { ...node.attrs, start: restart });
      restart = null;
    }
    pos += node.nodeSize;
  }
  return tr;
}

export const BlockNode = Node.create({
  name: BLOCK_NODE,
  group: 'block',
  content: 'inline*',
  priority: 1000,

  addAttributes() {
    return {
      kind: {
        default: 'paragraph' satisfies BlockKind,
        // Enter in a bullet makes another bullet, in a numbered paragraph another numbered one.
        keepOnSplit: true,
        // A block without one takes the kind its parse rule read (pasted-html.ts), else the default.
        parseHTML: (element) => {
          const kind = element.getAttribute('data-kind');
          return isBlockKind(kind) ? kind : null;
        },
        renderHTML: (attributes) => ({ 'data-kind': attributes.kind }),
      },
      start: {
        default: null,
        // The paragraph after a restart continues the count; it does not restart again.
        keepOnSplit: false,
        parseHTML: (element) => parseStart(element.getAttribute('data-start')),
        renderHTML: (attributes) =>
          attributes.kind === 'numbered' && typeof attributes.start === 'number'
            ? { 'data-start': attributes.start }
            : {},
      },
    };
  },

  parseHTML() {
    return [
      // Pasted from Word: its footnotes are read through their references, its list markers by the
      // paragraph they open, its comments not at all.
      {
        tag: 'div',
        getAttrs: (element) => (isWordFootnoteList(element) || isWordComment(element) ? null : false),
        ignore: true,
      },
      {
        tag: 'span',
        getAttrs: (element) => (isReadWordListMarker(element) || isWordComment(element) ? null : false),
        ignore: true,
      },
      { tag: 'a', getAttrs: (element) => (isWordComment(element) ? null : false), ignore: true },
      {
        tag: 'p',
        getAttrs: (element) => {
          const kind = readPastedParagraphKind(element) ?? readListParagraphKind(element);
          return kind ? { kind } : null;
        },
      },
      {
        tag: 'li',
        getAttrs: (element) => (holdsParagraphs(element) ? false : { kind: readListItemKind(element) }),
      },
      { tag: 'h1, h2, h3, h4, h5, h6', attrs: { kind: 'heading' } },
    ];
  },

  renderHTML({ node, HTMLAttributes }) {
    const tag = node.attrs.kind === 'heading' ? 'h2' : 'p';
    return [tag, mergeAttributes(HTMLAttributes, { class: 'block' }), 0];
  },

  addCommands() {
    return {
      setBlockKind:
        (kind) =>
        ({ tr, dispatch }) => {
          if (dispatch) changeBlockKind(tr, kind);
          return true;
        },
      setNumberingStart:
        (start) =>
        ({ state, commands }) => {
          if (state.selection.$from.parent.attrs.kind !== 'numbered') return false;
          return commands.updateAttributes(this.name, { start });
        },
    };
  },

  addKeyboardShortcuts() {
    return {
      Enter: () => splitContinuingCount(this.editor.state, this.editor.view.dispatch),
      'Mod-Alt-1': () => this.editor.commands.setBlockKind('numbered'),
      'Mod-Alt-0': () => this.editor.commands.setBlockKind('paragraph'),
      'Mod-Alt-8': () => this.editor.commands.setBlockKind('bullet'),
      'Mod-Alt-2': () => this.editor.commands.setBlockKind('heading'),
    };
  },
});

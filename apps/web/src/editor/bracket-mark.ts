/**
 * Square brackets: text not yet agreed. A mark, not characters, so brackets always come in pairs and a
 * span can be lifted ("agreed") in one action. The brackets are drawn by CSS around the span so the text
 * reads like the Council's own.
 */
import { BRACKET_MARK, FOOTNOTE_NODE } from '@accord/ydoc';
import { Mark, mergeAttributes } from '@tiptap/core';
import type { MarkType } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    bracket: {
      /** Brackets the selection, or lifts the brackets from it when it is all bracketed. */
      toggleBracket: () => ReturnType;
    };
  }
}

/**
 * Takes `type` off the footnotes between `from` and `to`. ProseMirror marks every inline node in a
 * range, footnotes included, but the Yjs layout keeps no marks on footnotes: a bracketed footnote
 * existed in this editor alone, drawn inside one span here and between two elsewhere.
 */
export function unmarkFootnotes(tr: Transaction, from: number, to: number, type: MarkType): void {
  tr.doc.nodesBetween(from, to, (node, pos) => {
    if (node.type.name === FOOTNOTE_NODE && type.isInSet(node.marks)) tr.removeNodeMark(pos, type);
  });
}

/** The keyboard shortcut that toggles brackets, as shown in the toolbar. */
export const BRACKET_SHORTCUT = 'Mod-Shift-b';

export const BracketMark = Mark.create({
  name: BRACKET_MARK,

  parseHTML() {
    return [{ tag: 'span[data-bracket]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes(HTMLAttributes, { class: 'bracket', 'data-bracket': '' }), 0];
  },

  addCommands() {
    return {
      toggleBracket:
        () =>
        ({ commands, tr }) => {
          if (!commands.toggleMark(this.name)) return false;
          for (const range of tr.selection.ranges)
            unmarkFootnotes(tr, range.$from.pos, range.$to.pos, this.type);
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return { [BRACKET_SHORTCUT]: () => this.editor.commands.toggleBracket() };
  },
});

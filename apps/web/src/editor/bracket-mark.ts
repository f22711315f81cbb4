/**
 * Square brackets: text not yet agreed. A mark, not characters, so brackets always come in pairs and a
 * span can be lifted ("agreed") in one action. The brackets are drawn by CSS around the span so the text
 * reads like the Council's own.
 */
import { BRACKET_MARK } from '@accord/ydoc';
import { Mark, mergeAttributes } from '@tiptap/core';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    bracket: {
      /** Brackets the selection, or lifts the brackets from it when it is all bracketed. */
      toggleBracket: () => ReturnType;
    };
  }
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
        ({ commands }) =>
          commands.toggleMark(this.name),
    };
  },

  addKeyboardShortcuts() {
    return { [BRACKET_SHORTCUT]: () => this.editor.commands.toggleBracket() };
  },
});

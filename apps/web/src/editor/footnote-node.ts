/**
 * A footnote is an inline atom carrying its own text, as in the Yjs layout of @accord/ydoc. Its number
 * is not stored: `LiveNumbering` derives it from document order, so inserting a footnote before another
 * renumbers both at once. It carries no marks (the layout has none on footnotes), so a footnote inside
 * a bracketed span sits between two bracketed runs that read back as one span.
 */
import { FOOTNOTE_NODE, FootnoteAttr } from '@accord/ydoc';
import { mergeAttributes, Node } from '@tiptap/core';
import { readWordFootnoteText } from './pasted-html';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    footnote: {
      /** Inserts a footnote with this text at the cursor (replacing the selection). */
      insertFootnote: (text: string) => ReturnType;
      /** Changes the text of the footnote at document position `pos`. */
      setFootnoteText: (pos: number, text: string) => ReturnType;
    };
  }
}

export const FootnoteNode = Node.create({
  name: FOOTNOTE_NODE,
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  marks: '',

  addAttributes() {
    return {
      [FootnoteAttr.text]: {
        default: '',
        // A footnote pasted from Word takes its text from its parse rule.
        parseHTML: (element) => element.getAttribute('data-text'),
        renderHTML: (attributes) => ({ 'data-text': attributes.text, title: attributes.text }),
      },
    };
  },

  parseHTML() {
    return [
      { tag: 'sup[data-footnote]' },
      {
        // Word's footnote reference, pasted with the footnote it calls.
        tag: 'a[href]',
        priority: 60,
        getAttrs: (element) => {
          const text = readWordFootnoteText(element);
          return text === null ? false : { text };
        },
      },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    return ['sup', mergeAttributes(HTMLAttributes, { class: 'footnote-ref', 'data-footnote': '' })];
  },

  renderText() {
    return '';
  },

  addCommands() {
    return {
      insertFootnote:
        (text) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { text } }),
      setFootnoteText:
        (pos, text) =>
        ({ tr, state, dispatch }) => {
          const node = state.doc.nodeAt(pos);
          if (node?.type.name !== this.name) return false;
          if (dispatch) tr.setNodeMarkup(pos, undefined, { ...node.attrs, text });
          return true;
        },
    };
  },
});

import { EditorState, Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { type BeforeChange, keepBeforeChange } from './caret-after-undo-redo';
import { createDocumentSchema } from './document-schema';

const schema = createDocumentSchema();
const key = new PluginKey<BeforeChange<number> | null>('headBeforeChange');

/** Gives every paragraph without an id one in a transaction of its own, as UniqueID does after an Enter. */
const giveIds = new Plugin({
  appendTransaction: (_trs, _oldState, state) => {
    const tr = state.tr;
    state.doc.forEach((node, pos) => {
      if (node.attrs.id == null) tr.setNodeMarkup(pos, undefined, { ...node.attrs, id: `new-${pos}` });
    });
    return tr.docChanged ? tr : null;
  },
});

/** ¶ "a" of `text`, the caret at `offset`, the head kept before each change. */
function openParagraph(text: string, offset: number): EditorState {
  const doc = schema.node('doc', null, [schema.node('paragraph', { id: 'a' }, schema.text(text))]);
  return EditorState.create({
    doc,
    selection: TextSelection.create(doc, 1 + offset),
    plugins: [keepBeforeChange(key, (state) => state.selection.head), giveIds],
  });
}

/** Presses Enter at the caret: the paragraph split there, the new one without an id till `giveIds`. */
function pressEnter(state: EditorState): EditorState {
  const paragraph = state.doc.child(0).type;
  const tr = state.tr.split(state.selection.head, 1, [{ type: paragraph, attrs: { id: null } }]);
  return state.applyTransaction(tr).state;
}

describe('keepBeforeChange', () => {
  it.each([
    { where: 'inside a paragraph', offset: 10 },
    { where: 'at the end of a paragraph', offset: 'Following the tasking'.length },
  ])(
    'keeps the caret from before an Enter $where, not from before the id given to the new paragraph',
    ({ offset }) => {
      const state = pressEnter(openParagraph('Following the tasking', offset));
      expect(state.doc.childCount).toBe(2);
      expect(state.doc.child(1).attrs.id).not.toBeNull();
      expect(key.getState(state)).toEqual({ kept: 1 + offset, doc: state.doc });
    },
  );

  it('keeps what it read before the last change through transactions that only move the caret', () => {
    const entered = pressEnter(openParagraph('Following the tasking', 10));
    const moved = entered.apply(entered.tr.setSelection(TextSelection.create(entered.doc, 1)));
    expect(key.getState(moved)).toBe(key.getState(entered));
  });

  it('reads the state before each change anew', () => {
    const entered = pressEnter(openParagraph('Following the tasking', 10));
    const typed = entered.apply(entered.tr.insertText('X', 3));
    expect(key.getState(typed)).toEqual({ kept: entered.selection.head, doc: typed.doc });
  });
});

import { BLOCK_NODE, BRACKET_MARK, FOOTNOTE_NODE } from '@accord/ydoc';
import { toggleMark } from '@tiptap/pm/commands';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { unmarkFootnotes } from './bracket-mark';
import { createDocumentSchema } from './document-schema';

const schema = createDocumentSchema();
const bracket = schema.marks[BRACKET_MARK];
const block = schema.nodes[BLOCK_NODE];
const footnote = schema.nodes[FOOTNOTE_NODE];

describe('unmarkFootnotes', () => {
  it('leaves a footnote inside a bracketed span unmarked, as the Yjs layout keeps it', () => {
    if (!bracket || !block || !footnote) throw new Error('the schema lacks a node or mark');
    const doc = schema.node('doc', null, [
      block.create({ kind: 'numbered' }, [
        schema.text('The EU recalls'),
        footnote.create({ id: 'n1', text: 'OJ C 1.' }),
        schema.text(' its toolbox.'),
      ]),
    ]);
    const state = EditorState.create({ doc, selection: TextSelection.create(doc, 1, doc.content.size - 1) });
    let tr: Transaction | null = null;
    toggleMark(bracket)(state, (dispatched) => {
      tr = dispatched;
    });
    const marked = tr as unknown as Transaction;
    const footnoteMarks = (t: Transaction) => {
      const found: string[] = [];
      t.doc.descendants((node) => {
        if (node.type === footnote) found.push(...node.marks.map((mark) => mark.type.name));
      });
      return found;
    };
    // What ProseMirror alone does, and what the command's clean-up undoes.
    expect(footnoteMarks(marked)).toEqual([BRACKET_MARK]);
    unmarkFootnotes(marked, 0, marked.doc.content.size, bracket);
    expect(footnoteMarks(marked)).toEqual([]);
    const texts: [string, boolean][] = [];
    marked.doc.descendants((node) => {
      if (node.isText) texts.push([node.text ?? '', bracket.isInSet(node.marks) !== undefined]);
    });
    expect(texts).toEqual([
      ['The EU recalls', true],
      [' its toolbox.', true],
    ]);
  });
});

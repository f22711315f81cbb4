/**
 * Another delegation's change as this editor receives it through y-tiptap's sync plugin, patched
 * (`patches/@tiptap+y-tiptap+3.0.9.patch`) to replace only the paragraphs that changed. Two editors
 * without a page: the sync plugin's state and view driven as ProseMirror's view would drive them.
 */
import { FRAGMENT_NAME } from '@accord/ydoc';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';
import { ySyncPlugin, ySyncPluginKey, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocumentSchema } from './document-schema';

const schema = createDocumentSchema();

interface Editor {
  readonly ydoc: Y.Doc;
  state: EditorState;
  /** The steps of the transactions y-tiptap dispatched for remote changes. */
  readonly remoteSteps: ReplaceStep[];
  dispatch(tr: Transaction): void;
}

function openEditor(clientID: number): Editor {
  const ydoc = new Y.Doc();
  ydoc.clientID = clientID;
  const plugin = ySyncPlugin(ydoc.getXmlFragment(FRAGMENT_NAME));
  const pluginViews: { update(view: Editor, previous: EditorState): void }[] = [];
  const editor = {
    ydoc,
    state: EditorState.create({ schema, plugins: [plugin] }),
    remoteSteps: [] as ReplaceStep[],
    hasFocus: () => false,
    dispatch(tr: Transaction) {
      if (tr.getMeta(ySyncPluginKey)?.isChangeOrigin)
        editor.remoteSteps.push(...tr.steps.filter((step) => step instanceof ReplaceStep));
      const previous = editor.state;
      editor.state = previous.apply(tr);
      for (const view of pluginViews) view.update(editor, previous);
    },
  };
  pluginViews.push(plugin.spec.view?.(editor as never) as (typeof pluginViews)[number]);
  return editor;
}

function paragraph(id: string, text: string) {
  return schema.node('paragraph', { id, kind: 'numbered' }, text ? schema.text(text) : undefined);
}

/** Where the `index`th paragraph of the editor's document starts (its opening position). */
function startOf(editor: Editor, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += editor.state.doc.child(i).nodeSize;
  return pos;
}

function sendChanges(from: Editor, to: Editor): void {
  Y.applyUpdate(to.ydoc, Y.encodeStateAsUpdate(from.ydoc, Y.encodeStateVector(to.ydoc)));
}

/**
 * Every paragraph and footnote the Yjs document holds maps to the node the editor's document holds at
 * its place: relative positions (carets, others' carets) resolve against the current node sizes.
 */
function expectMappingOfDocument(editor: Editor): void {
  const { binding } = ySyncPluginKey.getState(editor.state);
  const walk = (type: Y.XmlFragment | Y.XmlElement, node: ProseMirrorNode) => {
    const elements = type.toArray().filter((child) => child instanceof Y.XmlElement);
    const nodes: ProseMirrorNode[] = [];
    node.forEach((child) => {
      if (!child.isText) nodes.push(child);
    });
    expect(elements.length).toBe(nodes.length);
    elements.forEach((element, index) => {
      expect(binding.mapping.get(element)).toBe(nodes[index]);
      walk(element, nodes[index] as ProseMirrorNode);
    });
  };
  walk(binding.type, editor.state.doc);
}

const TEXTS = ['Alpha one', 'Bravo two', 'Charlie three', 'Delta four', 'Echo five', 'Foxtrot six', 'Golf'];

type RemoteEdit = (de: Editor) => Transaction;

describe("another delegation's change in this editor", () => {
  it.each<[string, RemoteEdit, number, number]>([
    ['a keystroke in ¶ 3', (de) => de.state.tr.insertText('x', startOf(de, 2) + 3), 2, 1],
    [
      'an Enter in ¶ 3',
      (de) =>
        de.state.tr.split(startOf(de, 2) + 3, 1, [
          { type: schema.nodes.paragraph as never, attrs: { id: 'n' } },
        ]),
      2,
      2,
    ],
    ['a Backspace joining ¶ 3 onto ¶ 2', (de) => de.state.tr.join(startOf(de, 2)), 1, 1],
    ['a paragraph added after ¶ 2', (de) => de.state.tr.insert(startOf(de, 2), paragraph('n', 'New')), 2, 1],
    ['¶ 4 deleted', (de) => de.state.tr.delete(startOf(de, 3), startOf(de, 4)), 3, 0],
    [
      '¶ 5 dragged above ¶ 1',
      (de) => {
        const moved = de.state.doc.child(4);
        return de.state.tr.delete(startOf(de, 4), startOf(de, 5)).insert(0, moved);
      },
      0,
      5,
    ],
    [
      'a footnote in ¶ 3',
      (de) => de.state.tr.insert(startOf(de, 2) + 3, schema.node('footnote', { id: 'f', text: 'A note.' })),
      2,
      1,
    ],
    [
      'a bracket in ¶ 3',
      (de) => de.state.tr.addMark(startOf(de, 2) + 1, startOf(de, 2) + 4, schema.mark('bracket')),
      2,
      1,
    ],
  ])(
    'replaces only the paragraphs it changed, and keeps the caret in ¶ 6: %s',
    (_title, edit, firstReplaced, replacedBy) => {
      const fr = openEditor(1);
      const de = openEditor(2);
      fr.dispatch(
        fr.state.tr.replaceWith(
          0,
          fr.state.doc.content.size,
          TEXTS.map((text, index) => paragraph(`p${index}`, text)),
        ),
      );
      sendChanges(fr, de);
      // FR's caret after "Fox" in ¶ 6.
      const caret = startOf(fr, 5) + 1 + 'Fox'.length;
      fr.dispatch(fr.state.tr.setSelection(TextSelection.create(fr.state.doc, caret)));
      const before = fr.state.doc;

      de.dispatch(edit(de));
      fr.remoteSteps.length = 0;
      sendChanges(de, fr);

      expect(fr.state.doc.toJSON()).toEqual(de.state.doc.toJSON());
      expect(
        fr.state.doc.eq(yXmlFragmentToProseMirrorRootNode(fr.ydoc.getXmlFragment(FRAGMENT_NAME), schema)),
      ).toBe(true);
      expectMappingOfDocument(fr);
      // One step, from the first paragraph that changed to the last; the others keep their nodes.
      expect(fr.remoteSteps).toHaveLength(1);
      const [step] = fr.remoteSteps as [ReplaceStep];
      let from = 0;
      for (let i = 0; i < firstReplaced; i++) from += before.child(i).nodeSize;
      expect(step.from).toBe(from);
      expect(step.slice.content.childCount).toBe(replacedBy);
      // The paragraphs before and after the replaced ones are the same nodes.
      const after = fr.state.doc;
      const suffix = before.childCount - firstReplaced - before.slice(step.from, step.to).content.childCount;
      for (let i = 0; i < firstReplaced; i++) expect(after.child(i)).toBe(before.child(i));
      for (let i = 1; i <= suffix; i++)
        expect(after.child(after.childCount - i)).toBe(before.child(before.childCount - i));
      expect(firstReplaced + replacedBy + suffix).toBe(after.childCount);
      const { $head } = fr.state.selection;
      expect([$head.parent.attrs.id, $head.parent.textContent.slice(0, $head.parentOffset)]).toEqual([
        'p5',
        'Fox',
      ]);
    },
  );
});

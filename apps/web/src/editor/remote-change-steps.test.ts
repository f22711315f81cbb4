/**
 * Another delegation's change as this editor receives it through y-tiptap's sync plugin, patched
 * (`patches/@tiptap+y-tiptap+3.0.9.patch`) to replace only the paragraphs that changed. Two editors
 * without a page: the sync plugin's state and view driven as ProseMirror's view would drive them.
 */
import { FRAGMENT_NAME } from '@accord/ydoc';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { EditorState, Plugin, TextSelection, type Transaction } from '@tiptap/pm/state';
import { canJoin, ReplaceStep } from '@tiptap/pm/transform';
import {
  undo,
  ySyncPlugin,
  ySyncPluginKey,
  yUndoPlugin,
  yXmlFragmentToProseMirrorRootNode,
} from '@tiptap/y-tiptap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { restoreCaretAfterRemoteEdit } from './caret-through-remote-edits';
import { createDocumentSchema } from './document-schema';

const schema = createDocumentSchema();

interface Editor {
  readonly ydoc: Y.Doc;
  state: EditorState;
  /** The steps of the transactions y-tiptap dispatched for remote changes. */
  readonly remoteSteps: ReplaceStep[];
  dispatch(tr: Transaction): void;
}

/**
 * An editor on the sync plugin; with `caretPlugin`, also the editor's own caret keeping
 * (`CaretThroughRemoteEdits`), as in the page; with `undoPlugin`, y-tiptap's undo (Ctrl+Z).
 */
function openEditor(clientID: number, { caretPlugin = false, undoPlugin = false } = {}): Editor {
  const ydoc = new Y.Doc();
  ydoc.clientID = clientID;
  const plugin = ySyncPlugin(ydoc.getXmlFragment(FRAGMENT_NAME));
  const caretPlugins = caretPlugin ? [new Plugin({ appendTransaction: restoreCaretAfterRemoteEdit })] : [];
  const pluginViews: { update(view: Editor, previous: EditorState): void }[] = [];
  const editor = {
    ydoc,
    state: EditorState.create({
      schema,
      plugins: [plugin, ...caretPlugins, ...(undoPlugin ? [yUndoPlugin()] : [])],
    }),
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
  return startOfChild(editor.state.doc, index);
}

function startOfChild(doc: ProseMirrorNode, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
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

describe('undo while another delegation is at work', () => {
  it('takes back all of a word this delegation typed, though others’ changes and carets came between its keystrokes', () => {
    const fr = openEditor(1, { undoPlugin: true });
    const de = openEditor(2);
    fr.dispatch(
      fr.state.tr
        .replaceWith(0, fr.state.doc.content.size, [
          paragraph('p0', 'Alpha one'),
          paragraph('p1', 'Bravo two'),
        ])
        .setMeta('addToHistory', false),
    );
    sendChanges(fr, de);
    const typeAtEndOfFirst = (letter: string) =>
      fr.dispatch(fr.state.tr.insertText(letter, startOf(fr, 1) - 1));
    // FR types " new" at the end of ¶ 1 while DE types in ¶ 2: each of DE's keystrokes arrives between
    // two of FR's, with DE's caret moving (a transaction that changes nothing in FR's text).
    for (const [index, letter] of [...' new'].entries()) {
      typeAtEndOfFirst(letter);
      de.dispatch(de.state.tr.insertText(String(index), startOf(de, 2) - 1));
      sendChanges(de, fr);
      fr.dispatch(fr.state.tr.setMeta('awareness-changed', true));
    }
    expect(fr.state.doc.textContent).toBe('Alpha one newBravo two0123');

    undo(fr.state);

    expect([fr.state.doc.child(0).textContent, fr.state.doc.child(1).textContent]).toEqual([
      'Alpha one',
      'Bravo two0123',
    ]);
  });
});

describe('this editor’s caret through a remote change that y-tiptap completes with a change of its own', () => {
  it('keeps the caret after the letter typed into an empty paragraph both typed into, while the other deleted a paragraph', () => {
    const fr = openEditor(1, { caretPlugin: true });
    const de = openEditor(2, { caretPlugin: true });
    fr.dispatch(
      fr.state.tr.replaceWith(0, fr.state.doc.content.size, [
        paragraph('p0', 'Alpha one'),
        paragraph('p1', 'Bravo two'),
        paragraph('p2', ''),
      ]),
    );
    sendChanges(fr, de);
    // DE types "d" into the empty ¶ 3, the caret after it.
    const typed = de.state.tr.insertText('d', startOf(de, 2) + 1);
    de.dispatch(typed.setSelection(TextSelection.create(typed.doc, startOf(de, 2) + 2)));
    // Meanwhile FR deletes ¶ 2 and types "f" into the same empty paragraph.
    fr.dispatch(fr.state.tr.delete(startOf(fr, 1), startOf(fr, 2)));
    fr.dispatch(fr.state.tr.insertText('f', startOf(fr, 1) + 1));

    // Both letters land in one paragraph, each in its own Yjs text; y-tiptap merges DE's text into
    // FR's (a Yjs change of its own, applied as a second change while the first is shown).
    sendChanges(fr, de);

    expect(de.state.doc.toJSON()).toEqual(
      schema.node('doc', null, [paragraph('p0', 'Alpha one'), paragraph('p2', 'fd')]).toJSON(),
    );
    const { $head, empty } = de.state.selection;
    expect(empty).toBe(true);
    expect([$head.parent.attrs.id, $head.parent.textContent.slice(0, $head.parentOffset)]).toEqual([
      'p2',
      'fd',
    ]);
  });
});

const EDITS = [
  'select',
  'type',
  'enter',
  'join',
  'add',
  'delete',
  'move',
  'footnote',
  'bracket',
  'erase',
  'send',
] as const;

interface HistoryStep {
  /** 0 is FR, 1 is DE. */
  readonly editor: number;
  readonly edit: (typeof EDITS)[number];
  /** Picks positions and paragraphs, modulo what the document holds. */
  readonly at: number;
  readonly to: number;
}

/** A position inside a paragraph of `doc`, picked by `pick`. */
function pickTextPosition(doc: ProseMirrorNode, pick: number): number {
  const index = pick % doc.childCount;
  return (
    startOfChild(doc, index) + 1 + (Math.floor(pick / doc.childCount) % (doc.child(index).content.size + 1))
  );
}

/** The transaction of one step of a history in `editor`, or null when the step does not apply. */
function makeEdit(editor: Editor, { edit, at, to }: HistoryStep, name: string): Transaction | null {
  const { doc, tr } = editor.state;
  const count = doc.childCount;
  const x = pickTextPosition(doc, at);
  switch (edit) {
    case 'select':
      return tr.setSelection(TextSelection.between(doc.resolve(x), doc.resolve(pickTextPosition(doc, to))));
    case 'type':
      return tr.insertText('xyz'.charAt(to % 3), x);
    case 'enter':
      return tr.split(x, 1, [{ type: schema.nodes.paragraph as never, attrs: { id: name } }]);
    case 'join': {
      const pos = startOfChild(doc, 1 + (at % Math.max(count - 1, 1)));
      return count > 1 && canJoin(doc, pos) ? tr.join(pos) : null;
    }
    case 'add':
      return tr.insert(startOfChild(doc, at % (count + 1)), paragraph(name, to % 2 ? 'New' : ''));
    case 'delete':
      return count > 1 ? tr.delete(startOfChild(doc, at % count), startOfChild(doc, (at % count) + 1)) : null;
    case 'move': {
      if (count < 2) return null;
      const index = at % count;
      tr.delete(startOfChild(doc, index), startOfChild(doc, index + 1));
      return tr.insert(startOfChild(tr.doc, to % count), doc.child(index));
    }
    case 'footnote':
      return tr.insert(x, schema.node('footnote', { id: name, text: 'Note' }));
    case 'bracket':
    case 'erase': {
      const end = Math.min(x + 1 + (to % 4), doc.resolve(x).end());
      // A footnote carries no marks (its node spec), so brackets go on text alone.
      if (edit === 'bracket')
        return doc.textBetween(x, end, '', '\ufffc').includes('\ufffc')
          ? null
          : tr.addMark(x, end, schema.mark('bracket'));
      return tr.delete(x, end);
    }
    case 'send':
      return null;
  }
}

const historyStep = fc.record({
  editor: fc.integer({ min: 0, max: 1 }),
  edit: fc.constantFrom(...EDITS),
  at: fc.nat({ max: 1000 }),
  to: fc.nat({ max: 1000 }),
});

/**
 * Histories of both editors' edits and exchanges, from a fixed seed so the test is deterministic
 * (change it to explore further). Seed 2 runs into y-tiptap's "Position N out of range" without the
 * patch's fix of restoreRelativeSelection.
 */
describe('two editors through random histories', () => {
  it('apply every remote change, without an error, and end with the same document as Yjs', () => {
    fc.assert(
      fc.property(fc.array(historyStep, { maxLength: 30 }), (steps) => {
        const editors = [openEditor(1, { caretPlugin: true }), openEditor(2, { caretPlugin: true })] as const;
        const [fr, de] = editors;
        fr.dispatch(
          fr.state.tr.replaceWith(
            0,
            fr.state.doc.content.size,
            ['Alpha one', 'Bravo', 'Charlie three', ''].map((text, index) => paragraph(`p${index}`, text)),
          ),
        );
        sendChanges(fr, de);
        steps.forEach((step, index) => {
          const editor = editors[step.editor] as Editor;
          if (step.edit === 'send') {
            sendChanges(editor, editors[1 - step.editor] as Editor);
            return;
          }
          const tr = makeEdit(editor, step, `n${index}`);
          if (tr) editor.dispatch(tr);
        });
        // y-tiptap may answer a change with one of its own (merging two texts in a paragraph): send
        // until nothing is left to send.
        const isSynced = () =>
          Y.encodeStateVector(fr.ydoc).toString() === Y.encodeStateVector(de.ydoc).toString();
        for (let round = 0; round === 0 || (round < 5 && !isSynced()); round++) {
          sendChanges(fr, de);
          sendChanges(de, fr);
        }
        expect(isSynced()).toBe(true);
        expect(de.state.doc.toJSON()).toEqual(fr.state.doc.toJSON());
        // When both deleted every paragraph, Yjs holds none and the editors the empty one a document needs.
        const fragment = fr.ydoc.getXmlFragment(FRAGMENT_NAME);
        if (fragment.length > 0)
          expect(fr.state.doc.toJSON()).toEqual(yXmlFragmentToProseMirrorRootNode(fragment, schema).toJSON());
      }),
      { seed: 2, numRuns: 300 },
    );
  });
});

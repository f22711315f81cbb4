import { getFragment, keepBlockAttributesOnUndo, readDocument } from '@accord/ydoc';
import { RescueReplicas, sendUpdate as send } from '@accord/ydoc/testing';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import {
  defaultDeleteFilter,
  defaultProtectedNodes,
  initProseMirrorDoc,
  updateYFragment,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocumentSchema } from './document-schema';

const schema = createDocumentSchema();

const replicas = new RescueReplicas();
afterEach(() => replicas.stop());

/** Changes FR's document as FR's editor would, written to Yjs as the editor's binding writes it. */
function editInEditor(doc: Y.Doc, change: (before: ProseMirrorNode) => Transform): void {
  const fragment = getFragment(doc);
  const { doc: before, meta } = initProseMirrorDoc(fragment, schema);
  const after = change(before).doc;
  doc.transact(() => updateYFragment(doc, fragment, after, meta), ySyncPluginKey);
}

/** Two numbered paragraphs pasted before "Next." (the third block). */
const pasteTwo = (before: ProseMirrorNode) => {
  const at = before.child(0).nodeSize + before.child(1).nodeSize;
  const paragraph = (id: string, text: string) =>
    schema.nodes.paragraph?.create({ id, kind: 'numbered' }, schema.text(text)) as ProseMirrorNode;
  return new Transform(before).insert(at, [paragraph('p1', 'Pasted one.'), paragraph('p2', 'Pasted two.')]);
};

/** The "Next." paragraph made a heading. */
const makeHeading = (before: ProseMirrorNode) => {
  const at = before.child(0).nodeSize + before.child(1).nodeSize;
  return new Transform(before).setNodeMarkup(at, undefined, { ...before.child(2).attrs, kind: 'heading' });
};

/** Types at the end of a block, by id. */
function typeAtEnd(doc: Y.Doc, blockId: string, text: string): void {
  const element = getFragment(doc)
    .toArray()
    .find((child) => child instanceof Y.XmlElement && child.getAttribute('id') === blockId);
  const run = element instanceof Y.XmlElement ? element.toArray().at(-1) : null;
  if (!(run instanceof Y.XmlText)) throw new Error(`no text run at the end of ${blockId}`);
  run.insert(run.length, text);
}

const readBlocks = (doc: Y.Doc) =>
  readDocument(doc).blocks.map((block) => `${block.id} ${block.kind}: ${block.text}`);

describe("undo of FR's own change to paragraphs DE typed into meanwhile", () => {
  it.each([
    {
      case: "keeps DE's words typed into a pasted paragraph in it, with its id and kind, when FR undoes the paste",
      change: pasteTwo,
      typed: 'p2',
      undone: [
        'w numbered: Before. ',
        'x numbered: Joined [text] here.',
        'p2 numbered:  DE words.',
        'n numbered: Next.',
      ],
      redone: [
        'w numbered: Before. ',
        'x numbered: Joined [text] here.',
        'p1 numbered: Pasted one.',
        'p2 numbered: Pasted two. DE words.',
        'n numbered: Next.',
      ],
    },
    {
      case: 'takes back the pasted paragraphs nobody typed into',
      change: pasteTwo,
      typed: 'n',
      undone: ['w numbered: Before. ', 'x numbered: Joined [text] here.', 'n numbered: Next. DE words.'],
      redone: [
        'w numbered: Before. ',
        'x numbered: Joined [text] here.',
        'p1 numbered: Pasted one.',
        'p2 numbered: Pasted two.',
        'n numbered: Next. DE words.',
      ],
    },
    {
      case: 'takes back the kind FR gave a paragraph DE typed into',
      change: makeHeading,
      typed: 'n',
      undone: ['w numbered: Before. ', 'x numbered: Joined [text] here.', 'n numbered: Next. DE words.'],
      redone: ['w numbered: Before. ', 'x numbered: Joined [text] here.', 'n heading: Next. DE words.'],
    },
  ])('$case, and redo brings the change back', async ({ change, typed, undone, redone }) => {
    const server = replicas.open();
    const de = replicas.open(server);
    const fr = replicas.open(server);
    // FR's undo manager as y-tiptap makes it: a paragraph or text run left with text is never deleted.
    const undo = new Y.UndoManager(getFragment(fr), {
      trackedOrigins: new Set([ySyncPluginKey]),
      deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
    });
    const stop = keepBlockAttributesOnUndo(undo);
    const sync = () => {
      for (const [from, to] of [
        [fr, server],
        [de, server],
        [server, fr],
        [server, de],
      ] as const)
        send(from, to);
    };
    editInEditor(fr, change);
    sync();
    typeAtEnd(de, typed, ' DE words.');
    sync();

    undo.undo();
    sync();
    for (const doc of [server, fr, de]) expect(readBlocks(doc)).toEqual(undone);

    undo.redo();
    sync();
    for (const doc of [server, fr, de]) expect(readBlocks(doc)).toEqual(redone);
    stop();
  });
});

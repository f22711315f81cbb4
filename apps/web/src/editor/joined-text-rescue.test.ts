import { findBlockElement, getFragment, readDocument } from '@accord/ydoc';
import { RescueReplicas, sendUpdate as send } from '@accord/ydoc/testing';
import { Transform } from '@tiptap/pm/transform';
import { initProseMirrorDoc, updateYFragment, ySyncPluginKey } from '@tiptap/y-tiptap';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocumentSchema } from './document-schema';

const schema = createDocumentSchema();

const replicas = new RescueReplicas();
afterEach(() => replicas.stop());

/** A Backspace at the start of the block at `index`, written to Yjs as the editor's binding writes it. */
function joinInEditor(doc: Y.Doc, index: number): void {
  const fragment = getFragment(doc);
  const { doc: before, meta } = initProseMirrorDoc(fragment, schema);
  let between = 0;
  for (let i = 0; i < index; i++) between += before.child(i).nodeSize;
  const after = new Transform(before).join(between).doc;
  doc.transact(() => updateYFragment(doc, fragment, after, meta), ySyncPluginKey);
}

describe("the rescue of a paragraph's unsent characters, with the editor's own join", () => {
  it('finds the join as the editor writes it and keeps the characters where they were typed', async () => {
    const server = replicas.open();
    const fr = replicas.open(server);
    const de = replicas.open(server);
    const run = findBlockElement(de, 'x')?.toArray()[2];
    if (!(run instanceof Y.XmlText)) throw new Error('the paragraph ends with a text run');
    run.insert(' here.'.length, ' xyz');
    run.insert(0, ' A', { bracket: {} });

    joinInEditor(fr, 1);
    send(fr, server);
    send(server, de);
    await Promise.resolve();
    for (const [from, to] of [
      [de, server],
      [server, fr],
    ] as const)
      send(from, to);

    for (const doc of [server, fr, de]) {
      const { blocks, footnotes } = readDocument(doc);
      // The bracketed span goes on past the footnote: " A" was typed into it.
      expect(blocks.map((block) => block.text)).toEqual(['Before. Joined [text A] here. xyz', 'Next.']);
      expect(footnotes).toMatchObject([{ blockId: 'w', offset: 'Before. Joined [text'.length }]);
    }
  });
});

import { findBlockElement, getFragment, readDocument } from '@accord/ydoc';
import { CLIENT_ORDERS, RescueReplicas, sendUpdate as send } from '@accord/ydoc/testing';
import { Fragment, Slice } from '@tiptap/pm/model';
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

/** An Enter at `offset` of the block at `index`, written to Yjs as the editor's binding writes it. */
function splitInEditor(doc: Y.Doc, index: number, offset: number): void {
  const fragment = getFragment(doc);
  const { doc: before, meta } = initProseMirrorDoc(fragment, schema);
  let start = 1;
  for (let i = 0; i < index; i++) start += before.child(i).nodeSize;
  const block = before.child(index);
  const after = new Transform(before).split(start + offset, 1, [
    { type: block.type, attrs: { ...block.attrs, id: 'y' } },
  ]).doc;
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

describe("the rescue of a paragraph's unsent characters, with the editor's own split", () => {
  it('finds the split as the editor writes it and puts the characters in the second part, where they were typed', async () => {
    const server = replicas.open();
    const fr = replicas.open(server);
    const de = replicas.open(server);
    const runs = findBlockElement(de, 'x')?.toArray();
    const [first, , last] = runs ?? [];
    if (!(first instanceof Y.XmlText && last instanceof Y.XmlText))
      throw new Error('text runs around the note');
    // One in the text run the split cuts, one in the run after the footnote, which it deletes whole.
    first.insert('Joined te'.length, 'EX', { bracket: {} });
    last.insert(' here.'.length, ' xyz');

    splitInEditor(fr, 1, 'Joi'.length);
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
      expect(blocks.map((block) => [block.id, block.text])).toEqual([
        ['w', 'Before. '],
        ['x', 'Joi'],
        ['y', 'ned [teEXxt] here. xyz'],
        ['n', 'Next.'],
      ]);
      expect(footnotes).toMatchObject([{ blockId: 'y', offset: 'ned [teEXxt]'.length }]);
    }
  });
});

/**
 * Paragraphs of plain text pasted at `offset` of the block at `index`, written to Yjs as the editor's
 * binding writes it: the first ends the block's text there, the last takes the words after it.
 */
function pasteInEditor(doc: Y.Doc, index: number, offset: number, texts: readonly string[]): void {
  const fragment = getFragment(doc);
  const { doc: before, meta } = initProseMirrorDoc(fragment, schema);
  let start = 1;
  for (let i = 0; i < index; i++) start += before.child(i).nodeSize;
  const paragraphs = texts.map((text, i) =>
    schema.node('paragraph', { id: `p${i}`, kind: 'paragraph' }, schema.text(text)),
  );
  const after = new Transform(before).replace(
    start + offset,
    start + offset,
    new Slice(Fragment.from(paragraphs), 1, 1),
  ).doc;
  doc.transact(() => updateYFragment(doc, fragment, after, meta), ySyncPluginKey);
}

describe("the rescue of a paragraph's unsent characters, with the editor's own paste of paragraphs", () => {
  it.each([
    {
      case: 'after the footnote',
      typing: { run: 2, at: ' here.'.length, text: ' xyz' },
      expected: ['Before. ', 'JoiPasted one.', 'Pasted two.', 'Pasted three.ned [text] here. xyz', 'Next.'],
    },
    {
      case: 'in the text run the paste cut',
      typing: { run: 0, at: 'Joined '.length, text: 'new ' },
      expected: ['Before. ', 'JoiPasted one.', 'Pasted two.', 'Pasted three.ned new [text] here.', 'Next.'],
    },
  ])(
    'keeps the characters DE typed $case after the words the paste moved, not after the first pasted paragraph',
    async ({ typing, expected }) => {
      const server = replicas.open();
      const fr = replicas.open(server);
      const de = replicas.open(server);
      const run = findBlockElement(de, 'x')?.toArray()[typing.run];
      if (!(run instanceof Y.XmlText)) throw new Error(`no text run ${typing.run}`);
      run.insert(typing.at, typing.text);

      // FR pastes three paragraphs after "Joi" before DE's typing reaches FR.
      pasteInEditor(fr, 1, 'Joi'.length, ['Pasted one.', 'Pasted two.', 'Pasted three.']);
      send(fr, server);
      send(server, de);
      await Promise.resolve();
      for (const [from, to] of [
        [de, server],
        [server, fr],
      ] as const)
        send(from, to);

      for (const doc of [server, fr, de])
        expect(readDocument(doc).blocks.map((block) => block.text)).toEqual(expected);
    },
  );
});

/** A footnote inserted at `offset` of the block at `index`, written to Yjs as the editor's binding writes it. */
function insertFootnoteInEditor(doc: Y.Doc, index: number, offset: number): void {
  const fragment = getFragment(doc);
  const { doc: before, meta } = initProseMirrorDoc(fragment, schema);
  let start = 1;
  for (let i = 0; i < index; i++) start += before.child(i).nodeSize;
  const note = schema.nodes.footnote?.create({ id: 'f2', text: 'WK 1234/2017 INIT.' });
  if (!note) throw new Error('the schema has footnotes');
  const after = new Transform(before).insert(start + offset, note).doc;
  doc.transact(() => updateYFragment(doc, fragment, after, meta), ySyncPluginKey);
}

describe("the rescue of a paragraph's unsent characters, with the editor's own footnote", () => {
  it.each([
    { case: 'at the end of the paragraph', at: 'Joined text here.'.length, expected: 'here.¹ xyz' },
    { case: 'inside a text run', at: 'Joined text here'.length, expected: 'here¹ xyz.' },
  ])(
    'finds a footnote inserted $case where DE typed and puts the characters after it',
    async ({ at, expected }) => {
      const server = replicas.open();
      const fr = replicas.open(server);
      const de = replicas.open(server, {
        readConfirmed: () => Y.decodeStateVector(Y.encodeStateVector(server)),
      });
      const run = findBlockElement(de, 'x')?.toArray()[2];
      if (!(run instanceof Y.XmlText)) throw new Error('the paragraph ends with a text run');
      run.insert(at - 'Joined text'.length, ' xyz');

      // The footnote f1 stands for one position in the editor's text.
      insertFootnoteInEditor(fr, 1, at + 1);
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
        const x = blocks.find((block) => block.id === 'x');
        const f2 = footnotes.find((note) => note.id === 'f2');
        if (!x || !f2) throw new Error('block x and footnote f2');
        expect(`${x.text.slice(0, f2.offset)}¹${x.text.slice(f2.offset)}`.endsWith(expected)).toBe(true);
      }
    },
  );
});

describe("undo of DE's typing once FR's editor joined, split or put a footnote in the paragraph", () => {
  it.each([
    {
      // The binding keeps the element of the two that differs less from the result, writing the
      // other's text again: here the last paragraph's, the shorter.
      case: 'a join onto the paragraph before',
      typing: { block: 'n', run: 0, at: 'Next.'.length },
      change: (fr: Y.Doc) => joinInEditor(fr, 2),
      typed: ['Before. ', 'Joined [text] here.Next. xyz'],
      undone: ['Before. ', 'Joined [text] here.Next.'],
    },
    {
      case: 'a split before the typing',
      typing: { block: 'x', run: 2, at: ' here.'.length },
      change: (fr: Y.Doc) => splitInEditor(fr, 1, 'Joi'.length),
      typed: ['Before. ', 'Joi', 'ned [text] here. xyz', 'Next.'],
      undone: ['Before. ', 'Joi', 'ned [text] here.', 'Next.'],
    },
    {
      case: 'a footnote before the typing',
      typing: { block: 'x', run: 2, at: ' here.'.length },
      // After "Joined text " (f1 counts one position).
      change: (fr: Y.Doc) => insertFootnoteInEditor(fr, 1, 'Joined text  '.length),
      typed: ['Before. ', 'Joined [text] here. xyz', 'Next.'],
      undone: ['Before. ', 'Joined [text] here.', 'Next.'],
    },
  ])(
    'takes back what DE typed after $case, and redo brings it back',
    async ({ typing, change, typed, undone }) => {
      const { fr, undo, sync, readTexts } = typeWithUndo(typing);
      await sync();

      change(fr);
      await sync();
      expect(readTexts()).toEqual([typed, typed, typed]);

      undo.undo();
      await sync();
      expect(readTexts()).toEqual([undone, undone, undone]);
      undo.redo();
      await sync();
      expect(readTexts()).toEqual([typed, typed, typed]);
    },
  );
});

describe("redo of DE's typing DE had undone before FR's editor split or joined the paragraph", () => {
  it.each([
    {
      case: 'split off the text it stood in',
      typing: { block: 'x', run: 2, at: ' here.'.length },
      change: (fr: Y.Doc) => splitInEditor(fr, 1, 'Joi'.length),
      changed: ['Before. ', 'Joi', 'ned [text] here.', 'Next.'],
      redone: ['Before. ', 'Joi', 'ned [text] here. xyz', 'Next.'],
    },
    {
      // The binding keeps the longer paragraph's element and writes the first one's text again at its start.
      case: 'joined the next paragraph onto the one it stood in',
      typing: { block: 'w', run: 0, at: 'Before.'.length },
      change: (fr: Y.Doc) => joinInEditor(fr, 1),
      changed: ['Before. Joined [text] here.', 'Next.'],
      redone: ['Before. xyz Joined [text] here.', 'Next.'],
    },
  ])(
    'brings it back where the text went once FR $case, and undo takes it back again',
    async ({ typing, change, changed, redone }) => {
      const { fr, undo, sync, readTexts } = typeWithUndo(typing);
      await sync();
      undo.undo();
      await sync();

      change(fr);
      await sync();
      expect(readTexts()).toEqual([changed, changed, changed]);

      undo.redo();
      await sync();
      expect(readTexts()).toEqual([redone, redone, redone]);
      undo.undo();
      await sync();
      expect(readTexts()).toEqual([changed, changed, changed]);
    },
  );
});

/**
 * The server, FR, and DE with an undo manager its rescue follows (as the editor's), DE having typed
 * " xyz" at `typing` (text run `run` of block `block`, at offset `at`); `sync` relays every replica's
 * state, DE's rescue (written in a microtask) included.
 */
function typeWithUndo(typing: { readonly block: string; readonly run: number; readonly at: number }) {
  const server = replicas.open();
  const fr = replicas.open(server);
  let undoManager: Y.UndoManager | null = null;
  const de = replicas.open(server, (doc) => {
    undoManager = new Y.UndoManager(getFragment(doc));
    return { undoManager };
  });
  const run = findBlockElement(de, typing.block)?.toArray()[typing.run];
  if (!(run instanceof Y.XmlText)) throw new Error(`no text run ${typing.run} in ${typing.block}`);
  run.insert(typing.at, ' xyz');
  const sync = async () => {
    for (const [from, to] of [
      [de, server],
      [server, fr],
      [fr, server],
      [server, de],
    ] as const)
      send(from, to);
    await Promise.resolve();
    send(de, server);
    send(server, fr);
  };
  const readTexts = () => [server, fr, de].map((doc) => readDocument(doc).blocks.map((block) => block.text));
  return { fr, undo: undoManager as unknown as Y.UndoManager, sync, readTexts };
}

/** The server, FR and DE, with the client ids that decide how Yjs orders two inserts at one place. */
function openWithClientIds(frId: number, deId: number) {
  const server = replicas.open();
  return { server, fr: replicas.openAs(frId, server), de: replicas.openAs(deId, server) };
}

/** FR's join reaches DE, whose rescue runs in a microtask; then DE's state reaches everyone. */
async function relayJoin(fr: Y.Doc, server: Y.Doc, de: Y.Doc): Promise<void> {
  send(fr, server);
  send(server, de);
  await Promise.resolve();
  send(de, server);
  send(server, fr);
}

describe("the rescue of DE's unsent characters at the end of the paragraph FR's editor joins the next one onto", () => {
  it.each(CLIENT_ORDERS)(
    'keeps them before the joined text, for a DE $case',
    async ({ de: deId, fr: frId }) => {
      const { server, fr, de } = openWithClientIds(frId, deId);
      // The last paragraph is joined onto the middle one, the longer, whose element the binding keeps.
      const run = findBlockElement(de, 'x')?.toArray()[2];
      if (!(run instanceof Y.XmlText)) throw new Error('the paragraph ends with a text run');
      run.insert(' here.'.length, ' xyz');

      joinInEditor(fr, 2);
      await relayJoin(fr, server, de);

      for (const doc of [server, fr, de])
        expect(readDocument(doc).blocks.map((block) => block.text)).toEqual([
          'Before. ',
          'Joined [text] here. xyzNext.',
        ]);
    },
  );

  // QA: the binding kept the element of the joined paragraph, the longer, wrote the first one's text
  // again at its start and deleted the first one: DE's characters typed into it were lost for everyone.
  it.each(CLIENT_ORDERS)(
    'keeps them when the binding writes the shorter first paragraph again into the joined one, for a DE $case',
    async ({ de: deId, fr: frId }) => {
      const { server, fr, de } = openWithClientIds(frId, deId);
      const run = findBlockElement(de, 'w')?.toArray()[0];
      if (!(run instanceof Y.XmlText)) throw new Error('the first paragraph is a text run');
      run.insert('Before. '.length, 'xyz ');
      run.insert('Bef'.length, 'ABC');

      joinInEditor(fr, 1);
      await relayJoin(fr, server, de);

      for (const doc of [server, fr, de])
        expect(readDocument(doc).blocks.map((block) => [block.id, block.text])).toEqual([
          ['w', 'BefABCore. xyz Joined [text] here.'],
          ['n', 'Next.'],
        ]);
    },
  );

  // QA: DE's words typed at the start of the longer paragraph, which the binding keeps, went before
  // the text it wrote again there for one order of the ids, or were lost with DE's typing in the first.
  it.each(CLIENT_ORDERS)(
    'keeps them after the first paragraph’s text when DE typed at the start of the longer joined one, for a DE $case',
    async ({ de: deId, fr: frId }) => {
      const { server, fr, de } = openWithClientIds(frId, deId);
      const [first, joined] = ['w', 'x'].map((id) => findBlockElement(de, id)?.toArray()[0]);
      if (!(first instanceof Y.XmlText && joined instanceof Y.XmlText)) throw new Error('text runs first');
      joined.insert(0, 'xyz ');
      first.insert('Before. '.length, 'ABC ');

      joinInEditor(fr, 1);
      await relayJoin(fr, server, de);

      for (const doc of [server, fr, de])
        expect(readDocument(doc).blocks.map((block) => [block.id, block.text])).toEqual([
          ['w', 'Before. ABC xyz Joined [text] here.'],
          ['n', 'Next.'],
        ]);
    },
  );
});

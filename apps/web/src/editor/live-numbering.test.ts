import { getSchema } from '@tiptap/core';
import { Fragment, Slice } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { createDocumentExtensions } from './document-schema';
import {
  createLiveNumberingPlugin,
  liveNumberingKey,
  numberDocument,
  writeBlockNumbers,
} from './live-numbering';

const schema = getSchema(createDocumentExtensions());

type Spec = [kind: string, start?: number, footnotes?: number];

function makeDoc(specs: Spec[]) {
  return schema.node(
    'doc',
    null,
    specs.map(([kind, start, footnotes = 0]) =>
      schema.node('paragraph', { kind, start: start ?? null }, [
        schema.text('text'),
        ...Array.from({ length: footnotes }, () => schema.node('footnote', { text: 'note' })),
      ]),
    ),
  );
}

/**
 * What the editor shows in document order: each paragraph's number (the plugin writes it on the
 * element) and each footnote's (its decoration), the latter as "fn n".
 */
function showNumbers(state: EditorState): (string | null)[] {
  const numbering = liveNumberingKey.getState(state);
  const found = numbering?.decorations.find() ?? [];
  const numberAt = (pos: number) =>
    (found.find((d) => d.from === pos) as unknown as { type: { attrs: Record<string, string> } } | undefined)
      ?.type.attrs['data-number'] ?? null;
  const out: (string | null)[] = [];
  state.doc.forEach((node, offset, index) => {
    out.push(numbering?.blocks[index] ?? null);
    node.forEach((child, childOffset) => {
      if (child.type.name === 'footnote') out.push(`fn ${numberAt(offset + 1 + childOffset)}`);
    });
  });
  return out;
}

describe('live numbering', () => {
  it.each<[string, Spec[], (string | null)[]]>([
    ['numbers numbered paragraphs in order', [['numbered'], ['numbered'], ['numbered']], ['1', '2', '3']],
    [
      'skips follow-on paragraphs, bullets and headings',
      [['numbered'], ['paragraph'], ['bullet'], ['numbered'], ['heading']],
      ['1', null, null, '2', null],
    ],
    [
      'restarts where a paragraph carries start',
      [['numbered'], ['numbered'], ['heading'], ['numbered', 1], ['numbered']],
      ['1', '2', null, '1', '2'],
    ],
    [
      'ignores start on a paragraph that is not numbered',
      [['numbered'], ['paragraph', 7], ['numbered']],
      ['1', null, '2'],
    ],
  ])('%s', (_title, specs, expected) => {
    expect(numberDocument(makeDoc(specs)).blocks).toEqual(expected);
  });

  it('marks blocks and footnotes with their numbers, and renumbers when a block is removed', () => {
    let state = EditorState.create({
      doc: makeDoc([
        ['numbered', undefined, 1],
        ['paragraph', undefined, 1],
        ['numbered', undefined, 1],
      ]),
      plugins: [createLiveNumberingPlugin()],
    });
    expect(showNumbers(state)).toEqual(['1', 'fn 1', null, 'fn 2', '2', 'fn 3']);
    // Only footnotes are decorations: the paragraphs' numbers are set on their elements.
    expect(liveNumberingKey.getState(state)?.decorations.find()).toHaveLength(3);

    const first = state.doc.child(0);
    state = state.apply(state.tr.delete(0, first.nodeSize));
    expect(showNumbers(state)).toEqual([null, 'fn 1', '1', 'fn 2']);
  });

  it('keeps every number on its node through typing, joins and whole-document replacements', () => {
    let state = EditorState.create({
      doc: makeDoc([['numbered', undefined, 1], ['paragraph'], ['numbered', undefined, 1], ['numbered']]),
      plugins: [createLiveNumberingPlugin()],
    });
    const shown = () => showNumbers(state);
    expect(shown()).toEqual(['1', 'fn 1', null, '2', 'fn 2', '3']);

    // Typing at the start of the second numbered paragraph: every position after it moves.
    const third = state.doc.child(0).nodeSize + state.doc.child(1).nodeSize;
    state = state.apply(state.tr.insertText('typed ', third + 1));
    expect(shown()).toEqual(['1', 'fn 1', null, '2', 'fn 2', '3']);

    // Deleting the boundary between the follow-on paragraph and the numbered one after it (a join).
    const boundary = state.doc.child(0).nodeSize + state.doc.child(1).nodeSize;
    state = state.apply(state.tr.join(boundary));
    expect(shown()).toEqual(['1', 'fn 1', null, 'fn 2', '2']);

    // A remote change, as y-prosemirror writes it: the whole document replaced by new nodes.
    const copy = schema.nodeFromJSON(state.doc.toJSON());
    state = state.apply(
      state.tr.replace(0, state.doc.content.size, new Slice(Fragment.from(copy.content), 0, 0)),
    );
    expect(shown()).toEqual(['1', 'fn 1', null, 'fn 2', '2']);
  });

  it('keeps the numbers it derived through typing, deleting and bracketing inside a paragraph, and derives them again when the blocks change', () => {
    let state = EditorState.create({
      doc: makeDoc([['numbered', undefined, 1], ['paragraph'], ['numbered', undefined, 1], ['numbered']]),
      plugins: [createLiveNumberingPlugin()],
    });
    const numbering = () => liveNumberingKey.getState(state);
    const shown = () => showNumbers(state);
    const startOf = (index: number) => {
      let pos = 0;
      for (let i = 0; i < index; i++) pos += state.doc.child(i).nodeSize;
      return pos + 1;
    };
    const derived = numbering()?.blocks;

    // Typing just before and just after a footnote, deleting the text before it, a bracket mark.
    const note = startOf(0) + 'text'.length;
    state = state.apply(state.tr.insertText('a', note));
    state = state.apply(state.tr.insertText('b', note + 2));
    state = state.apply(state.tr.delete(startOf(0), note + 1));
    state = state.apply(state.tr.addMark(startOf(2), startOf(2) + 2, schema.mark('bracket')));
    expect(shown()).toEqual(['1', 'fn 1', null, '2', 'fn 2', '3']);
    // Not derived again: the same numbers, not new ones equal to them.
    expect(numbering()?.blocks).toBe(derived);

    // Enter after the footnote that now opens the first paragraph: a new numbered one after it.
    state = state.apply(state.tr.split(startOf(0) + 1, 1));
    expect(shown()).toEqual(['1', 'fn 1', '2', null, '3', 'fn 2', '4']);
    // The follow-on paragraph becomes numbered.
    state = state.apply(state.tr.setNodeMarkup(startOf(2) - 1, undefined, { kind: 'numbered', start: null }));
    expect(shown()).toEqual(['1', 'fn 1', '2', '3', '4', 'fn 2', '5']);
    // A Backspace at the start of the second paragraph joins it onto the first.
    state = state.apply(state.tr.join(startOf(1) - 1));
    expect(shown()).toEqual(['1', 'fn 1', '2', '3', 'fn 2', '4']);
    // A footnote typed into the last paragraph takes the next number.
    state = state.apply(state.tr.insert(startOf(3) + 1, schema.node('footnote', { text: 'new' })));
    expect(shown()).toEqual(['1', 'fn 1', '2', '3', 'fn 2', '4', 'fn 3']);
    // A remote change, as y-prosemirror writes it: the whole document replaced by new nodes.
    const copy = schema.nodeFromJSON(state.doc.toJSON());
    state = state.apply(
      state.tr.replace(0, state.doc.content.size, new Slice(Fragment.from(copy.content), 0, 0)),
    );
    expect(shown()).toEqual(['1', 'fn 1', '2', '3', 'fn 2', '4', 'fn 3']);
  });

  it('numbers right after remote changes that replace whole paragraphs, as y-tiptap writes them', () => {
    let state = EditorState.create({
      doc: makeDoc([['numbered', undefined, 1], ['paragraph'], ['numbered', undefined, 1], ['numbered']]),
      plugins: [createLiveNumberingPlugin()],
    });
    const shown = () => showNumbers(state);
    const startOf = (index: number) => {
      let pos = 0;
      for (let i = 0; i < index; i++) pos += state.doc.child(i).nodeSize;
      return pos;
    };
    /** Paragraphs `from` to `to` (excluded) replaced by new ones of these kinds, text and footnotes. */
    const replaceBlocks = (from: number, to: number, specs: Spec[]) => {
      const replacement = makeDoc(specs).content;
      state = state.apply(state.tr.replace(startOf(from), startOf(to), new Slice(replacement, 0, 0)));
    };
    expect(shown()).toEqual(['1', 'fn 1', null, '2', 'fn 2', '3']);

    // A keystroke in a paragraph without a footnote, and in one with a footnote.
    replaceBlocks(1, 2, [['paragraph']]);
    expect(shown()).toEqual(['1', 'fn 1', null, '2', 'fn 2', '3']);
    replaceBlocks(2, 3, [['numbered', undefined, 1]]);
    expect(shown()).toEqual(['1', 'fn 1', null, '2', 'fn 2', '3']);
    // Another kind, a restart, a footnote added, and a split (one paragraph replaced by two).
    replaceBlocks(1, 2, [['numbered']]);
    expect(shown()).toEqual(['1', 'fn 1', '2', '3', 'fn 2', '4']);
    replaceBlocks(3, 4, [['numbered', 1]]);
    expect(shown()).toEqual(['1', 'fn 1', '2', '3', 'fn 2', '1']);
    replaceBlocks(1, 2, [['numbered', undefined, 1]]);
    expect(shown()).toEqual(['1', 'fn 1', '2', 'fn 2', '3', 'fn 3', '1']);
    replaceBlocks(0, 1, [['numbered'], ['numbered', undefined, 1]]);
    expect(shown()).toEqual(['1', '2', 'fn 1', '3', 'fn 2', '4', 'fn 3', '1']);
  });

  it("writes a paragraph's number on its element only where it changes", () => {
    const writes: string[] = [];
    const element = (number: string | null) => {
      const attributes = new Map<string, string>(number === null ? [] : [['data-number', number]]);
      return {
        getAttribute: (name: string) => attributes.get(name) ?? null,
        setAttribute: (name: string, value: string) => {
          writes.push(`${name}=${value}`);
          attributes.set(name, value);
        },
        removeAttribute: (name: string) => {
          writes.push(`-${name}`);
          attributes.delete(name);
        },
      };
    };
    const elements = [element('1'), element(null), element('2'), element('3')];
    writeBlockNumbers(elements, ['1', '2', null, '3']);
    expect(writes).toEqual(['data-number=2', '-data-number']);
    expect(elements.map((e) => e.getAttribute('data-number'))).toEqual(['1', '2', null, '3']);
  });
});

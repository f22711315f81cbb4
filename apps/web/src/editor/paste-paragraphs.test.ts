import { BLOCK_NODE, BlockAttr } from '@accord/ydoc';
import { Fragment, type Node as ProseMirrorNode, Slice } from '@tiptap/pm/model';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { createDocumentSchema } from './document-schema';
import { pasteParagraphs, restoreCutIds } from './paste-paragraphs';
import { readPastedMarkersAt } from './pasted-markers';

const schema = createDocumentSchema();

type Spec = readonly [id: string, kind: string, text: string];

function makeState(specs: readonly Spec[]): EditorState {
  const blocks = specs.map(([id, kind, text]) =>
    schema.node(BLOCK_NODE, { [BlockAttr.id]: id, kind }, text === '' ? [] : schema.text(text)),
  );
  return EditorState.create({ doc: schema.node('doc', null, blocks) });
}

/** Where the block at `index` starts its text. */
function startOf(state: EditorState, index: number): number {
  let pos = 1;
  for (let i = 0; i < index; i++) pos += state.doc.child(i).nodeSize;
  return pos;
}

/** What the clipboard gives the editor back: the slice as copied, its ids left out as on every paste. */
function withoutIds(slice: Slice): Slice {
  const nodes: ProseMirrorNode[] = [];
  slice.content.forEach((node) => {
    nodes.push(
      node.isText
        ? node
        : node.type.create({ ...node.attrs, [BlockAttr.id]: null }, node.content, node.marks),
    );
  });
  return new Slice(Fragment.from(nodes), slice.openStart, slice.openEnd);
}

/** A paste as the editor makes it: this handler first, else ProseMirror's own replacement of the selection. */
function paste(state: EditorState, at: number, slice: Slice): EditorState {
  const placed = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
  return placed.apply(pasteParagraphs(placed, slice) ?? placed.tr.replaceSelection(slice));
}

const blocksOf = (state: EditorState) => {
  const blocks: [unknown, unknown, string][] = [];
  state.doc.forEach((node) => {
    blocks.push([node.attrs[BlockAttr.id], node.attrs.kind, node.textContent]);
  });
  return blocks;
};

const FIXTURE: readonly Spec[] = [
  ['a', 'numbered', 'On 6 June the text was submitted.'],
  ['b', 'numbered', 'Against this background, COREPER is requested.'],
  ['c', 'heading', 'DRAFT COUNCIL CONCLUSIONS'],
];

describe('pasting whole paragraphs at the start of a paragraph', () => {
  it('puts them before it as paragraphs of their own, the paragraph keeping its id, kind and text', () => {
    const state = makeState(FIXTURE);
    // Selected from the start of "Against" to the start of the heading (its paragraph mark with it), cut.
    const copied = withoutIds(state.doc.slice(startOf(state, 1), startOf(state, 2)));
    const cut = state.apply(state.tr.delete(startOf(state, 1) - 1, startOf(state, 2) - 1));
    expect(blocksOf(cut).map(([id]) => id)).toEqual(['a', 'c']);

    const pasted = paste(cut, startOf(cut, 0), copied);
    expect(blocksOf(pasted)).toEqual([
      [null, 'numbered', 'Against this background, COREPER is requested.'],
      ['a', 'numbered', 'On 6 June the text was submitted.'],
      ['c', 'heading', 'DRAFT COUNCIL CONCLUSIONS'],
    ]);
    // The caret stays where the paste was made: before the paragraph's first word.
    expect(pasted.selection.from).toBe(startOf(pasted, 1));
  });

  it('pastes two copied paragraphs as two before it', () => {
    const state = makeState(FIXTURE);
    const copied = withoutIds(state.doc.slice(startOf(state, 0), startOf(state, 2)));
    const pasted = paste(state, startOf(state, 2), copied);
    expect(blocksOf(pasted)).toEqual([
      ['a', 'numbered', 'On 6 June the text was submitted.'],
      ['b', 'numbered', 'Against this background, COREPER is requested.'],
      [null, 'numbered', 'On 6 June the text was submitted.'],
      [null, 'numbered', 'Against this background, COREPER is requested.'],
      ['c', 'heading', 'DRAFT COUNCIL CONCLUSIONS'],
    ]);
  });

  it('keeps the words after the caret a paragraph of their own kind when paragraphs are pasted inside one', () => {
    const state = makeState(FIXTURE);
    const copied = withoutIds(state.doc.slice(startOf(state, 1), startOf(state, 2)));
    const pasted = paste(state, startOf(state, 0) + 'On 6 June '.length, copied);
    expect(blocksOf(pasted)).toEqual([
      ['a', 'numbered', 'On 6 June Against this background, COREPER is requested.'],
      [null, 'numbered', 'the text was submitted.'],
      ['b', 'numbered', 'Against this background, COREPER is requested.'],
      ['c', 'heading', 'DRAFT COUNCIL CONCLUSIONS'],
    ]);
    expect(pasted.selection.from).toBe(startOf(pasted, 1));
  });

  it.each([
    ['words without a paragraph mark, into the start of a paragraph', 1, 'start', 0],
    ['a paragraph with its mark, into an empty paragraph', 1, 'next', 'empty'],
  ] as const)('leaves ProseMirror to paste %s', (_title, from, to, caret) => {
    const state = makeState([...FIXTURE, ['e', 'numbered', '']]);
    const end = to === 'next' ? startOf(state, from + 1) : startOf(state, from) + 7;
    const slice = withoutIds(state.doc.slice(startOf(state, from), end));
    const at = caret === 'empty' ? startOf(state, 3) : startOf(state, 0) + caret;
    const placed = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
    expect(pasteParagraphs(placed, slice)).toBeNull();
  });
});

/** Paragraphs as a paste of plain text gives them: the last without its paragraph mark. */
function plainParagraphs(...texts: string[]): Slice {
  return new Slice(
    Fragment.from(
      texts.map((text) =>
        schema.node(BLOCK_NODE, { [BlockAttr.id]: null, kind: 'paragraph' }, schema.text(text)),
      ),
    ),
    1,
    1,
  );
}

describe('pasting paragraphs without a closing paragraph mark (plain text) into a paragraph', () => {
  // QA: the words after the caret went on in a paragraph of the last pasted one's kind, so half of
  // paragraph 1 lost its number; pasted at its start, its id (positions, comments) went to the paste.
  it.each([
    {
      case: 'inside it: the words after the caret keep its kind',
      at: 'On 6 June '.length,
      expected: [
        ['a', 'numbered', 'On 6 June Pasted one.'],
        [null, 'numbered', 'Pasted two.the text was submitted.'],
      ],
      caret: [1, 'Pasted two.'.length],
    },
    {
      case: 'at its start: the paragraphs go before it, the last one’s words at its start, and it keeps its id and kind',
      at: 0,
      expected: [
        [null, 'paragraph', 'Pasted one.'],
        ['a', 'numbered', 'Pasted two.On 6 June the text was submitted.'],
      ],
      caret: [1, 'Pasted two.'.length],
    },
  ] as const)('$case', ({ at, expected, caret }) => {
    const state = makeState(FIXTURE);
    const pasted = paste(state, startOf(state, 0) + at, plainParagraphs('Pasted one.', 'Pasted two.'));
    expect(blocksOf(pasted)).toEqual([
      ...expected,
      ['b', 'numbered', 'Against this background, COREPER is requested.'],
      ['c', 'heading', 'DRAFT COUNCIL CONCLUSIONS'],
    ]);
    expect(pasted.selection.from).toBe(startOf(pasted, caret[0]) + caret[1]);
  });

  it('leaves ProseMirror to paste them at its end, the last keeping its own kind', () => {
    const state = makeState(FIXTURE);
    const placed = state.apply(state.tr.setSelection(TextSelection.create(state.doc, startOf(state, 1) - 2)));
    expect(pasteParagraphs(placed, plainParagraphs('Pasted one.', 'Pasted two.'))).toBeNull();
  });
});

describe('typed numbers in pasted plain text', () => {
  /** The paste as the editor makes it: typed markers read (PastedMarkers), then the paragraphs placed. */
  function pasteReadingMarkers(state: EditorState, at: number, slice: Slice): EditorState {
    const placed = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
    const read = readPastedMarkersAt(placed, slice);
    return placed.apply(pasteParagraphs(placed, read) ?? placed.tr.replaceSelection(read));
  }

  // QA: at the start of a paragraph with text, "2. Pasted one." stood before it as a paragraph of its
  // own with its "2. " kept as text; the "3. " of the last, going into a heading's words, was lost.
  it.each([
    {
      case: 'at the start of a numbered paragraph: read for those before it and for the one going into its words',
      block: 0,
      at: 0,
      lines: ['2. Pasted one.', '3. Pasted two.'],
      expected: [
        [null, 'numbered', 'Pasted one.'],
        ['a', 'numbered', 'Pasted two.On 6 June the text was submitted.'],
        ['b', 'numbered', 'Against this background, COREPER is requested.'],
        ['c', 'heading', 'DRAFT COUNCIL CONCLUSIONS'],
      ],
    },
    {
      case: 'at the start of a heading: kept for the one going into its words, which show no number',
      block: 2,
      at: 0,
      lines: ['2. Pasted one.', '3. Pasted two.'],
      expected: [
        ['a', 'numbered', 'On 6 June the text was submitted.'],
        ['b', 'numbered', 'Against this background, COREPER is requested.'],
        [null, 'numbered', 'Pasted one.'],
        ['c', 'heading', '3. Pasted two.DRAFT COUNCIL CONCLUSIONS'],
      ],
    },
    {
      case: 'at the start of a paragraph, ending with a paragraph mark: read for every one',
      block: 0,
      at: 0,
      lines: ['2. Pasted one.', '3. Pasted two.', ''],
      expected: [
        [null, 'numbered', 'Pasted one.'],
        [null, 'numbered', 'Pasted two.'],
        ['a', 'numbered', 'On 6 June the text was submitted.'],
        ['b', 'numbered', 'Against this background, COREPER is requested.'],
        ['c', 'heading', 'DRAFT COUNCIL CONCLUSIONS'],
      ],
    },
    {
      case: 'inside a heading: kept for the first and the last, which go on the words around the caret',
      block: 2,
      at: 'DRAFT '.length,
      lines: ['2. Pasted one.', '3. Pasted two.', '4. Pasted three.'],
      expected: [
        ['a', 'numbered', 'On 6 June the text was submitted.'],
        ['b', 'numbered', 'Against this background, COREPER is requested.'],
        ['c', 'heading', 'DRAFT 2. Pasted one.'],
        [null, 'numbered', 'Pasted two.'],
        [null, 'heading', '4. Pasted three.COUNCIL CONCLUSIONS'],
      ],
    },
    {
      case: 'at the end of a paragraph: kept for the first, read for the last, a paragraph of its own',
      block: 0,
      at: 'On 6 June the text was submitted.'.length,
      lines: ['2. Pasted one.', '3. Pasted two.'],
      expected: [
        ['a', 'numbered', 'On 6 June the text was submitted.2. Pasted one.'],
        [null, 'numbered', 'Pasted two.'],
        ['b', 'numbered', 'Against this background, COREPER is requested.'],
        ['c', 'heading', 'DRAFT COUNCIL CONCLUSIONS'],
      ],
    },
  ] as const)('$case', ({ block, at, lines, expected }) => {
    const state = makeState(FIXTURE);
    const slice = new Slice(
      Fragment.from(
        lines.map((text) =>
          schema.node(
            BLOCK_NODE,
            { [BlockAttr.id]: null, kind: 'paragraph' },
            text === '' ? [] : schema.text(text),
          ),
        ),
      ),
      1,
      1,
    );
    const pasted = pasteReadingMarkers(state, startOf(state, block) + at, slice);
    expect(blocksOf(pasted)).toEqual(expected);
  });

  it('reads every one pasted into an empty paragraph, which keeps its id and takes the first one’s kind', () => {
    // QA: the first one's "2. " was read but the paragraph kept its kind, so the number was lost.
    const state = makeState([...FIXTURE, ['e', 'paragraph', '']]);
    const lines = plainParagraphs('2. Pasted one.', '3. Pasted two.');
    const pasted = pasteReadingMarkers(state, startOf(state, 3), lines);
    expect(blocksOf(pasted).slice(3)).toEqual([
      ['e', 'numbered', 'Pasted one.'],
      [null, 'numbered', 'Pasted two.'],
    ]);
    expect(pasted.selection.from).toBe(startOf(pasted, 4) + 'Pasted two.'.length);
    // Plain words say no kind: the paragraph keeps its own.
    const numbered = makeState([...FIXTURE, ['e', 'numbered', '']]);
    const words = pasteReadingMarkers(numbered, startOf(numbered, 3), plainParagraphs('Pasted one.'));
    expect(blocksOf(words).slice(3)).toEqual([['e', 'numbered', 'Pasted one.']]);
  });
});

describe('the ids of pasted paragraphs', () => {
  it.each([
    ['gives a paragraph cut from the text its id back', ['a', 'c'], ['b', null], ['b', null]],
    [
      'leaves a copy of a paragraph still in the text the new id it is given',
      ['a', 'b', 'c'],
      ['b', null],
      [null, null],
    ],
    ['gives back only the ids no paragraph has', ['a', 'c'], ['b', 'c'], ['b', null]],
    ['leaves the open last paragraph, cut without its mark, its new id', ['a'], ['b', 'c'], ['b', null]],
  ])('%s', (_title, inText, onClipboard, expected) => {
    const state = makeState(inText.map((id) => [id, 'numbered', `Text of ${id}.`] as const));
    const pasted = withoutIds(
      new Slice(
        Fragment.from(
          onClipboard.map((id) =>
            schema.node(BLOCK_NODE, { [BlockAttr.id]: id, kind: 'numbered' }, schema.text(`Text of ${id}.`)),
          ),
        ),
        1,
        1,
      ),
    );
    const restored = restoreCutIds(pasted, onClipboard, state.doc);
    const ids: unknown[] = [];
    restored.content.forEach((node) => {
      ids.push(node.attrs[BlockAttr.id]);
    });
    expect(ids).toEqual(expected);
  });
});

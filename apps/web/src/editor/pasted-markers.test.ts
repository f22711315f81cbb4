import { BLOCK_NODE, BRACKET_MARK } from '@accord/ydoc';
import { Fragment, Slice } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { createDocumentSchema } from './document-schema';
import { readPastedMarkers } from './pasted-markers';

const schema = createDocumentSchema();
const block = (text: string, kind = 'paragraph') =>
  schema.nodes[BLOCK_NODE]?.create({ kind }, text === '' ? [] : [schema.text(text)]) as ReturnType<
    typeof schema.node
  >;
/** Several pasted paragraphs as ProseMirror opens them: the first and last merge with the text around. */
const pasted = (texts: string[], open = 1) =>
  new Slice(Fragment.from(texts.map((text) => block(text))), open, open);
/** The paste leaves its first paragraph on the words before the caret, its others blocks of their own. */
const AFTER_THE_FIRST = { first: false, lastInto: null };
const EVERY_ONE = { first: true, lastInto: null };
const read = (slice: Slice) => {
  const blocks: [string, string][] = [];
  slice.content.forEach((node) => {
    blocks.push([node.attrs.kind, node.textContent]);
  });
  return blocks;
};

describe('readPastedMarkers', () => {
  it('reads typed numbers and indents of pasted paragraphs after the first as their kinds', () => {
    const slice = readPastedMarkers(
      pasted([
        '3. Merged into the text at the caret.',
        '4. The Council recalls.',
        '–\tby the end of the year;',
        'Follow-on text.',
      ]),
      AFTER_THE_FIRST,
    );
    expect(read(slice)).toEqual([
      ['paragraph', '3. Merged into the text at the caret.'],
      ['numbered', 'The Council recalls.'],
      ['bullet', 'by the end of the year;'],
      ['paragraph', 'Follow-on text.'],
    ]);
    expect([slice.openStart, slice.openEnd]).toEqual([1, 1]);
  });

  it('reads the first one too when it stands alone (it fills a whole block, or goes before one)', () => {
    expect(read(readPastedMarkers(pasted(['3. First.', '4. Second.']), EVERY_ONE))).toEqual([
      ['numbered', 'First.'],
      ['numbered', 'Second.'],
    ]);
    expect(read(readPastedMarkers(pasted(['12)\tAlone.']), EVERY_ONE))).toEqual([['numbered', 'Alone.']]);
  });

  it('reads the last one, which goes on into the words of a paragraph, only when that paragraph shows its marker', () => {
    const lines = pasted(['3. First.', '4. Second.', '5. Third.']);
    expect(read(readPastedMarkers(lines, { first: true, lastInto: 'numbered' }))).toEqual([
      ['numbered', 'First.'],
      ['numbered', 'Second.'],
      ['numbered', 'Third.'],
    ]);
    for (const lastInto of ['paragraph', 'heading', 'bullet'])
      expect(read(readPastedMarkers(lines, { first: true, lastInto }))).toEqual([
        ['numbered', 'First.'],
        ['numbered', 'Second.'],
        ['paragraph', '5. Third.'],
      ]);
  });

  it('leaves a line pasted into a sentence as it is, and figures, hyphens and points everywhere', () => {
    expect(read(readPastedMarkers(pasted(['3. As typed.']), AFTER_THE_FIRST))).toEqual([
      ['paragraph', '3. As typed.'],
    ]);
    const slice = pasted(['x', '27 Member States agree.', '2.5 million', '-based', '(a) a point']);
    expect(readPastedMarkers(slice, EVERY_ONE)).toBe(slice);
  });

  it('keeps the kind a pasted block already has (a Word list paragraph, a heading)', () => {
    const slice = new Slice(Fragment.from([block('x'), block('1. A heading', 'heading')]), 1, 1);
    expect(readPastedMarkers(slice, AFTER_THE_FIRST)).toBe(slice);
  });

  it('keeps the marks of the text after the marker', () => {
    const bracket = schema.marks[BRACKET_MARK]?.create();
    if (bracket === undefined) throw new Error('the schema has no bracket mark');
    const node = schema.nodes[BLOCK_NODE]?.create({ kind: 'paragraph' }, [
      schema.text('5. '),
      schema.text('[The Council]', [bracket]),
    ]);
    const slice = readPastedMarkers(
      new Slice(Fragment.from([block('x'), node as ReturnType<typeof schema.node>]), 1, 1),
      AFTER_THE_FIRST,
    );
    const numbered = slice.content.child(1);
    expect(numbered.attrs.kind).toBe('numbered');
    expect(numbered.textContent).toBe('[The Council]');
    expect(numbered.firstChild?.marks.map((mark) => mark.type.name)).toEqual([BRACKET_MARK]);
  });
});

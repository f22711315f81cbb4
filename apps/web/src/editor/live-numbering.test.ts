import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { createDocumentExtensions } from './document-schema';
import { createLiveNumberingPlugin, liveNumberingKey, numberDocument } from './live-numbering';

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
    // Which node carries which number, footnotes first, each in document order.
    const numbers = () =>
      (liveNumberingKey.getState(state)?.find() ?? [])
        .sort((a, b) => a.from - b.from)
        .map((d) => [
          state.doc.nodeAt(d.from)?.type.name,
          (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs['data-number'],
        ])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(numbers()).toEqual([
      ['footnote', '1'],
      ['footnote', '2'],
      ['footnote', '3'],
      ['paragraph', '1'],
      ['paragraph', '2'],
    ]);

    const first = state.doc.child(0);
    state = state.apply(state.tr.delete(0, first.nodeSize));
    expect(numbers()).toEqual([
      ['footnote', '1'],
      ['footnote', '2'],
      ['paragraph', '1'],
    ]);
  });
});

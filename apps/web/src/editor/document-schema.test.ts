import { type CouncilDocument, EMPTY_METADATA, normalizeDocument } from '@accord/model';
import { getFragment, readDocument, writeDocument, writeMetadata } from '@accord/ydoc';
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocumentSchema } from './document-schema';

const council: CouncilDocument = normalizeDocument({
  metadata: {
    ...EMPTY_METADATA,
    number: '7923/2/17 REV 2',
    place: 'Brussels',
    date: '12 May 2017',
    language: 'en',
    codes: ['CYBER 91', 'CFSP/PESC 476'],
    marking: 'LIMITE',
    type: 'NOTE',
    from: 'Presidency',
    to: 'Delegations',
    previous: ['7923/1/17 REV 1'],
    subject: 'Draft Council Conclusions\n- Revised text',
  },
  blocks: [
    { id: 'h', kind: 'heading', number: null, text: 'DRAFT COUNCIL CONCLUSIONS' },
    { id: 'a', kind: 'numbered', number: null, text: 'The EU recalls its strategy [and its toolbox].' },
    { id: 'b', kind: 'paragraph', number: null, text: 'It also recalls [its [nested] options] and more.' },
    { id: 'c', kind: 'bullet', number: null, text: 'a bullet with a stray ] bracket' },
    { id: 'd', kind: 'numbered', number: null, text: 'Second point.' },
    { id: 'e', kind: 'heading', number: null, text: 'ANNEX' },
    { id: 'f', kind: 'numbered', number: null, text: 'Restarts at one.', start: 1 },
    { id: 'g', kind: 'numbered', number: null, text: '' },
  ],
  footnotes: [
    { id: 'n1', number: 0, blockId: 'a', offset: 'The EU recalls its strategy'.length, text: '12109/13.' },
    { id: 'n2', number: 0, blockId: 'b', offset: 'It also recalls [its [nested]'.length, text: 'inside' },
    { id: 'n3', number: 0, blockId: 'f', offset: 'Restarts at one.'.length, text: 'WK 6162/2017 REV 1' },
  ],
});

/** Through the editor's schema and back, as y-prosemirror does when a client opens and edits a document. */
function passThroughEditorSchema(doc: CouncilDocument): {
  pm: ReturnType<typeof yXmlFragmentToProseMirrorRootNode>;
  read: CouncilDocument;
} {
  const source = new Y.Doc();
  writeDocument(source, doc);
  const pm = yXmlFragmentToProseMirrorRootNode(getFragment(source), createDocumentSchema());
  const target = new Y.Doc();
  prosemirrorToYXmlFragment(pm, getFragment(target));
  writeMetadata(target, doc.metadata);
  return { pm, read: readDocument(target) };
}

describe('the editor schema', () => {
  it('reads every block, bracket, footnote and restart the server writes, and writes them back unchanged', () => {
    expect(passThroughEditorSchema(council).read).toEqual(council);
  });

  it('holds the layout as a valid ProseMirror document with one paragraph node per block', () => {
    const { pm } = passThroughEditorSchema(council);
    expect(() => pm.check()).not.toThrow();
    const nodes: { id: unknown; kind: unknown; start: unknown }[] = [];
    pm.forEach((node) => {
      expect(node.type.name).toBe('paragraph');
      nodes.push({ id: node.attrs.id, kind: node.attrs.kind, start: node.attrs.start });
    });
    expect(nodes).toEqual(council.blocks.map((b) => ({ id: b.id, kind: b.kind, start: b.start ?? null })));
  });

  it('keeps brackets as a mark on the text, not as characters', () => {
    const { pm } = passThroughEditorSchema(council);
    const second = pm.child(1);
    const bracketed: string[] = [];
    second.forEach((child) => {
      if (child.marks.some((m) => m.type.name === 'bracket')) bracketed.push(child.text ?? '');
    });
    expect(second.textContent).toBe('The EU recalls its strategy and its toolbox.');
    expect(bracketed).toEqual(['and its toolbox']);
  });

  it('carries a footnote as an inline atom with its id and text', () => {
    const { pm } = passThroughEditorSchema(council);
    const footnotes: unknown[] = [];
    pm.descendants((node) => {
      if (node.type.name === 'footnote') footnotes.push(node.attrs);
    });
    expect(footnotes).toEqual([
      { id: 'n1', text: '12109/13.' },
      { id: 'n2', text: 'inside' },
      { id: 'n3', text: 'WK 6162/2017 REV 1' },
    ]);
  });
});

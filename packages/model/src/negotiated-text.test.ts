import { describe, expect, it } from 'vitest';
import { type Block, EMPTY_METADATA, normalizeDocument } from './document';
import { findUnnegotiatedBlocks } from './negotiated-text';

const block = (id: string, kind: Block['kind'], text: string, start?: number): Block => ({
  id,
  kind,
  number: null,
  text,
  ...(start === undefined ? {} : { start }),
});

/** The ids outside the negotiated text, in document order, with numbers derived as the room shows them. */
function unnegotiated(blocks: Block[]): string[] {
  const doc = normalizeDocument({
    metadata: EMPTY_METADATA,
    blocks,
    footnotes: [],
  });
  const outside = findUnnegotiatedBlocks(doc);
  return doc.blocks.filter((b) => outside.has(b.id)).map((b) => b.id);
}

describe('findUnnegotiatedBlocks', () => {
  it.each<[string, Block[], string[]]>([
    [
      'draft conclusions alone: every block, the title and its headings included',
      [
        block('h', 'heading', 'DRAFT COUNCIL CONCLUSIONS'),
        block('i', 'paragraph', 'The Council adopted the following conclusions:'),
        block('a1', 'numbered', 'First.'),
        block('s', 'heading', 'Next steps'),
        block('a2', 'numbered', 'Second.'),
        block('d', 'bullet', 'an indent'),
      ],
      [],
    ],
    [
      "an I/A item note: the Secretariat's numbered points, then the conclusions numbered from 1 again",
      [
        block('c1', 'numbered', 'At the PSC meeting of 14 March 2017 …'),
        block('c2', 'numbered', 'COREPER is requested to invite the Council to approve …'),
        block('h', 'heading', 'DRAFT COUNCIL CONCLUSIONS'),
        block('i', 'paragraph', 'The Council of the European Union adopted the following conclusions:'),
        block('a1', 'numbered', 'The EU recognises …', 1),
      ],
      ['c1', 'c2'],
    ],
    [
      "a Presidency's NOTE: unnumbered cover lines above the conclusions' title",
      [
        block('c', 'paragraph', 'Delegations will find attached draft Council conclusions.'),
        block('c2', 'paragraph', 'The Presidency intends to seek agreement on 12 May.'),
        block('h', 'heading', 'DRAFT COUNCIL CONCLUSIONS'),
        block('a1', 'numbered', 'First.'),
      ],
      ['c', 'c2'],
    ],
    [
      "cover points, the annex's label and the conclusions",
      [
        block('c1', 'numbered', 'Delegations will find in the Annex …'),
        block('x', 'heading', 'ANNEX'),
        block('h', 'heading', 'DRAFT COUNCIL CONCLUSIONS'),
        block('a1', 'numbered', 'First.', 1),
      ],
      ['c1', 'x'],
    ],
    [
      "an unnumbered cover, then the annex's label, then the conclusions' title",
      [
        block('c', 'paragraph', 'Delegations will find in the Annex the draft Council conclusions.'),
        block('x', 'heading', 'ANNEX'),
        block('h', 'heading', 'DRAFT COUNCIL CONCLUSIONS'),
        block('a1', 'numbered', 'First.'),
      ],
      ['c', 'x'],
    ],
    [
      "an annex's label after an unnumbered line (a cover line, empty or not)",
      [block('e', 'paragraph', ''), block('x', 'heading', 'Annex II'), block('a1', 'numbered', 'First.')],
      ['e', 'x'],
    ],
    [
      "a text of an annex's label alone (nothing else to negotiate: the label is the text)",
      [block('x', 'heading', 'ANNEX')],
      [],
    ],
    [
      'a heading that only starts with the word annex (a title, not a label)',
      [block('h', 'heading', 'ANNEX ON CYBER DIPLOMACY'), block('a1', 'numbered', 'First.')],
      [],
    ],
    [
      'unnumbered lines before the first numbered paragraph, with no heading above it (the text itself)',
      [
        block('i', 'paragraph', 'The Council adopted the following conclusions:'),
        block('a1', 'numbered', 'First.'),
      ],
      [],
    ],
  ])('leaves out, of %s, the cover and the label alone', (_what, blocks, expected) => {
    expect(unnegotiated(blocks)).toEqual(expected);
  });

  it('leaves nothing out of a document without blocks', () => {
    expect(unnegotiated([])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { type CouncilDocument, EMPTY_METADATA } from './document';
import { writeRevisionContent } from './revision-content';

const issued: CouncilDocument = {
  metadata: { ...EMPTY_METADATA, number: '9916/17', date: '7 June 2017' },
  blocks: [{ id: 'b1', kind: 'numbered', number: '1', text: 'The EU recalls.' }],
  footnotes: [{ id: 'f1', number: 1, blockId: 'b1', offset: 6, text: '12109/13.' }],
};

describe('writeRevisionContent', () => {
  it.each<[string, CouncilDocument, boolean]>([
    ['the same text', structuredClone(issued), true],
    [
      'keys in another order',
      {
        footnotes: [{ text: '12109/13.', offset: 6, blockId: 'b1', number: 1, id: 'f1' }],
        blocks: [{ text: 'The EU recalls.', number: '1', kind: 'numbered', id: 'b1' }],
        metadata: { ...issued.metadata },
      },
      true,
    ],
    [
      'a word added',
      { ...issued, blocks: [{ id: 'b1', kind: 'numbered', number: '1', text: 'The EU recalls it.' }] },
      false,
    ],
    ['a header field changed', { ...issued, metadata: { ...issued.metadata, date: '9 June 2017' } }, false],
    [
      'a footnote changed',
      { ...issued, footnotes: [{ id: 'f1', number: 1, blockId: 'b1', offset: 6, text: 'Ibid.' }] },
      false,
    ],
  ])('writes %s as the issued text: %s', (_, text, alike) => {
    expect(writeRevisionContent(text) === writeRevisionContent(issued)).toBe(alike);
  });
});

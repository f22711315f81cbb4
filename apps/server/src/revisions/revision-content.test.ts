import { createHash } from 'node:crypto';
import { type CouncilDocument, EMPTY_METADATA, selectRevisionContent } from '@accord/model';
import { describe, expect, it } from 'vitest';
import { hashRevisionContent, writeCanonicalJson } from './revision-content';

const doc: CouncilDocument = {
  metadata: { ...EMPTY_METADATA, number: '7923/17', codes: ['CYBER 91'] },
  blocks: [
    { id: 'b1', kind: 'numbered', number: '1', text: 'The EU [recalls].' },
    { id: 'b2', kind: 'numbered', number: '5', text: 'Restart.', start: 5 },
  ],
  footnotes: [{ id: 'f1', number: 1, blockId: 'b1', offset: 6, text: '12109/13.' }],
};

describe('writeCanonicalJson', () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ é: 1, z: 2, A: 3 }, '{"A":3,"z":2,"é":1}'],
    ['line\nbreak "quoted"', '"line\\nbreak \\"quoted\\""'],
    [{ skipped: undefined, kept: 0 }, '{"kept":0}'],
  ])('writes %j as %s', (value, json) => {
    expect(writeCanonicalJson(value)).toBe(json);
  });
});

describe('hashRevisionContent', () => {
  it('is the SHA-256 of the canonical JSON and does not depend on key order', () => {
    const reordered = {
      footnotes: doc.footnotes.map(({ text, offset, blockId, number, id }) => ({
        text,
        offset,
        blockId,
        number,
        id,
      })),
      blocks: doc.blocks,
      metadata: doc.metadata,
    };
    expect(hashRevisionContent(doc)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRevisionContent(reordered)).toBe(hashRevisionContent(doc));
  });

  it('hashes exactly the canonical JSON of the selected content', () => {
    const selected = selectRevisionContent(doc);
    expect(JSON.stringify(selected)).toBe(writeCanonicalJson(selected));
    expect(hashRevisionContent(doc)).toBe(
      createHash('sha256').update(writeCanonicalJson(selected), 'utf8').digest('hex'),
    );
  });

  it('changes with any character of the text', () => {
    const edited = {
      ...doc,
      blocks: doc.blocks.map((block, i) => (i === 0 ? { ...block, text: 'The EU [recalls]!' } : block)),
    };
    expect(hashRevisionContent(edited)).not.toBe(hashRevisionContent(doc));
  });
});

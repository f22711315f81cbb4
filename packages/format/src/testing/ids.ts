import type { CouncilDocument } from '@accord/model';

/**
 * The document with ids replaced by position (blocks b1, b2 … in order, footnotes fn1, fn2 … by number),
 * for comparing documents whose ids came from different generators.
 */
export function withSequentialIds(doc: CouncilDocument): CouncilDocument {
  const blockIds = new Map(doc.blocks.map((b, i) => [b.id, `b${i + 1}`]));
  return {
    metadata: doc.metadata,
    blocks: doc.blocks.map((b) => ({ ...b, id: blockIds.get(b.id) ?? b.id })),
    footnotes: [...doc.footnotes]
      .sort((a, b) => a.number - b.number)
      .map((f) => ({ ...f, id: `fn${f.number}`, blockId: blockIds.get(f.blockId) ?? f.blockId })),
  };
}

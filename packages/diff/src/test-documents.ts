import { type BlockKind, type CouncilDocument, EMPTY_METADATA, type Footnote } from '@accord/model';

/** A block written as `[id, kind, text]` in a hand-made test document. */
export type BlockSpec = readonly [id: string, kind: BlockKind, text: string];

/** A test document; numbers are left for the diff to derive. */
export function makeDocument(
  blocks: readonly BlockSpec[],
  footnotes: readonly Omit<Footnote, 'number'>[] = [],
  metadata: Partial<CouncilDocument['metadata']> = {},
): CouncilDocument {
  return {
    metadata: { ...EMPTY_METADATA, ...metadata },
    blocks: blocks.map(([id, kind, text]) => ({ id, kind, number: null, text })),
    footnotes: footnotes.map((note) => ({ ...note, number: 0 })),
  };
}

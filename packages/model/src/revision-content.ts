import type { CouncilDocument } from './document';

/**
 * What a revision holds of a text, and what its SHA-256 covers: the rendered text as `readDocument`
 * gives it, reduced to `{ metadata, blocks, footnotes }` with blocks `{ id, kind, number, text, start? }`
 * and footnotes `{ id, number, blockId, offset, text }`, keys in sorted order, so that `JSON.stringify`
 * of it is canonical JSON (RFC 8785) already.
 */
export function selectRevisionContent(doc: CouncilDocument): CouncilDocument {
  const { metadata } = doc;
  return {
    blocks: doc.blocks.map((block) => ({
      id: block.id,
      kind: block.kind,
      number: block.number,
      ...(block.start === undefined ? {} : { start: block.start }),
      text: block.text,
    })),
    footnotes: doc.footnotes.map((note) => ({
      blockId: note.blockId,
      id: note.id,
      number: note.number,
      offset: note.offset,
      text: note.text,
    })),
    metadata: {
      codes: [...metadata.codes],
      date: metadata.date,
      from: metadata.from,
      language: metadata.language,
      marking: metadata.marking,
      number: metadata.number,
      place: metadata.place,
      previous: [...metadata.previous],
      subject: metadata.subject,
      to: metadata.to,
      type: metadata.type,
    },
  };
}

/**
 * The canonical JSON of what a revision holds of `doc`: two texts a revision would hold alike write the
 * same, so the live text is a working draft exactly when it writes otherwise than its last revision.
 */
export function writeRevisionContent(doc: CouncilDocument): string {
  return JSON.stringify(selectRevisionContent(doc));
}

import { createHash } from 'node:crypto';
import type { CouncilDocument } from '@accord/model';

/**
 * What a revision's SHA-256 covers: the rendered text as `readDocument` gives it, reduced to
 * `{ metadata, blocks, footnotes }` with blocks `{ id, kind, number, text, start? }` and footnotes
 * `{ id, number, blockId, offset, text }`, written as canonical JSON (RFC 8785: object keys sorted by
 * code unit, no whitespace, strings and integers as `JSON.stringify` writes them). Anyone holding the
 * JSON of `GET /api/documents/:id/revisions/:rev` can recompute it.
 */
export function selectRevisionContent(doc: CouncilDocument): CouncilDocument {
  // Keys are written in sorted order, so JSON.stringify of the result is already canonical JSON.
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

export function hashRevisionContent(doc: CouncilDocument): string {
  return createHash('sha256')
    .update(JSON.stringify(selectRevisionContent(doc)), 'utf8')
    .digest('hex');
}

/** RFC 8785 JSON for the values a document holds (objects, arrays, strings, integers, booleans, null). */
export function writeCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(writeCanonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${writeCanonicalJson(item)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new Error(`canonical JSON here holds integers only, not ${value}`);
  }
  return JSON.stringify(value);
}

import { createHash } from 'node:crypto';
import { type CouncilDocument, writeRevisionContent } from '@accord/model';

/**
 * A revision's SHA-256: of the canonical JSON of what it holds (the model's `writeRevisionContent`), so
 * anyone holding the JSON of `GET /api/documents/:id/revisions/:rev` can recompute it.
 */
export function hashRevisionContent(doc: CouncilDocument): string {
  return createHash('sha256').update(writeRevisionContent(doc), 'utf8').digest('hex');
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

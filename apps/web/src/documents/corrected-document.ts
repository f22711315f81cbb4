import { correctsDocument, parseDocumentNumber } from '@accord/model';
import type { ListedDocument } from '../api/client';

/**
 * The listed document a number typed for a new document would correct ("9916/17 COR 1" or
 * "9916/1/17 REV 1 COR 1" for 9916/17 at REV 1), judged by the label of its latest issued revision; of
 * two under one number (a text imported again), the one added last. Null when the number is no
 * corrigendum of any.
 */
export function findCorrectedDocument(
  typed: string,
  documents: readonly ListedDocument[],
): ListedDocument | null {
  const number = parseDocumentNumber(typed);
  if (!number.ok) return null;
  let found: ListedDocument | null = null;
  for (const document of documents) {
    if (document.number === null) continue;
    const issued = parseDocumentNumber(document.label);
    if (issued.ok && correctsDocument(number.value, issued.value)) found = document;
  }
  return found;
}

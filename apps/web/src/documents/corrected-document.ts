import { findCorrectedRevision, formatRevisionLabel, parseDocumentNumber } from '@accord/model';
import type { ListedDocument } from '../api/client';

/** A listed document a typed number corrects, and the label of the revision its number names. */
export interface CorrectedDocument {
  readonly document: ListedDocument;
  /** "9916/17" for "9916/17 COR 1", "9916/1/17 REV 1" for "9916/1/17 REV 1 COR 1". */
  readonly label: string;
}

/**
 * The listed document a number typed for a new document would correct, and which of its issued
 * revisions: the one the number names ("9916/17 COR 1" the original as issued, "9916/1/17 REV 1 COR 1"
 * REV 1), as the server starts it from. Of two under one number (a text imported again), the one added
 * last. Null when the number is no corrigendum of a revision any has had.
 */
export function findCorrectedDocument(
  typed: string,
  documents: readonly ListedDocument[],
): CorrectedDocument | null {
  const number = parseDocumentNumber(typed);
  if (!number.ok) return null;
  let found: CorrectedDocument | null = null;
  for (const document of documents) {
    if (document.number === null) continue;
    const base = parseDocumentNumber(document.number);
    const rev = base.ok ? findCorrectedRevision(number.value, base.value, document.revision) : null;
    if (rev !== null) found = { document, label: formatRevisionLabel(document.number, rev) };
  }
  return found;
}

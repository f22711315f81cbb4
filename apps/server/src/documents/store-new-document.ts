import type { Result } from '@accord/model';
import { writeDocument } from '@accord/ydoc';
import * as Y from 'yjs';
import { buildInitialRevision } from '../revisions/initial-revision';
import type { AuditEntryInput } from '../store/audit-store';
import type { DocumentRecord, IssuedRevision, NumberTaken, Store } from '../store/store';
import type { NewDocument } from './new-document';

type NewRecord = { readonly id: string; readonly createdBy: string | null; readonly createdAt: number };

/**
 * Writes a new document's content into a fresh Y.Doc and stores that state as its first snapshot. The
 * server writes initial content exactly once; clients never do, so it can never appear twice. The
 * document, its first snapshot, its revision 0 and `audit` (entries in its own log or another's, such
 * as the text the new one forwards) are written in one transaction. Another document may have its
 * number (see `DocumentStore.create`).
 */
export function storeNewDocument(
  store: Store,
  content: NewDocument,
  record: NewRecord,
  audit: readonly AuditEntryInput[] = [],
): Promise<DocumentRecord> {
  return withInitialState(content, record, audit, (...args) => store.documents.create(...args));
}

/**
 * As `storeNewDocument`, for a document given a new register number (an I/A item note, a blank
 * document, a corrigendum): nothing is written when its number is another document's (see
 * `DocumentStore.createUnderFreeNumber`).
 */
export function storeNewDocumentUnderFreeNumber(
  store: Store,
  content: NewDocument,
  record: NewRecord,
  audit: readonly AuditEntryInput[] = [],
): Promise<Result<DocumentRecord, NumberTaken>> {
  return withInitialState(content, record, audit, (...args) =>
    store.documents.createUnderFreeNumber(...args),
  );
}

type Create<T> = (
  document: Parameters<Store['documents']['create']>[0],
  initialState: Uint8Array,
  first: { readonly revision: IssuedRevision; readonly audit: readonly AuditEntryInput[] },
) => Promise<T>;

async function withInitialState<T>(
  content: NewDocument,
  record: NewRecord,
  audit: readonly AuditEntryInput[],
  create: Create<T>,
): Promise<T> {
  const doc = new Y.Doc();
  try {
    writeDocument(doc, content.council);
    const state = Y.encodeStateAsUpdate(doc);
    const document = { ...record, number: content.number, title: content.title };
    // Revision 0, the document as created, and the audit entries go in with it: all or nothing.
    return await create(document, state, { revision: buildInitialRevision(document, state), audit });
  } finally {
    doc.destroy();
  }
}

import type { Result } from '@accord/model';
import { writeDocument } from '@accord/ydoc';
import * as Y from 'yjs';
import { buildInitialRevision } from '../revisions/initial-revision';
import type { AuditEntryInput } from '../store/audit-store';
import type { DocumentRecord, NumberTaken, Store } from '../store/store';
import type { NewDocument } from './new-document';

/**
 * Writes a new document's content into a fresh Y.Doc and stores that state as its first snapshot. The
 * server writes initial content exactly once; clients never do, so it can never appear twice. The
 * document, its first snapshot, its revision 0 and `audit` (an entry in another document's log, such
 * as the text the new one forwards) are written in one transaction; or nothing, when its number is
 * another document's (see `DocumentStore.create`).
 */
export async function storeNewDocument(
  store: Store,
  content: NewDocument,
  record: { readonly id: string; readonly createdBy: string | null; readonly createdAt: number },
  audit: AuditEntryInput | null = null,
): Promise<Result<DocumentRecord, NumberTaken>> {
  const doc = new Y.Doc();
  try {
    writeDocument(doc, content.council);
    const state = Y.encodeStateAsUpdate(doc);
    const document = { ...record, number: content.number, title: content.title };
    // Revision 0, the document as created, and the audit entry go in with it: all or nothing.
    return await store.documents.create(document, state, {
      revision: buildInitialRevision(document, state),
      audit,
    });
  } finally {
    doc.destroy();
  }
}

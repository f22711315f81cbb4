import { writeDocument } from '@accord/ydoc';
import * as Y from 'yjs';
import { buildInitialRevision } from '../revisions/initial-revision';
import type { AuditEntryInput } from '../store/audit-store';
import type { DocumentRecord, Store } from '../store/store';
import type { NewDocument } from './new-document';

/**
 * Writes a new document's content into a fresh Y.Doc and stores that state as its first snapshot. The
 * server writes initial content exactly once; clients never do, so it can never appear twice. `audit`
 * (an entry in another document's log, such as the text the new one forwards) is written with the
 * new document's revision 0.
 */
export async function storeNewDocument(
  store: Store,
  content: NewDocument,
  record: { readonly id: string; readonly createdBy: string | null; readonly createdAt: number },
  audit: ((created: DocumentRecord) => AuditEntryInput) | null = null,
): Promise<DocumentRecord> {
  const doc = new Y.Doc();
  try {
    writeDocument(doc, content.council);
    const state = Y.encodeStateAsUpdate(doc);
    const created = await store.documents.create(
      { ...record, number: content.number, title: content.title },
      state,
    );
    // Revision 0, the document as created (a document without one gets it when revisions are listed).
    await store.revisions.create(buildInitialRevision(created, state), audit?.(created) ?? null);
    return created;
  } finally {
    doc.destroy();
  }
}

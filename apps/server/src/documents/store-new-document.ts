import { err, isSameDocument, ok, parseDocumentNumber, type Result } from '@accord/model';
import { writeDocument } from '@accord/ydoc';
import * as Y from 'yjs';
import { buildInitialRevision } from '../revisions/initial-revision';
import type { AuditEntryInput } from '../store/audit-store';
import type { DocumentRecord, Store } from '../store/store';
import type { NewDocument } from './new-document';

/** A register number names one document: the new one's is already another's. */
export interface NumberTaken {
  readonly code: 'number-taken';
  readonly holder: DocumentRecord;
}

// Creations run one at a time per store, so that a number's check and the document taking it are one
// step: two imports of the same text at once make one document and one refusal.
const creations = new WeakMap<Store, Promise<unknown>>();

/**
 * Writes a new document's content into a fresh Y.Doc and stores that state as its first snapshot. The
 * server writes initial content exactly once; clients never do, so it can never appear twice. The
 * document, its first snapshot, its revision 0 and `audit` (an entry in another document's log, such
 * as the text the new one forwards) are written in one transaction. Refused when its number is
 * another document's, however written ("10234/17" is "ST 10234 2017 INIT"; a REV is the same
 * document, an ADD another).
 */
export function storeNewDocument(
  store: Store,
  content: NewDocument,
  record: { readonly id: string; readonly createdBy: string | null; readonly createdAt: number },
  audit: AuditEntryInput | null = null,
): Promise<Result<DocumentRecord, NumberTaken>> {
  const run = async (): Promise<Result<DocumentRecord, NumberTaken>> => {
    const holder = content.number === null ? null : await findNumberHolder(store, content.number);
    if (holder !== null) return err({ code: 'number-taken', holder });
    return ok(await write(store, content, record, audit));
  };
  const result = (creations.get(store) ?? Promise.resolve()).then(run);
  creations.set(
    store,
    result.catch(() => {}),
  );
  return result;
}

/** The document already numbered `number`, however written; null when none is. */
export async function findNumberHolder(store: Store, number: string): Promise<DocumentRecord | null> {
  const wanted = parseDocumentNumber(number);
  const same = (theirs: string) => {
    const parsed = parseDocumentNumber(theirs);
    // A number the register's grammar does not read is compared as written.
    return wanted.ok && parsed.ok
      ? isSameDocument(parsed.value, wanted.value)
      : theirs.trim().toUpperCase() === number.trim().toUpperCase();
  };
  for (const document of await store.documents.list()) {
    if (document.number !== null && same(document.number)) return document;
  }
  return null;
}

async function write(
  store: Store,
  content: NewDocument,
  record: { readonly id: string; readonly createdBy: string | null; readonly createdAt: number },
  audit: AuditEntryInput | null,
): Promise<DocumentRecord> {
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

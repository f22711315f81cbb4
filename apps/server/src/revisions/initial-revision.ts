import { formatRevisionLabel, selectRevisionContent } from '@accord/model';
import { readDocument } from '@accord/ydoc';
import * as Y from 'yjs';
import type { DocumentRecord, IssuedRevision, Store } from '../store/store';
import { hashRevisionContent } from './revision-content';

/** The note on a revision 0 recorded after the text as created was compacted away. */
export const LATE_INITIAL_REVISION_NOTE =
  'Recorded after the fact: the text as created was no longer stored, so this is the earliest stored text.';

/** Revision 0 of a document: its state when created, labelled with its number. */
export function buildInitialRevision(
  record: Pick<DocumentRecord, 'id' | 'number' | 'createdBy' | 'createdAt'>,
  state: Uint8Array,
  note: string | null = null,
): IssuedRevision {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const content = selectRevisionContent(readDocument(doc));
    return {
      documentId: record.id,
      rev: 0,
      label: formatRevisionLabel(record.number, 0),
      note,
      createdBy: record.createdBy,
      createdAt: record.createdAt,
      sha256: hashRevisionContent(content),
      state,
      content,
    };
  } finally {
    doc.destroy();
  }
}

/**
 * Records revision 0 of a document created before revisions existed, if it has none. The creation
 * snapshot (the one that covers no logged update) is the text as created; when compaction has replaced
 * it, the earliest stored snapshot stands in, and the note says so.
 */
export async function ensureInitialRevision(store: Store, record: DocumentRecord): Promise<void> {
  if ((await store.revisions.latest(record.id)) !== null) return;
  const stored = await store.updates.load(record.id);
  let state = stored.snapshot;
  if (state === null) {
    // No snapshot at all: the log is the whole history.
    state =
      stored.updates.length > 0 ? Y.mergeUpdates([...stored.updates]) : Y.encodeStateAsUpdate(new Y.Doc());
  }
  const exact = stored.snapshot !== null && stored.snapshotSeq === 0;
  const created = await store.revisions.create(
    buildInitialRevision(record, state, exact ? null : LATE_INITIAL_REVISION_NOTE),
  );
  // Out of sequence: a concurrent request recorded it first, which is just as good.
  if (!created.ok && (await store.revisions.latest(record.id)) === null)
    throw new Error(created.error.message);
}

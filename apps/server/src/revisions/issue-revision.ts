import { type LeftOut, NOTHING_LEFT_OUT } from '@accord/format';
import {
  type CouncilDocument,
  dateIssuedHeader,
  formatCouncilDate,
  formatRevisionLabel,
  selectRevisionContent,
} from '@accord/model';
import { getMeta, readDocument, readMetadata } from '@accord/ydoc';
import * as Y from 'yjs';
import type { FormatReader } from '../documents/format-reader';
import type { DocumentEventBus } from '../events/event-bus';
import { ApiError } from '../http/api-error';
import { storageFault } from '../http/error-handling';
import type { DocumentRecord, RevisionRecord, Store, User } from '../store/store';
import type { LiveDocuments } from '../sync/live-documents';
import { applyUpload, type UploadSummary } from './apply-upload';
import { describeRevisionIssued, type RevisionSource } from './describe-revision-audit';
import { ensureInitialRevision } from './initial-revision';
import type { KeyedLock } from './keyed-lock';
import { hashRevisionContent } from './revision-content';
import { settleUploadHeader } from './upload-header';

/** Tries before giving up when other processes keep taking the next number first. */
export const MAX_ISSUE_ATTEMPTS = 5;

export interface RevisionDeps {
  readonly store: Store;
  readonly documents: LiveDocuments;
  readonly now: () => number;
  readonly newId: () => string;
  /** Reads uploaded files and compares Markdown texts off the event loop. */
  readonly formats: FormatReader;
  /** Where the `revision` event is published (by the route, which has the response body). */
  readonly events: DocumentEventBus;
  /** Serialises issuing per document within this process. */
  readonly lock: KeyedLock;
}

export interface IssueRequest {
  readonly document: DocumentRecord;
  readonly user: User;
  readonly note: string | null;
  /** The header's date, as the Council writes it ("9 June 2017"). @default the day of issue in Brussels */
  readonly date?: string;
  /** A parsed file that first becomes the live text; null to issue the live text as it is. */
  readonly upload: CouncilDocument | null;
  /** Where `upload` came from, for the audit log. @default { type: 'live' } */
  readonly source?: RevisionSource;
  /** Footnotes of positions left out of `upload` when it was read (`read-upload.ts`). @default 0 */
  readonly positionFootnotesDropped?: number;
  /** What the file held that is not text (`read-upload.ts`). @default nothing */
  readonly leftOut?: LeftOut;
  /**
   * The number the caller means to issue: another is a 409 and nothing changes. So a request retried
   * after its answer was lost finds its revision issued rather than issuing the next. @default the next
   */
  readonly rev?: number;
}

export interface IssueOutcome {
  readonly revision: RevisionRecord;
  /** What the upload did to the live text; null without one. */
  readonly upload: UploadSummary | null;
}

/**
 * Freezes the live text as the document's next revision.
 *
 * The upload (if any) is applied and the state captured in ONE Yjs transaction through
 * `LiveDocuments.editAtomically`, so no client edit can fall between them, and the upload is written
 * to the update log in the same SQLite transaction as the revision row and its audit entry: a crash
 * leaves either the revision with its upload or neither (clients see the upload once it is stored).
 * The journal is flushed before: a revision never holds text the live document could lose in a crash.
 * The transaction also checks the number is the next one; within this process issuing is serialised
 * per document, and a number taken by another process meanwhile is retried with the next one.
 */
export function issueRevision(deps: RevisionDeps, request: IssueRequest): Promise<IssueOutcome> {
  const { document, user } = request;
  return deps.lock.run(document.id, async () => {
    await ensureInitialRevision(deps.store, document);
    if (request.rev !== undefined) await checkAskedNumber(deps, document, request.rev);
    // Filled in inside the edit's transaction.
    const captured: { upload: IssueOutcome['upload']; state?: Uint8Array; content?: CouncilDocument } = {
      upload: null,
    };
    const source = request.source ?? { type: 'live' };
    // Read under the lock: no revision can be issued between this and the upload's check.
    const latestRevision =
      request.upload === null ? 0 : ((await deps.store.revisions.latest(document.id)) ?? 0);
    return deps.documents
      .editAtomically(
        document.id,
        (doc) => {
          if (request.upload !== null) {
            // Read here, in the transaction, so the header kept is the one live at this moment.
            const upload = settleUploadHeader(
              request.upload,
              readMetadata(doc),
              document.number,
              latestRevision,
            );
            if (!upload.ok) {
              const status = upload.error.code === 'upload-outdated' ? 409 : 400;
              throw new ApiError(status, upload.error.code, upload.error.message);
            }
            const { document: _, ...counts } = applyUpload(doc, upload.value, deps.newId);
            captured.upload = {
              ...counts,
              positionFootnotesDropped: request.positionFootnotesDropped ?? 0,
              leftOut: request.leftOut ?? NOTHING_LEFT_OUT,
            };
          }
          // Each REV is dated the day it is issued; an upload's header carries the date of what it was edited from.
          const metadata = readMetadata(doc);
          const dated = dateIssuedHeader(
            metadata,
            request.date ?? formatCouncilDate(deps.now()),
            request.date !== undefined,
          );
          if (dated.date !== metadata.date) getMeta(doc).set('date', dated.date);
          captured.state = Y.encodeStateAsUpdate(doc);
          captured.content = selectRevisionContent(readDocument(doc));
        },
        { userId: user.id, delegation: user.delegation },
        async (liveUpdate) => {
          const { state, content } = captured;
          if (state === undefined || content === undefined) {
            throw new Error(`document ${document.id} was not captured`);
          }
          await deps.documents.flush();
          for (let attempt = 1; ; attempt++) {
            const rev = ((await deps.store.revisions.latest(document.id)) ?? 0) + 1;
            const revision = {
              documentId: document.id,
              rev,
              label: formatRevisionLabel(document.number, rev),
              note: request.note,
              createdBy: user.id,
              createdAt: deps.now(),
              sha256: hashRevisionContent(content),
            };
            const audit = describeRevisionIssued(revision, user, source, captured.upload);
            const created = await deps.store.revisions.create(
              { ...revision, state, content },
              audit,
              liveUpdate,
            );
            if (created.ok) return { revision: created.value, upload: captured.upload };
            if (attempt >= MAX_ISSUE_ATTEMPTS) throw new Error(created.error.message);
          }
        },
      )
      .catch((error: unknown) => {
        throw describeUploadNotIssued(error, captured.upload !== null);
      });
  });
}

/** Under the issuing lock: `rev` is the document's next revision, or a 409 saying what is. */
async function checkAskedNumber(deps: RevisionDeps, document: DocumentRecord, rev: number): Promise<void> {
  const next = ((await deps.store.revisions.latest(document.id)) ?? 0) + 1;
  if (rev === next) return;
  // By its label too: for a document created as "WK 6162/2017 REV 1", rev 2 is REV 3.
  const nextNamed = `${next}, ${formatRevisionLabel(document.number, next)}`;
  const issued = rev < next ? await deps.store.revisions.find(document.id, rev) : null;
  if (issued !== null) {
    throw new ApiError(
      409,
      'revision-taken',
      `rev: ${issued.label} was already issued, at ${new Date(issued.createdAt).toISOString()}; the next is ${nextNamed}`,
    );
  }
  throw new ApiError(
    409,
    'revision-not-next',
    `rev: the next revision of this document is ${nextNamed}, not ${rev}`,
  );
}

/**
 * A storage fault once an upload was applied: the server's copy holds it, so `editAtomically` relays
 * and logs it as an edit. The answer must not say that nothing was written: the upload is the live
 * text, only the revision is missing.
 */
function describeUploadNotIssued(error: unknown, uploadApplied: boolean): unknown {
  const fault = uploadApplied ? storageFault(error) : null;
  if (fault === null) return error;
  return new ApiError(
    fault.status,
    fault.code,
    `${fault.cause}: the revision was not issued, but the uploaded text is now the live text; issue the revision again without the file${fault.retry ? '' : ' once the server can write'}`,
    { retryAfterSeconds: fault.retry ? 1 : undefined, cause: error },
  );
}

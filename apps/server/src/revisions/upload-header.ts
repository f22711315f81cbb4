import {
  type CouncilDocument,
  type DocumentMetadata,
  err,
  labelRevision,
  ok,
  parseDocumentNumber,
  type Result,
  readRegisterIdentity,
  readRevisionNumber,
} from '@accord/model';
import { refuseMiswrittenNumber } from '../documents/new-document';
import { excerpt } from '../http/api-error';

export interface UploadHeaderError {
  readonly code: 'upload-other-document' | 'upload-outdated' | 'invalid-number';
  readonly message: string;
}

function hasHeader(metadata: DocumentMetadata): boolean {
  return Object.values(metadata).some((value) => (Array.isArray(value) ? value.length > 0 : value !== null));
}

/**
 * The header an uploaded text becomes the next revision with. An upload is this document in another
 * revision, usually an export of the last one edited in Word, whose header reads "9916/1/17 REV 1":
 *
 *   - a file without a header (typed in Word without Accord's layout, body-only Markdown) keeps the
 *     live header: an issued revision can never be corrected, and must not lose its number;
 *   - the number stays the document's own (`documentNumber`), whatever revision the file names, so
 *     each revision is labelled from it (exports write "9916/2/17 REV 2") and the redline shows no
 *     header change that nobody made;
 *   - a number written wrong ("9916/17 REV 1") names no document nor revision, and is refused saying why;
 *   - a number that names another document means the wrong file, and is refused;
 *   - a number that names a revision older than the latest (`latestRevision`) means an export of it
 *     edited after a later one was issued: taken as the new text, it would silently undo the later
 *     revisions' changes (the answer would only count paragraphs added and removed). It is refused,
 *     saying how to go on. A header as created (no REV, or the REV the document was created as) is
 *     not judged: a text kept in Word from the start carries it at every revision.
 */
export function settleUploadHeader(
  upload: CouncilDocument,
  live: DocumentMetadata,
  documentNumber: string | null,
  latestRevision = 0,
): Result<CouncilDocument, UploadHeaderError> {
  if (!hasHeader(upload.metadata)) return ok({ ...upload, metadata: live });
  const given = upload.metadata.number;
  const miswritten = refuseMiswrittenNumber(given, 'file');
  if (miswritten !== null) return err({ code: 'invalid-number', message: miswritten });
  if (documentNumber === null)
    return ok(given === null ? { ...upload, metadata: { ...upload.metadata, number: live.number } } : upload);
  if (given !== null && readRegisterIdentity(given) !== readRegisterIdentity(documentNumber)) {
    return err({
      code: 'upload-other-document',
      message: `file: its header names document ${excerpt(given)}, not ${documentNumber}`,
    });
  }
  const named = given === null ? null : parseDocumentNumber(given);
  const namedRevision = named?.ok ? readRevisionNumber(named.value) : 0;
  // Compared as the register numbers them: a document created as "WK 6162/2017 REV 1" issues REV 2 as
  // its revision 1, so its revision 2 is REV 3, and REV 1 is its number as created.
  const created = parseDocumentNumber(documentNumber);
  const createdRevision = created.ok ? readRevisionNumber(created.value) : 0;
  const latest = created.ok
    ? readRevisionNumber(labelRevision(created.value, latestRevision))
    : latestRevision;
  if (namedRevision > createdRevision && namedRevision < latest) {
    return err({
      code: 'upload-outdated',
      message: `file: its header is that of REV ${namedRevision} (${excerpt(given ?? '')}), and REV ${latest} has been issued since: taken as the new text, it would undo the changes made after REV ${namedRevision}. Edit an export of the live text or of REV ${latest}, or, to replace the text with this one on purpose, change the number in the file's header to REV ${latest}`,
    });
  }
  return ok({ ...upload, metadata: { ...upload.metadata, number: documentNumber } });
}

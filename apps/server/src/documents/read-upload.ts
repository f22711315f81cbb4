import { isRedline } from '@accord/diff/labels';
import {
  describeFormatError,
  type FormatError,
  type FormatErrorCode,
  type LeftOut,
  NOTHING_LEFT_OUT,
} from '@accord/format';
import { type CouncilDocument, isPositionFootnote, removePositionFootnotes } from '@accord/model';
import { ApiError, badRequest } from '../http/api-error';
import type { FormatReader } from './format-reader';

/** An uploaded text as Accord takes it in. */
export interface UploadedText {
  /** The text, without its footnotes of positions. */
  readonly council: CouncilDocument;
  /** Footnotes whose whole text stated positions ("DE, NL: scrutiny reservation."), left out. */
  readonly positionFootnotesDropped: number;
  /** What the file held that is not text of the document (Word comments, images), left out. */
  readonly leftOut: LeftOut;
}

export interface UploadOptions {
  /** The live text of the document an upload becomes a revision of; none for a new document. */
  readonly liveText?: () => Promise<CouncilDocument>;
}

/**
 * A Council document sent to the API as Markdown text or as an uploaded file (.md, .docx or .html),
 * read in the format reader's workers; anything it cannot read is a 400 that names the line or the
 * part. Used when a document is created from a file and when a revision is issued from one.
 *
 * Footnotes that state positions are left out (`removePositionFootnotes`): positions are kept in the
 * ledger, where they go stale and are withdrawn, and an export writes them from there. Such a
 * footnote in an upload is an export of ours coming back (the Presidency's export to Word, edit,
 * upload) or one typed by hand in a text from outside; either way it states positions, which Accord
 * records itself, from the delegations. Kept as text, it would never go stale, outlive a withdrawal
 * and be printed twice at the next export. The answer says how many were left out.
 *
 * Those the live text of a revision's document already carries as text are kept (`liveText`): the
 * ledger never writes into the live text, so they are the document's own, as an I/A item note's annex
 * records the reservations that stood when the agreed text went forward (the Secretariat completes
 * the note's cover in Word and uploads it; its own ledger has none of them to write again).
 */
export async function readUploadedMarkdown(
  reader: FormatReader,
  markdown: string,
  newId: () => string,
  code = 'invalid-upload',
  options: UploadOptions = {},
): Promise<UploadedText> {
  const parsed = await reader.readMarkdown(markdown, newId);
  if (!parsed.ok) {
    const { line, message } = parsed.error;
    throw new ApiError(
      statusOf(parsed.error),
      parsed.error.code === 'too-large' ? 'too-large' : code,
      `markdown${line === undefined ? '' : ` line ${line}`}: ${message}`,
    );
  }
  return takeIn(parsed.value, newId, options);
}

const PASSED_THROUGH: ReadonlySet<FormatErrorCode> = new Set([
  'unsupported-format',
  'tracked-changes',
  'too-large',
]);

/**
 * A text over a reader's limit (its bytes, paragraphs, footnotes, a Word file's parts) is 413, as
 * every body over its limit is; the message names the limit. Anything else it cannot read is a 400.
 */
export function statusOf(error: FormatError): 400 | 413 {
  return error.code === 'too-large' ? 413 : 400;
}

export async function readUploadedFile(
  reader: FormatReader,
  file: File,
  newId: () => string,
  options: UploadOptions = {},
): Promise<UploadedText> {
  const name = uploadName(file);
  const parsed = await reader.readFile(new Uint8Array(await file.arrayBuffer()), name, newId);
  if (!parsed.ok) {
    // Codes a client may act on pass through; any other file it could not read is an invalid upload.
    const code = PASSED_THROUGH.has(parsed.error.code) ? parsed.error.code : 'invalid-upload';
    throw new ApiError(statusOf(parsed.error), code, describeFormatError(parsed.error, name));
  }
  return takeIn(parsed.value.document, newId, options, parsed.value.leftOut);
}

async function takeIn(
  doc: CouncilDocument,
  newId: () => string,
  options: UploadOptions,
  leftOut: LeftOut = NOTHING_LEFT_OUT,
): Promise<UploadedText> {
  // Even with every change accepted in Word, a redline's cover lines and its list of footnotes would
  // become paragraphs of the text.
  if (isRedline(doc)) {
    throw badRequest(
      'redline-upload',
      'this file is a redline (a comparison of two versions), not a text: upload the text itself, e.g. the Word file of the revision from its downloads, edited',
    );
  }
  // The live text is read only when there is a positions footnote to judge against it (most uploads
  // have none, and reading a loaded document of 2,000 blocks costs milliseconds).
  const stated = doc.footnotes.some((footnote) => isPositionFootnote(footnote.text));
  const textOf = options.liveText === undefined || !stated ? undefined : await options.liveText();
  const { document, removed } = removePositionFootnotes(doc, { textOf });
  return { council: withSomeBlock(document, newId), positionFootnotesDropped: removed, leftOut };
}

/** The name an upload is known by in messages and the audit log. */
export function uploadName(file: File): string {
  return file.name || 'upload';
}

/** A file with a header and no body still leaves one empty paragraph to type into, as a new document does. */
function withSomeBlock(doc: CouncilDocument, newId: () => string): CouncilDocument {
  if (doc.blocks.length > 0) return doc;
  return { ...doc, blocks: [{ id: newId(), kind: 'numbered', number: null, text: '' }] };
}

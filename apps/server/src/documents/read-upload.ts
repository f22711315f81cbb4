import { describeFormatError } from '@accord/format';
import type { CouncilDocument } from '@accord/model';
import { ApiError, badRequest } from '../http/api-error';
import type { FormatReader } from './format-reader';

/**
 * A Council document sent to the API as Markdown text or as an uploaded file (.md, .docx or .html),
 * read in the format reader's workers; anything it cannot read is a 400 that names the line or the
 * part. Used when a document is created from a file and when a revision is issued from one.
 */
export async function readUploadedMarkdown(
  reader: FormatReader,
  markdown: string,
  newId: () => string,
  code = 'invalid-upload',
): Promise<CouncilDocument> {
  const parsed = await reader.readMarkdown(markdown, newId);
  if (!parsed.ok) {
    const { line, message } = parsed.error;
    throw badRequest(code, `markdown${line === undefined ? '' : ` line ${line}`}: ${message}`);
  }
  return withSomeBlock(parsed.value, newId);
}

export async function readUploadedFile(
  reader: FormatReader,
  file: File,
  newId: () => string,
): Promise<CouncilDocument> {
  const name = uploadName(file);
  const parsed = await reader.readFile(new Uint8Array(await file.arrayBuffer()), name, newId);
  if (!parsed.ok) {
    const code = parsed.error.code === 'unsupported-format' ? 'unsupported-format' : 'invalid-upload';
    throw new ApiError(400, code, describeFormatError(parsed.error, name));
  }
  return withSomeBlock(parsed.value, newId);
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

/**
 * Reads a file by its extension: .md/.markdown → Markdown, .docx → Word, .html/.htm → HTML. Checks that
 * apply to every format (empty, too large, not text) come first, before any parser sees the bytes.
 */
import { type CouncilDocument, err, type Result } from '@accord/model';
import type { ParseOptions } from './document-assembler';
import { parseDocx } from './docx-parse';
import { type FormatError, formatError } from './format-error';
import { parseHtml } from './html-parse';
import { MAX_DOCUMENT_BYTES, MAX_TEXT_BYTES } from './limits';
import { parseMarkdown } from './markdown-parse';

export const DOCUMENT_FORMATS = ['markdown', 'docx', 'html'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

const EXTENSIONS: Readonly<Record<string, DocumentFormat>> = {
  md: 'markdown',
  markdown: 'markdown',
  docx: 'docx',
  html: 'html',
  htm: 'html',
};

/** The format a file name's extension names, or an error saying which extensions are known. */
export function formatOfFileName(fileName: string): Result<DocumentFormat, FormatError> {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const format = extension === undefined ? undefined : EXTENSIONS[extension];
  if (format !== undefined) return { ok: true, value: format };
  const what = extension === undefined ? 'a file without an extension' : `.${extension} files`;
  const hint = extension === 'doc' ? ' (save it as .docx)' : '';
  return err(
    formatError('unsupported-format', `${what} cannot be read or written${hint}: use .md, .docx or .html`),
  );
}

export async function parseDocument(
  bytes: Uint8Array,
  fileName: string,
  options: ParseOptions = {},
): Promise<Result<CouncilDocument, FormatError>> {
  const format = formatOfFileName(fileName);
  if (!format.ok) return format;
  if (bytes.length === 0) return err(formatError('empty', 'the file is empty'));
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return err(formatError('too-large', `the file is larger than ${MAX_DOCUMENT_BYTES} bytes`));
  }
  if (format.value === 'docx') return parseDocx(bytes, options);
  if (bytes.length > MAX_TEXT_BYTES) {
    return err(
      formatError('too-large', `the file is larger than ${MAX_TEXT_BYTES} bytes, the limit for text formats`),
    );
  }
  const text = decodeText(bytes);
  if (!text.ok) return text;
  return format.value === 'markdown' ? parseMarkdown(text.value, options) : parseHtml(text.value, options);
}

/** UTF-8 text, or a `binary` error for bytes that are not (a NUL byte, an invalid sequence). */
export function decodeText(bytes: Uint8Array): Result<string, FormatError> {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return err(formatError('binary', `the file is not text (it has a NUL byte at byte ${nul})`));
  }
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return err(formatError('binary', 'the file is not UTF-8 text'));
  }
}

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
  const text = decodeText(bytes, format.value);
  if (!text.ok) return text;
  return format.value === 'markdown' ? parseMarkdown(text.value, options) : parseHtml(text.value, options);
}

/** The byte-order marks of UTF-16, which Word ("Unicode") and Notepad write, and what each names. */
function readUtf16Mark(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * The encoding an HTML page declares in a `<meta>` of its first 1,024 bytes, as browsers look for it:
 * `<meta charset="windows-1253">`, or Word's `<meta http-equiv=Content-Type content="text/html;
 * charset=windows-1252">`. A label the platform's decoder does not know is none.
 */
function readDeclaredEncoding(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  const label = /<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  if (label === undefined) return null;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/**
 * The text of a file: UTF-8 (with or without its mark); UTF-16 with its mark; or, for HTML that is
 * not UTF-8, the encoding the page declares, as Word saves a Web page in the Windows code page of its
 * language (Windows-1252, -1253 for Greek, -1251 for Bulgarian). A `binary` error for anything else:
 * a NUL, bytes that are not text in the encoding read.
 */
export function decodeText(
  bytes: Uint8Array,
  format: DocumentFormat = 'markdown',
): Result<string, FormatError> {
  const marked = readUtf16Mark(bytes);
  if (marked !== null) return decodeAs(bytes, marked);
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return err(formatError('binary', `the file is not text (it has a NUL byte at byte ${nul})`));
  }
  const utf8 = decodeAs(bytes, 'utf-8');
  if (utf8.ok || format !== 'html') return utf8;
  const declared = readDeclaredEncoding(bytes);
  return declared === null || declared === 'utf-8' ? utf8 : decodeAs(bytes, declared);
}

function decodeAs(bytes: Uint8Array, encoding: string): Result<string, FormatError> {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return err(formatError('binary', `the file is not ${encoding === 'utf-8' ? 'UTF-8' : encoding} text`));
  }
  if (encoding === 'windows-1252') text = text.replaceAll(/[\x80-\x9f]/g, fromWindows1252);
  if (text.includes('\0'))
    return err(formatError('binary', 'the file is not text (it holds a NUL character)'));
  return { ok: true, value: text };
}

/**
 * Windows-1252's characters at 0x80–0x9F (€, curly quotes, dashes…), which Node 20's decoder reads as
 * the C1 controls of ISO-8859-1 (nodejs/node#56542); five of them are undefined and stay as read.
 */
const WINDOWS_1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

function fromWindows1252(control: string): string {
  return WINDOWS_1252_C1[control.charCodeAt(0) - 0x80] ?? control;
}

/** Why a file could not be imported. Every code is an expected failure, reported as a value. */
export const FORMAT_ERROR_CODES = [
  /** The file has no content. */
  'empty',
  /** Over one of the limits in `limits.ts`. */
  'too-large',
  /** Nested or marked up more than the limits in `limits.ts` allow (parsing it would take too long). */
  'too-complex',
  /** A text format was expected but the bytes are not UTF-8 text. */
  'binary',
  /** A .docx that is not a zip archive, or a zip archive that is not a Word document. */
  'not-docx',
  /** A Word document that is damaged or cannot be read. */
  'bad-docx',
  /** A Word document (or a Web page saved from Word) with tracked changes not yet accepted or rejected. */
  'tracked-changes',
  /** Markdown that cannot be read as a Council document. */
  'syntax',
  /** A footnote cited but never defined. */
  'unknown-footnote',
  /** A footnote defined twice or cited twice. */
  'duplicate-footnote',
  /** A footnote defined but never cited, or defined before it is cited. */
  'uncited-footnote',
  /** A file extension no importer or exporter handles. */
  'unsupported-format',
] as const;

export type FormatErrorCode = (typeof FORMAT_ERROR_CODES)[number];

export interface FormatError {
  readonly code: FormatErrorCode;
  /** What is wrong, in one line, without the place (see `line`). */
  readonly message: string;
  /** 1-based line in the source; Markdown, and HTML nested too deep. */
  readonly line?: number;
}

/** The 1-based line of `offset` in `text`, for an error's place. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function formatError(code: FormatErrorCode, message: string, line?: number): FormatError {
  return line === undefined ? { code, message } : { code, message, line };
}

/**
 * One line saying what is wrong and where: `council.md:42: footnote 7 is cited but never defined`, or
 * `line 42: …` without a file name.
 */
export function describeFormatError(error: FormatError, fileName?: string): string {
  const place =
    fileName === undefined
      ? error.line === undefined
        ? ''
        : `line ${error.line}: `
      : error.line === undefined
        ? `${fileName}: `
        : `${fileName}:${error.line}: `;
  return `${place}${error.message}`.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * Reading and writing document files for the commands: the only file system access of the CLI. Every
 * failure becomes a CliError whose message starts with the path the user typed.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  type DocumentFormat,
  describeFormatError,
  formatOfFileName,
  MAX_DOCUMENT_BYTES,
  parseDocument,
  renderDocument,
} from '@accord/format';
import type { CouncilDocument } from '@accord/model';
import { CliError } from './cli-error';
import type { CliIo } from './io';

export function requireFormat(path: string): DocumentFormat {
  const format = formatOfFileName(path);
  if (!format.ok) throw new CliError(describeFormatError(format.error, path));
  return format.value;
}

/** The file name that stands for stdin, as for most command-line tools. */
export const STDIN = '-';

/** The output file name that stands for stdout. */
export const STDOUT = '-';

/** What stdin is called in messages: "stdin:7: footnote 7 is cited but never defined". */
const STDIN_NAME = 'stdin';

/**
 * The format of a document piped in, which has no extension: a Word file is a zip ("PK"), a text
 * opening with a tag is HTML, anything else Markdown.
 */
export function sniffFormat(bytes: Uint8Array): 'md' | 'docx' | 'html' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'docx';
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '');
  return /^\s*</.test(head) ? 'html' : 'md';
}

/** A document file, or stdin for `-` (read through `io`). */
export async function readDocumentFile(
  path: string,
  io: Pick<CliIo, 'readStdin'> = {},
): Promise<CouncilDocument> {
  if (path === STDIN) return readDocumentFromStdin(io);
  return readNamedDocumentFile(path);
}

async function readDocumentFromStdin(io: Pick<CliIo, 'readStdin'>): Promise<CouncilDocument> {
  if (io.readStdin === undefined) throw new CliError(`${STDIN_NAME}: cannot be read here`);
  const bytes = await io.readStdin(MAX_DOCUMENT_BYTES).catch((error: unknown) => {
    throw new CliError(`${STDIN_NAME}: ${describeFileError(error)}`);
  });
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new CliError(`${STDIN_NAME}: the file is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  const parsed = await parseDocument(bytes, `${STDIN_NAME}.${sniffFormat(bytes)}`);
  if (!parsed.ok) throw new CliError(describeFormatError(parsed.error, STDIN_NAME));
  return parsed.value;
}

async function readNamedDocumentFile(path: string): Promise<CouncilDocument> {
  // What is at the path first: a directory (`/tmp`) or nothing is said as such, not as an extension.
  const size = await stat(path).then(
    (s) => {
      if (s.isDirectory()) throw new CliError(`${path}: is a directory, not a file`);
      return s.size;
    },
    (error: unknown) => {
      throw new CliError(`${path}: ${describeFileError(error)}`);
    },
  );
  requireFormat(path);
  // Refused before reading, so a huge file costs nothing.
  if (size > MAX_DOCUMENT_BYTES) {
    throw new CliError(`${path}: the file is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new CliError(`${path}: ${describeFileError(error)}`);
  });
  const parsed = await parseDocument(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
  if (!parsed.ok) throw new CliError(describeFormatError(parsed.error, path));
  return parsed.value;
}

/** Writes the document in the format of `path`'s extension, whole or not at all. */
export async function writeDocumentFile(path: string, doc: CouncilDocument): Promise<void> {
  await writeWholeFile(path, await renderDocument(doc, requireFormat(path)));
}

/** Writes the whole file or nothing: a temporary file renamed into place. */
export async function writeWholeFile(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new CliError(`${path}: ${describeFileError(error)}`);
  }
}

/** Refuses an output file that is one of the inputs: the command would replace what it reads. */
export function refuseOverwriting(command: string, output: string, inputs: readonly string[]): void {
  if (inputs.some((input) => resolve(input) === resolve(output))) {
    throw new CliError(`${command}: the output ${output} is an input file; give another name`);
  }
}

function describeFileError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'cannot be read';
  }
}

/**
 * A look at a .docx before mammoth unzips it: is it a zip archive at all, is it whole, does it hold a
 * Word document, and would unpacking it stay within the limits? The zip's central directory (the table
 * of contents at its end) says how large each part unpacks to; a hostile file can lie there, and
 * JSZip (under mammoth) only compares the sizes once it has unpacked everything, so each part is first
 * inflated here with the size it declares as a hard cap: a zip bomb stops at that many bytes.
 */
import { inflateRawSync } from 'node:zlib';
import { type FormatError, formatError } from './format-error';
import { MAX_DOCX_ENTRIES, MAX_DOCX_UNZIPPED_BYTES, MAX_DOCX_XML_BYTES } from './limits';

const LOCAL_HEADER = 0x04034b50;
const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_OF_DIRECTORY_BYTES = 22;
const MAX_ZIP_COMMENT_BYTES = 0xffff;
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];

export function checkDocxArchive(bytes: Uint8Array): FormatError | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (OLE_SIGNATURE.every((b, i) => bytes[i] === b)) {
    return formatError('not-docx', 'this is an old Word 97-2003 .doc file, not a .docx: save it as .docx');
  }
  if (bytes.length < 4 || view.getUint32(0, true) !== LOCAL_HEADER) {
    return formatError(
      'not-docx',
      'the file is not a Word document: it is not a zip archive, as every .docx is',
    );
  }
  const end = findEndOfDirectory(view);
  if (end < 0) {
    return formatError('bad-docx', 'the Word document is damaged: its zip archive is truncated or corrupt');
  }
  const entries = view.getUint16(end + 10, true);
  const directoryBytes = view.getUint32(end + 12, true);
  const directoryStart = view.getUint32(end + 16, true);
  if (entries === 0xffff || directoryStart === 0xffffffff) {
    return formatError('too-large', 'the Word document is too large (zip64 archives are not read)');
  }
  if (entries > MAX_DOCX_ENTRIES) {
    return formatError('too-large', `the Word document has more than ${MAX_DOCX_ENTRIES} parts`);
  }
  if (directoryStart + directoryBytes > end) {
    return formatError('bad-docx', 'the Word document is damaged: its zip directory points past the end');
  }
  let at = directoryStart;
  let unzipped = 0;
  let unzippedXml = 0;
  let hasWordPart = false;
  const parts: ZipPart[] = [];
  for (let i = 0; i < entries; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== DIRECTORY_ENTRY) {
      return formatError('bad-docx', 'the Word document is damaged: its zip directory is corrupt');
    }
    const size = view.getUint32(at + 24, true);
    const nameBytes = view.getUint16(at + 28, true);
    parts.push({
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size,
      localHeader: view.getUint32(at + 42, true),
    });
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameBytes));
    unzipped += size;
    if (/\.(xml|rels)$/i.test(name)) unzippedXml += size;
    if (name.startsWith('word/')) hasWordPart = true;
    at += 46 + nameBytes + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  if (unzipped > MAX_DOCX_UNZIPPED_BYTES) {
    return formatError(
      'too-large',
      `the Word document unpacks to more than ${MAX_DOCX_UNZIPPED_BYTES} bytes`,
    );
  }
  if (unzippedXml > MAX_DOCX_XML_BYTES) {
    return formatError(
      'too-large',
      `the Word document has more than ${MAX_DOCX_XML_BYTES} bytes of text and markup`,
    );
  }
  if (!hasWordPart) {
    return formatError(
      'not-docx',
      'the file is a zip archive but not a Word document (it has no word/ part)',
    );
  }
  if (!parts.every((part) => unpacksAsDeclared(bytes, view, part))) {
    return formatError(
      'bad-docx',
      'the Word document is damaged: a part does not unpack to the size its zip directory gives',
    );
  }
  return null;
}

interface ZipPart {
  /** 0 stored, 8 deflated; other methods are left to the unzipper, which refuses them. */
  readonly method: number;
  readonly compressedSize: number;
  /** What the directory says the part unpacks to. */
  readonly size: number;
  readonly localHeader: number;
}

/** Whether the part's data is where its header says and unpacks to exactly its declared size. */
function unpacksAsDeclared(bytes: Uint8Array, view: DataView, part: ZipPart): boolean {
  if (part.localHeader + 30 > bytes.length || view.getUint32(part.localHeader, true) !== LOCAL_HEADER) {
    return false;
  }
  const start =
    part.localHeader +
    30 +
    view.getUint16(part.localHeader + 26, true) +
    view.getUint16(part.localHeader + 28, true);
  if (start + part.compressedSize > bytes.length) return false;
  if (part.method === 0) return part.compressedSize === part.size;
  if (part.method !== 8) return true;
  try {
    const data = bytes.subarray(start, start + part.compressedSize);
    // One byte over the declared size is enough to know it lies; inflating stops there.
    return inflateRawSync(data, { maxOutputLength: part.size + 1 }).length === part.size;
  } catch {
    return false;
  }
}

function findEndOfDirectory(view: DataView): number {
  const last = view.byteLength - END_OF_DIRECTORY_BYTES;
  const first = Math.max(0, last - MAX_ZIP_COMMENT_BYTES);
  for (let at = last; at >= first; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
  }
  return -1;
}

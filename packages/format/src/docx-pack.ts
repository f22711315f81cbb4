import { type Document, Packer } from 'docx';
import JSZip from 'jszip';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const CORE_PROPERTIES = 'docProps/core.xml';
/** The zip format's own epoch (1980-01-01): what every entry carries instead of the time of packing. */
const ZIP_EPOCH = new Date(1980, 0, 1);
/** The `docx` library stamps the time of packing into the core properties; they are optional. */
const PACKING_TIMES = /<dcterms:(created|modified)\b[^>]*>[^<]*<\/dcterms:\1>/g;

export interface PackDocxOptions {
  /** The whole `docProps/core.xml`; without it, the library's own, less the time of packing. */
  readonly coreProperties?: string;
}

/**
 * The bytes of a .docx that depend on the document alone: packing the same document twice gives the
 * same file (an archivist can compare two downloads of a revision by checksum). The `docx` library
 * stamps the time into the core properties and every zip entry, so its zip is read back and written
 * again without them.
 */
export async function packDocx(document: Document, options: PackDocxOptions = {}): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await Packer.toArrayBuffer(document));
  const core = zip.file(CORE_PROPERTIES);
  const coreProperties =
    options.coreProperties ??
    (core === null ? null : (await core.async('string')).replace(PACKING_TIMES, ''));
  if (coreProperties !== null) zip.file(CORE_PROPERTIES, coreProperties);
  for (const entry of Object.values(zip.files)) entry.date = ZIP_EPOCH;
  return zip.generateAsync({ type: 'uint8array', mimeType: DOCX_MIME, compression: 'DEFLATE' });
}

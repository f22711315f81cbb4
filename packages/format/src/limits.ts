/**
 * Limits on what the importers accept. They keep a hostile or mistaken file (a 50 MB upload, a zip bomb,
 * a generated document with a million paragraphs) from exhausting memory or blocking the event loop:
 * such input is refused with a `too-large` error before any real work starts.
 */

/** Largest file any importer reads. A Council document is well under 1 MiB as text; Word files carry images. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * Largest Markdown or HTML file. Parsing is linear but not free (about a second per MiB of Markdown), and
 * the longest Council texts are a few hundred KiB.
 */
export const MAX_TEXT_BYTES = 4 * 1024 * 1024;

/** Largest total uncompressed size of the parts of a .docx (zip bomb guard). */
export const MAX_DOCX_UNZIPPED_BYTES = 128 * 1024 * 1024;

/** Largest total uncompressed size of the XML parts of a .docx (the text mammoth parses; images aside). */
export const MAX_DOCX_XML_BYTES = 32 * 1024 * 1024;

/** Most parts a .docx may hold. Real documents have a few dozen. */
export const MAX_DOCX_ENTRIES = 5_000;

/** Most blocks (paragraphs, bullets, headings) a document may have. */
export const MAX_BLOCKS = 20_000;

/** Most footnotes a document may have. */
export const MAX_FOOTNOTES = 5_000;

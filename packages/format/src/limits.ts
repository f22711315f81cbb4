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

/**
 * Deepest nesting of block quotes and lists a Markdown line may reach (counted from its markers and
 * indentation: 64 columns of indentation reach it). micromark's time grows faster than the square of
 * the depth, and the readers walk the tree recursively. Council documents nest two or three levels.
 */
export const MAX_NESTING_DEPTH = 32;

/**
 * Deepest nesting of HTML elements. htmlparser2 shifts its open-element stack on every tag (quadratic
 * in the depth) and the reader walks the tree recursively; Word's HTML export nests about fifteen deep.
 */
export const MAX_HTML_DEPTH = 256;

/**
 * Most inline syntax one Markdown paragraph may hold: `*`/`_` that may be emphasis, brackets, escapes,
 * entities, code span and HTML openers, and the line endings of lines holding any of these. micromark
 * resolves each against the whole paragraph, so a paragraph's time grows with the square of this count
 * (24,000 `*` took 11 s). A long Council paragraph, hard-wrapped, with its footnotes and negotiation
 * brackets, holds a few dozen.
 */
export const MAX_PARAGRAPH_SYNTAX = 256;

/**
 * Most block quotes a Markdown text may open. micromark copies its whole list of events each time one
 * closes, so the time grows with their square (6,700 short ones took 15 s); Council documents have
 * none or a few.
 */
export const MAX_BLOCK_QUOTES = 500;

/**
 * Most lines a Markdown text may have: micromark spends 10–20 µs on each even when it is plain, so the
 * longest text is parsed in about 2 s on a small server. A thousand pages hard-wrapped have about
 * 50,000.
 */
export const MAX_MARKDOWN_LINES = 100_000;

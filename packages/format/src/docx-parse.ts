/**
 * .docx → CouncilDocument. mammoth reads the Word file (styles, lists, runs, footnotes); a document
 * transform hands us mammoth's document tree, which keeps what its HTML drops: which list a paragraph
 * belongs to, bold per run, and where each footnote reference sits.
 *
 * A paragraph becomes, in order of precedence:
 *   an Accord style (Council Numbered/Paragraph/Bullet/Heading; see docx-layout.ts)  that kind
 *   a Word list item: ordered at level 0 → numbered; bullets and sub-levels → bullet
 *   a Heading n / Title style                                                         heading
 *   text opening with a typed number ("3. ", "3.<tab>"; typed-number.ts)              numbered, as written
 *   text opening with a typed indent ("–<tab>", "- ", "• "; typed-bullet.ts)          bullet, marker dropped
 *   bold throughout (an indent inserted in a revision is bold, yet an indent)         heading
 *   anything else                                                                     paragraph
 * The header is read from the leading paragraphs (in an Accord file, those in the Council Header style)
 * by the same recogniser as Markdown; a table row there whose first cell is a header label ("From:")
 * is one labelled line, as the GSC's templates lay the header out. Other table cells are read as
 * paragraphs, row by row.
 *
 * A paragraph in an Accord style is read as written, as our export writes the text: its spaces kept
 * (a space at its end, a double space; Word keeps them with `xml:space="preserve"`), and kept when
 * empty, as the document had it. Any other paragraph is read as a text typed in Word is: its spaces
 * folded and trimmed, and an empty one is spacing, not content.
 *
 * A paragraph in the Council Numbered style is numbered by its typed number ("3.<tab>", as the plain
 * export writes it) or, without one, by Word's list number when Word numbers it (as the Word redline
 * does, so that renumbering is no tracked change); else it follows on from the paragraph before.
 *
 * Word list numbers are the ones Word displays, restarts included, read from the numbering part by
 * `docx-list-numbers.ts` (mammoth cannot tell a restarted list from a continued one) and matched to
 * mammoth's paragraphs by their text; where they do not match up, each list is counted from 1.
 */
import { type CouncilDocument, err, type Result } from '@accord/model';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { DocumentAssembler, type ParseOptions } from './document-assembler';
import { COUNCIL_STYLE_PREFIX, DocxStyle } from './docx-layout';
import { type ListNumber, readListNumbers } from './docx-list-numbers';
import { type FormatError, formatError } from './format-error';
import { type HeaderParagraph, type HeaderRun, recogniseHeaderParagraphs, type TableCell } from './header';
import { flattenInline, flattenInlineKeepingSpaces, type InlinePiece, isBlank } from './inline-text';
import { MAX_DOCUMENT_BYTES } from './limits';
import { countDocxTrackedChanges, describeTrackedChanges } from './tracked-changes';
import { readTypedMarker, readTypedNumber } from './typed-number';
import { checkDocxArchive } from './zip-check';

/** The part of mammoth's document tree this module reads (mammoth ships no types for it). */
interface WordElement {
  readonly type: string;
  readonly children?: readonly WordElement[];
  readonly value?: string;
  readonly styleName?: string | null;
  readonly numbering?: { readonly isOrdered: boolean; readonly level: string } | null;
  readonly isBold?: boolean;
  readonly noteType?: string;
  readonly noteId?: string;
  readonly breakType?: string;
  readonly body?: readonly WordElement[];
}

interface WordDocument extends WordElement {
  readonly notes?: { resolve(reference: WordElement): WordElement | null };
}

interface WordParagraph {
  readonly style: string | null;
  readonly numbering: WordElement['numbering'];
  readonly pieces: InlinePiece[];
  readonly lines: HeaderRun[][];
  /** Bold throughout: every non-blank run bold, and at least one. */
  readonly bold: boolean;
  readonly empty: boolean;
  /** The table cell holding the paragraph; null outside tables and in a row that holds a table. */
  readonly cell: TableCell | null;
}

const ENDNOTE_PREFIX = 'endnote ';
const HEADING_STYLE = /^(heading \d|title|subtitle)$/i;
// "2." or "2)" then spaces or a tab, or no-break spaces (as Word users type to keep a number with its
// text), or "2" then a tab: a paragraph typed as "27 Member States …" keeps its figure. After our own
// tab, spaces and no-break spaces are the text's.
const COUNCIL_NUMBER = /^[ \t\u00a0]*(\d{1,9})(?:[.)](?:\t+|[ \t]+|[ \u00a0]+)|\t+)/;
/** The styles our export writes blocks in: their paragraphs are read as written. */
const BLOCK_STYLES: ReadonlySet<string> = new Set(
  [DocxStyle.numbered, DocxStyle.paragraph, DocxStyle.bullet, DocxStyle.heading].map((style) => style.name),
);

export async function parseDocx(
  bytes: Uint8Array,
  options: ParseOptions = {},
): Promise<Result<CouncilDocument, FormatError>> {
  if (bytes.length === 0) return err(formatError('empty', 'the file is empty'));
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return err(formatError('too-large', `the file is larger than ${MAX_DOCUMENT_BYTES} bytes`));
  }
  const archiveProblem = checkDocxArchive(bytes);
  if (archiveProblem) return err(archiveProblem);
  // Before mammoth's whole reading: a file refused for its tracked changes need not be read. A zip
  // JSZip cannot open is left to mammoth, whose complaint says more.
  const zip = await JSZip.loadAsync(bytes).catch(() => null);
  const trackedChanges =
    zip === null || options.trackedChanges === 'accept' ? 0 : await countDocxTrackedChanges(zip);
  if (trackedChanges > 0) {
    return err(formatError('tracked-changes', describeTrackedChanges('Word document', trackedChanges)));
  }

  let document: WordDocument | null = null;
  try {
    // mammoth's Node build reads `buffer`, its browser build `arrayBuffer`; JSZip takes either.
    const input = { buffer: bytes, arrayBuffer: toArrayBuffer(bytes) } as unknown as {
      arrayBuffer: ArrayBuffer;
    };
    await mammoth.convertToHtml(input, {
      // Images carry no words: do not decode them.
      convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      transformDocument: (element: WordDocument) => {
        document = element;
        return element;
      },
    });
  } catch (error) {
    return err(formatError('bad-docx', `the Word document could not be read: ${whyUnreadable(error)}`));
  }
  if (document === null || zip === null) {
    return err(formatError('bad-docx', 'the Word document could not be read'));
  }
  return readWordDocument(document, await readListNumbers(zip), options);
}

/** The XML parser's complaint, without its tag and its position (which it does not know). */
const XML_PARSER_MESSAGE = /\[xmldom (?:warning|error|fatalError)\]\s*(.*?)\s*(?:@#\[line:.*)?$/s;

/**
 * Why mammoth could not read a file, in words for the person who uploaded it. A TypeError is mammoth
 * meeting parts it did not expect (a main part that is not Word's XML): its message names mammoth's
 * internals, not the file.
 */
function whyUnreadable(error: unknown): string {
  if (!(error instanceof Error) || error instanceof TypeError || error instanceof RangeError) {
    return 'its parts are damaged or are not those of a Word document';
  }
  const xml = XML_PARSER_MESSAGE.exec(error.message);
  const reason = xml ? `its XML is damaged (${xml[1]})` : error.message;
  return reason.replace(/\s+/g, ' ').slice(0, 200);
}

function readWordDocument(
  document: WordDocument,
  listNumbers: readonly ListNumber[] | null,
  options: ParseOptions,
): Result<CouncilDocument, FormatError> {
  const paragraphs = collectParagraphs(document.children ?? []);
  if (paragraphs.every((p) => p.empty)) return err(formatError('empty', 'the Word document has no text'));

  const councilStyled = paragraphs.some((p) => p.style?.startsWith(COUNCIL_STYLE_PREFIX));
  const { metadata, bodyStart } = councilStyled
    ? recogniseHeaderParagraphs(paragraphs, readCouncilHeaderParagraph, () => null)
    : recogniseHeaderParagraphs(paragraphs, readHeaderParagraph);

  const assembler = new DocumentAssembler(options);
  const numbers = new ListNumbering(alignListNumbers(paragraphs, listNumbers));
  for (const paragraph of paragraphs.slice(bodyStart)) {
    // Empty paragraphs are spacing in Word; an empty one in an Accord style is a block of the text.
    if (paragraph.empty && !BLOCK_STYLES.has(paragraph.style ?? '')) continue;
    const problem = readBodyParagraph(paragraph, assembler, numbers, document);
    if (problem) return err(problem);
  }
  return assembler.finish(metadata);
}

/** A leading paragraph of an Accord file: its header is the paragraphs in the Council Header style. */
function readCouncilHeaderParagraph(paragraph: WordParagraph): HeaderParagraph {
  if (paragraph.style !== DocxStyle.header.name) return 'end';
  return paragraph.empty ? { type: 'separator' } : { type: 'paragraph', lines: paragraph.lines };
}

/** A leading paragraph of any other Word file: the header ends at the first list paragraph. */
function readHeaderParagraph(paragraph: WordParagraph): HeaderParagraph {
  if (paragraph.numbering) return 'end';
  return paragraph.empty ? 'skip' : { type: 'paragraph', lines: paragraph.lines };
}

/** Word's number of each ordered level-0 list paragraph, when `numbers` lines up with them by text. */
function alignListNumbers(
  paragraphs: readonly WordParagraph[],
  numbers: readonly ListNumber[] | null,
): Map<WordParagraph, number> | null {
  if (numbers === null) return null;
  const listed = paragraphs.filter((p) => p.numbering?.isOrdered && p.numbering.level === '0');
  if (listed.length !== numbers.length) return null;
  const squeeze = (text: string) => text.replace(/\s+/g, '');
  const aligned = new Map<WordParagraph, number>();
  for (const [i, paragraph] of listed.entries()) {
    const word = numbers[i] as ListNumber;
    const text = paragraph.pieces.map((piece) => (piece.type === 'text' ? piece.value : '')).join('');
    if (squeeze(text) !== squeeze(word.text)) return null;
    aligned.set(paragraph, word.number);
  }
  return aligned;
}

/** The number of a list paragraph: Word's, when known; otherwise counted per list from 1. */
class ListNumbering {
  private readonly counts = new Map<object, number>();
  constructor(private readonly known: ReadonlyMap<WordParagraph, number> | null) {}

  next(paragraph: WordParagraph, list: object): number {
    const known = this.known?.get(paragraph);
    if (known !== undefined) return known;
    // mammoth gives every paragraph of one Word list definition the same level object.
    const count = (this.counts.get(list) ?? 0) + 1;
    this.counts.set(list, count);
    return count;
  }
}

function readBodyParagraph(
  paragraph: WordParagraph,
  assembler: DocumentAssembler,
  numbers: ListNumbering,
  document: WordDocument,
): FormatError | null {
  let kind: 'numbered' | 'paragraph' | 'bullet' | 'heading' = 'paragraph';
  let pieces = paragraph.pieces;
  let writtenNumber: number | undefined;
  const style = paragraph.style ?? '';
  const typed = readTypedMarker(pieces);

  if (style === DocxStyle.numbered.name) {
    kind = 'numbered';
    const written = readTypedNumber(pieces, COUNCIL_NUMBER);
    if (written) {
      writtenNumber = written.number;
      pieces = written.pieces;
    } else if (paragraph.numbering?.isOrdered && paragraph.numbering.level === '0') {
      // Numbered by Word, as the Word redline numbers its paragraphs: the number Word shows.
      writtenNumber = numbers.next(paragraph, paragraph.numbering);
    }
  } else if (style === DocxStyle.bullet.name) kind = 'bullet';
  else if (style === DocxStyle.heading.name) kind = 'heading';
  else if (style === DocxStyle.paragraph.name || style === DocxStyle.header.name) kind = 'paragraph';
  else if (paragraph.numbering) {
    if (paragraph.numbering.isOrdered && paragraph.numbering.level === '0') {
      kind = 'numbered';
      writtenNumber = numbers.next(paragraph, paragraph.numbering);
    } else kind = 'bullet';
  } else if (HEADING_STYLE.test(style)) kind = 'heading';
  else if (typed) {
    kind = typed.kind;
    if (typed.kind === 'numbered') writtenNumber = typed.number;
    pieces = typed.pieces;
  } else if (paragraph.bold) kind = 'heading';

  const content = BLOCK_STYLES.has(style) ? flattenInlineKeepingSpaces(pieces) : flattenInline(pieces);
  const problem = assembler.addBlock({
    kind,
    content,
    ...(writtenNumber === undefined ? {} : { writtenNumber }),
  });
  if (problem) return problem;
  for (const mark of content.marks) {
    const endnote = mark.label.startsWith(ENDNOTE_PREFIX);
    const noteType = endnote ? 'endnote' : 'footnote';
    const noteId = endnote ? mark.label.slice(ENDNOTE_PREFIX.length) : mark.label;
    const note = document.notes?.resolve({ type: 'noteReference', noteType, noteId }) ?? null;
    if (note === null) {
      return formatError(
        'bad-docx',
        `the Word document is damaged: ${noteType} ${noteId} is cited but missing`,
      );
    }
    const text = flattenInline(
      collectParagraphs(note.body ?? []).flatMap((p) => [...p.pieces, space()]),
    ).text;
    const defined = assembler.defineFootnote(mark.label, { text, marks: [] });
    if (defined) return defined;
  }
  return null;
}

/** Word numbers footnotes and endnotes separately; endnotes are read as footnotes too. */
function noteLabel(reference: WordElement): string {
  return `${reference.noteType === 'endnote' ? ENDNOTE_PREFIX : ''}${reference.noteId ?? ''}`;
}

function space(): InlinePiece {
  return { type: 'text', value: ' ' };
}

/** Paragraphs in reading order; table cells are read row by row. */
function collectParagraphs(
  elements: readonly WordElement[],
  cell: TableCell | null = null,
  paragraphs: WordParagraph[] = [],
): WordParagraph[] {
  for (const element of elements) {
    if (element.type === 'paragraph') paragraphs.push(readParagraph(element, cell));
    else if (element.type === 'tableRow' && !holdsTable(element)) {
      for (const [column, child] of (element.children ?? []).entries()) {
        collectParagraphs([child], { row: element, column }, paragraphs);
      }
    } else if (element.children) collectParagraphs(element.children, cell, paragraphs);
  }
  return paragraphs;
}

/** True when a table nests inside `element`: its row is then read as loose paragraphs, never as a label row. */
function holdsTable(element: WordElement): boolean {
  return (element.children ?? []).some((child) => child.type === 'table' || holdsTable(child));
}

function readParagraph(element: WordElement, cell: TableCell | null): WordParagraph {
  const pieces: InlinePiece[] = [];
  const lines: HeaderRun[][] = [[]];
  let boldText = false;
  let plainText = false;
  const visit = (node: WordElement, bold: boolean) => {
    switch (node.type) {
      case 'text': {
        const value = node.value ?? '';
        pieces.push({ type: 'text', value });
        lines.at(-1)?.push({ text: value, bold });
        if (!isBlank(value)) {
          if (bold) boldText = true;
          else plainText = true;
        }
        return;
      }
      case 'tab':
        pieces.push({ type: 'text', value: '\t' });
        lines.at(-1)?.push({ text: '\t', bold });
        return;
      case 'break':
        pieces.push({ type: 'text', value: '\n' });
        if (node.breakType === 'line' || node.breakType === undefined) lines.push([]);
        return;
      case 'noteReference':
        pieces.push({ type: 'mark', mark: { label: noteLabel(node) } });
        return;
      case 'run':
        for (const child of node.children ?? []) visit(child, node.isBold === true);
        return;
      default:
        for (const child of node.children ?? []) visit(child, bold);
    }
  };
  for (const child of element.children ?? []) visit(child, false);
  const empty = !boldText && !plainText && !pieces.some((p) => p.type === 'mark');
  return {
    style: element.styleName ?? null,
    numbering: element.numbering ?? null,
    pieces,
    lines,
    bold: boldText && !plainText,
    empty,
    cell,
  };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

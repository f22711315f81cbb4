/**
 * The header block of a Council document, shared by every format: importers turn the top of a file into
 * `HeaderItem`s (paragraphs of lines of bold/plain runs, and separators) and `recogniseHeader` reads the
 * metadata from them; exporters get the layout to write from `layoutHeader`.
 *
 * The layout, as in the register's own documents:
 *
 *   **COUNCIL OF THE EUROPEAN UNION**              the Council's name, first, as the drafting room
 *                                                  shows it; read as no field, in any case
 *   **Brussels, 7 June 2017  (OR. en)**          bare bold lines, before the first separator:
 *   **9916/17**  **LIMITE**  **CYBER 91 …**        place and date, original language, number, marking,
 *   **'I/A' ITEM NOTE**                            codes (one per line), type (all capitals, after a number)
 *   ---
 *   **From:** General Secretariat of the Council   labelled lines: a bold label ending in ":" and a plain
 *   **To:** Permanent Representatives Committee    value; plain lines right after it continue the value
 *   ---                                            (a multi-line subject keeps its line breaks)
 *   **No. prev. doc.:** 7923/2/17 REV 2
 *   ---
 *   **Subject:** Draft Council Conclusions …
 *   - Adoption
 *   ---
 *
 * Word templates lay the labelled lines out as a table instead, a row per label: `readHeaderRow` turns
 * such a row (label cell, value cell) into the labelled line it stands for, and
 * `recogniseHeaderParagraphs` reads the header of a Word or HTML file, tables and all.
 *
 * A bare line that fits no field, a plain line that continues no label, or an unknown label ends the
 * header: that paragraph and everything after it is body. A value that would be misread in bare form
 * (a type before any number, a date without a place) is written with its own label ("Type:", "Date:").
 */
import {
  COUNCIL_NAME_LINE,
  type DocumentMetadata,
  describeWorkingDraft,
  EMPTY_METADATA,
  HEADER_LABELS,
  isWrittenAsDocumentNumber,
} from '@accord/model';
import { isBlank, normalizeSpace } from './inline-text';

export interface HeaderRun {
  readonly text: string;
  readonly bold: boolean;
}

export type HeaderLine = readonly HeaderRun[];

/** What a laid-out paragraph holds, so an exporter can place it (number right, type centred, …). */
export type HeaderRole =
  | 'institution'
  | 'place'
  | 'number'
  | 'draft'
  | 'marking'
  | 'codes'
  | 'type'
  | 'labels';

export interface HeaderLayoutOptions {
  /**
   * The label of the last issued revision ("9916/1/17 REV 1") when the text has changed since: a line
   * under the number says it is a working draft after it (`describeWorkingDraft`), so a reader of an
   * export of the live text can tell it from the issued one. The line is read back as no field.
   * @default undefined (an issued text, or one unchanged since it was issued)
   */
  readonly workingDraftAfter?: string;
}

/**
 * What a file's title (HTML `<title>`, the Word title property) names it by: its number, or for a
 * working draft the header's draft line, so a tab or a file list does not show a draft as the issued
 * revision. null without a number.
 */
export function describeTitleNumber(number: string | null, options: HeaderLayoutOptions = {}): string | null {
  if (options.workingDraftAfter !== undefined) return describeWorkingDraft(options.workingDraftAfter);
  return number;
}

const WORKING_DRAFT = /^working draft after .+, not issued$/i;

export type HeaderItem =
  | { readonly type: 'paragraph'; readonly lines: readonly HeaderLine[]; readonly role?: HeaderRole }
  | { readonly type: 'separator' };

export interface RecognisedHeader {
  readonly metadata: DocumentMetadata;
  /** How many leading items belong to the header (trailing separators included). */
  readonly consumed: number;
}

type TextField = 'place' | 'date' | 'language' | 'number' | 'marking' | 'type' | 'from' | 'to' | 'subject';
type ListField = 'codes' | 'previous';
type Field = TextField | ListField;

/** Label text with everything but letters removed, lower-cased → field: the spellings read, `HEADER_LABELS`' and more. */
const LABEL_KEYS: Readonly<Record<string, Field>> = {
  from: 'from',
  to: 'to',
  noprevdoc: 'previous',
  noprevdocs: 'previous',
  prevdoc: 'previous',
  prevdocs: 'previous',
  previousdocuments: 'previous',
  subject: 'subject',
  place: 'place',
  date: 'date',
  language: 'language',
  number: 'number',
  documentnumber: 'number',
  marking: 'marking',
  codes: 'codes',
  type: 'type',
};

/** Distribution markings written under the document number. */
export const HEADER_MARKINGS = [
  'LIMITE',
  'RESTREINT UE/EU RESTRICTED',
  'CONFIDENTIEL UE/EU CONFIDENTIAL',
  'SECRET UE/EU SECRET',
  'TRÈS SECRET UE/EU TOP SECRET',
] as const;

const DATE = String.raw`\d{1,2}\.?\s+\p{L}+\.?\s+\d{4}`;
const PLACE_DATE = new RegExp(String.raw`^(.+?),\s*(${DATE})$`, 'u');
const PLACE_DATE_LANGUAGE = new RegExp(String.raw`^(.+?),\s*(${DATE})\s*\(\s*OR\.?\s*([^()]+?)\s*\)$`, 'u');
const LANGUAGE = /^\(\s*OR\.?\s*([^()]+?)\s*\)$/;
const CODE = /^[A-Z][A-Z0-9]*(?:[/-][A-Z][A-Z0-9]*)* \d{1,5}$/;
const TYPE = /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u;
const LABEL = /^(.{1,40}?)\s*:$/s;
const LIST_SEPARATOR = /\s*[,;]\s*/;

interface Draft {
  fields: Record<TextField, string | null>;
  codes: string[];
  previous: string[];
  seenLabel: boolean;
  /** Whether a line has been read: the Council's name is only ever the first. */
  seenLine: boolean;
}

export function recogniseHeader(items: readonly HeaderItem[]): RecognisedHeader {
  let draft: Draft = {
    fields: {
      place: null,
      date: null,
      language: null,
      number: null,
      marking: null,
      type: null,
      from: null,
      to: null,
      subject: null,
    },
    codes: [],
    previous: [],
    seenLabel: false,
    seenLine: false,
  };
  let seenSeparator = false;
  let recognisedAny = false;
  let consumed = 0;
  for (const [index, item] of items.entries()) {
    if (item.type === 'separator') {
      seenSeparator = true;
      if (recognisedAny) consumed = index + 1;
      continue;
    }
    const next = readParagraph(draft, item.lines, seenSeparator);
    if (next === null) break;
    draft = next;
    recognisedAny = true;
    consumed = index + 1;
  }
  if (!recognisedAny) return { metadata: EMPTY_METADATA, consumed: 0 };
  return {
    metadata: { ...EMPTY_METADATA, ...draft.fields, codes: draft.codes, previous: draft.previous },
    consumed,
  };
}

/** Reads one paragraph into a copy of the draft; null when any line does not belong to a header. */
function readParagraph(current: Draft, lines: readonly HeaderLine[], seenSeparator: boolean): Draft | null {
  const draft: Draft = {
    fields: { ...current.fields },
    codes: [...current.codes],
    previous: [...current.previous],
    seenLabel: current.seenLabel,
    seenLine: current.seenLine,
  };
  let openLabel: Field | null = null;
  let readAnything = false;
  for (const line of lines) {
    const runs = mergeRuns(line);
    const text = normalizeSpace(runs.map((r) => r.text).join(''));
    if (text === '') continue;
    readAnything = true;
    const first = runs[0];
    const label = first?.bold ? normalizeSpace(first.text) : null;
    if (label !== null && LABEL.test(label)) {
      const field = readLabel(label);
      if (field === null || !isEmpty(draft, field)) return null;
      const value = normalizeSpace(
        runs
          .slice(1)
          .map((r) => r.text)
          .join(''),
      );
      setField(draft, field, value, false);
      openLabel = field;
      draft.seenLabel = true;
    } else if (runs.every((r) => !r.bold || isBlank(r.text))) {
      if (openLabel === null) return null;
      setField(draft, openLabel, text, true);
    } else if (runs.every((r) => r.bold || isBlank(r.text))) {
      if (draft.seenLabel || seenSeparator || !readBareLine(draft, text)) return null;
      openLabel = null;
    } else {
      return null;
    }
    draft.seenLine = true;
  }
  return readAnything ? draft : null;
}

/** The field a label ("From:", "No. prev. doc.:" …) names; null for any other text. */
function readLabel(text: string): Field | null {
  const match = LABEL.exec(normalizeSpace(text));
  if (match === null) return null;
  return LABEL_KEYS[(match[1] ?? '').toLowerCase().replace(/[^a-z]/g, '')] ?? null;
}

/**
 * A row of a header table as the labelled line it stands for. The GSC's Word templates (and HTML saved
 * from them) lay From / To / No. prev. doc. / Subject out as table rows of a label cell and a value
 * cell; the table, not bold type, says which is which, so the label is read as bold and the value as
 * plain, and the value's further lines continue it. Null when the row's first cell with text is not
 * one label this recogniser reads: the row is then read as the paragraphs it holds.
 */
export function readHeaderRow(cells: readonly (readonly HeaderLine[])[]): HeaderItem | null {
  const filled = cells
    .map((cell) =>
      cell.map((line) => normalizeSpace(line.map((run) => run.text).join(''))).filter((t) => t !== ''),
    )
    .filter((lines) => lines.length > 0);
  const [labelCell, ...valueCells] = filled;
  if (labelCell === undefined) return null;
  const label = labelCell.join(' ');
  if (readLabel(label) === null) return null;
  const [first = '', ...rest] = valueCells.flat();
  return {
    type: 'paragraph',
    lines: [
      [
        { text: label, bold: true },
        { text: first === '' ? '' : ` ${first}`, bold: false },
      ],
      ...rest.map((text): HeaderLine => [{ text, bold: false }]),
    ],
  };
}

/** Where a paragraph sits in a table, as an importer records it. */
export interface TableCell {
  /** The row, as the importer's own tree has it: the same object for every paragraph of one row. */
  readonly row: object;
  readonly column: number;
}

export interface CellParagraph {
  readonly cell: TableCell | null;
  readonly lines: readonly HeaderLine[];
}

/** What an importer makes of a leading paragraph: a header item, spacing to pass over, or body. */
export type HeaderParagraph = HeaderItem | 'skip' | 'end';

/**
 * The header of a file read as paragraphs that may sit in table cells (Word, HTML), and the index of
 * the first body paragraph. A table row of a label cell and a value cell (the GSC's templates lay
 * From / To / Subject out so) is one labelled line (`readHeaderRow`), tried once per row, for the
 * paragraphs whose `tableCell` is not null; any other paragraph is what `readParagraph` makes of it.
 */
export function recogniseHeaderParagraphs<P extends CellParagraph>(
  paragraphs: readonly P[],
  readParagraph: (paragraph: P) => HeaderParagraph,
  tableCell: (paragraph: P) => TableCell | null = (paragraph) => paragraph.cell,
): { readonly metadata: DocumentMetadata; readonly bodyStart: number } {
  const items: HeaderItem[] = [];
  // After how many paragraphs each item ends.
  const itemEnds: number[] = [];
  const rowsRead = new Set<object>();
  for (let index = 0; index < paragraphs.length; index++) {
    const paragraph = paragraphs[index] as P;
    const cell = tableCell(paragraph);
    const row = cell === null || rowsRead.has(cell.row) ? null : readHeaderRowAt(paragraphs, index);
    if (cell !== null) rowsRead.add(cell.row);
    if (row !== null) {
      items.push(row.item);
      index = row.end - 1;
    } else {
      const read = readParagraph(paragraph);
      if (read === 'end') break;
      if (read === 'skip') continue;
      items.push(read);
    }
    itemEnds.push(index + 1);
  }
  const { metadata, consumed } = recogniseHeader(items);
  return { metadata, bodyStart: consumed === 0 ? 0 : (itemEnds[consumed - 1] ?? 0) };
}

/**
 * `readHeaderRow` for the table row whose first paragraph is `paragraphs[start]`, with the index after
 * the row's last paragraph; null when the paragraph is in no table or its row is no labelled line.
 */
function readHeaderRowAt(
  paragraphs: readonly CellParagraph[],
  start: number,
): { readonly item: HeaderItem; readonly end: number } | null {
  const row = paragraphs[start]?.cell?.row;
  if (row === undefined) return null;
  const cells: HeaderLine[][] = [];
  let end = start;
  for (; end < paragraphs.length; end++) {
    const paragraph = paragraphs[end];
    const cell = paragraph?.cell;
    if (!paragraph || !cell || cell.row !== row) break;
    cells[cell.column] = [...(cells[cell.column] ?? []), ...paragraph.lines];
  }
  const item = readHeaderRow(Array.from(cells, (lines) => lines ?? []));
  return item === null ? null : { item, end };
}

/** The Council's name in capitals, as the header's first line is written. */

function readBareLine(draft: Draft, text: string): boolean {
  // The Council's name opens a header; anywhere else it is no field, not even a type in capitals.
  if (text.toUpperCase() === COUNCIL_NAME_LINE) return !draft.seenLine;
  // An export's mark of a working draft: what the text is, not a field of it (not a type in capitals).
  if (WORKING_DRAFT.test(text)) return true;
  const f = draft.fields;
  const withLanguage = PLACE_DATE_LANGUAGE.exec(text);
  const placeDate = withLanguage ?? PLACE_DATE.exec(text);
  if (placeDate && f.place === null && f.date === null && (withLanguage === null || f.language === null)) {
    f.place = placeDate[1] ?? null;
    f.date = placeDate[2] ?? null;
    if (withLanguage) f.language = withLanguage[3] ?? null;
    return true;
  }
  const language = LANGUAGE.exec(text);
  if (language && f.language === null) {
    f.language = language[1] ?? null;
    return true;
  }
  if (f.marking === null && (HEADER_MARKINGS as readonly string[]).includes(text.toUpperCase())) {
    f.marking = text;
    return true;
  }
  // A number written wrong is still the number: read as no field, it took the header into the text.
  if (f.number === null && isWrittenAsDocumentNumber(text)) {
    f.number = text;
    return true;
  }
  if (CODE.test(text)) {
    draft.codes.push(text);
    return true;
  }
  if (f.type === null && f.number !== null && TYPE.test(text)) {
    f.type = text;
    return true;
  }
  return false;
}

function isEmpty(draft: Draft, field: Field): boolean {
  if (field === 'codes' || field === 'previous') return draft[field].length === 0;
  return draft.fields[field] === null;
}

function setField(draft: Draft, field: Field, value: string, continued: boolean): void {
  if (field === 'codes' || field === 'previous') {
    draft[field].push(...value.split(LIST_SEPARATOR).filter((v) => v !== ''));
    return;
  }
  const before = draft.fields[field];
  draft.fields[field] = continued && before !== null && before !== '' ? `${before}\n${value}` : value;
}

function mergeRuns(line: HeaderLine): HeaderRun[] {
  const merged: HeaderRun[] = [];
  for (const run of line) {
    if (run.text === '') continue;
    const last = merged.at(-1);
    if (last && last.bold === run.bold)
      merged[merged.length - 1] = { text: last.text + run.text, bold: run.bold };
    else merged.push(run);
  }
  // Whitespace before a label is not content: "  **From:**" still opens with the label.
  while (merged.length > 1 && isBlank(merged[0]?.text ?? '')) merged.shift();
  return merged;
}

type BareField = 'placeDate' | 'language' | 'number' | 'marking' | 'codes' | 'type';
const BARE_FIELDS: readonly BareField[] = ['placeDate', 'language', 'number', 'marking', 'codes', 'type'];

/**
 * The header items to write for `metadata`: the register's bare layout wherever it reads back as the
 * same field, a labelled line wherever it would not.
 */
export function layoutHeader(metadata: DocumentMetadata, options: HeaderLayoutOptions = {}): HeaderItem[] {
  const labelled = new Set<BareField>();
  for (let attempt = 0; attempt <= BARE_FIELDS.length; attempt++) {
    const items = buildLayout(metadata, labelled, options);
    const read = recogniseHeader(items).metadata;
    const wrong = BARE_FIELDS.filter((f) => !labelled.has(f) && !sameBareField(metadata, read, f));
    if (wrong.length === 0) return items;
    for (const f of wrong) labelled.add(f);
  }
  return buildLayout(metadata, new Set(BARE_FIELDS), options);
}

function sameBareField(a: DocumentMetadata, b: DocumentMetadata, field: BareField): boolean {
  switch (field) {
    case 'placeDate':
      return a.place === b.place && a.date === b.date;
    case 'codes':
      return a.codes.length === b.codes.length && a.codes.every((c, i) => c === b.codes[i]);
    default:
      return a[field] === b[field];
  }
}

function buildLayout(
  m: DocumentMetadata,
  labelled: ReadonlySet<BareField>,
  options: HeaderLayoutOptions,
): HeaderItem[] {
  const bare = (field: BareField) => !labelled.has(field);
  const boldLine = (text: string): HeaderLine => [{ text, bold: true }];
  const top: { lines: HeaderLine[]; role: HeaderRole }[] = [];
  const fallback: HeaderLine[] = [];
  const placeDateBare = bare('placeDate') && m.place !== null && m.date !== null;

  const first: HeaderLine[] = [];
  if (placeDateBare) first.push(boldLine(`${m.place}, ${m.date}`));
  if (m.language !== null && bare('language')) first.push(boldLine(`(OR. ${m.language})`));
  if (first.length > 0) top.push({ lines: first, role: 'place' });
  if (m.number !== null && bare('number')) top.push({ lines: [boldLine(m.number)], role: 'number' });
  if (options.workingDraftAfter !== undefined)
    top.push({ lines: [boldLine(describeWorkingDraft(options.workingDraftAfter))], role: 'draft' });
  if (m.marking !== null && bare('marking')) top.push({ lines: [boldLine(m.marking)], role: 'marking' });
  if (m.codes.length > 0 && bare('codes')) top.push({ lines: m.codes.map(boldLine), role: 'codes' });
  if (m.type !== null && bare('type')) top.push({ lines: [boldLine(m.type)], role: 'type' });

  if (!placeDateBare) {
    if (m.place !== null) fallback.push(...labelledLines('place', m.place));
    if (m.date !== null) fallback.push(...labelledLines('date', m.date));
  }
  if (m.language !== null && !bare('language')) fallback.push(...labelledLines('language', m.language));
  if (m.number !== null && !bare('number')) fallback.push(...labelledLines('number', m.number));
  if (m.marking !== null && !bare('marking')) fallback.push(...labelledLines('marking', m.marking));
  if (m.codes.length > 0 && !bare('codes')) fallback.push(...labelledLines('codes', m.codes.join('\n')));
  if (m.type !== null && !bare('type')) fallback.push(...labelledLines('type', m.type));

  const fromTo = [
    ...(m.from === null ? [] : labelledLines('from', m.from)),
    ...(m.to === null ? [] : labelledLines('to', m.to)),
  ];
  const labels = (lines: HeaderLine[]) => (lines.length > 0 ? [{ lines, role: 'labels' as const }] : []);
  const sections = [
    top,
    labels(fallback),
    labels(fromTo),
    labels(m.previous.length > 0 ? labelledLines('previous', m.previous.join(', ')) : []),
    labels(m.subject === null ? [] : labelledLines('subject', m.subject)),
  ];
  // The Council's name heads a header, as in the drafting room; a text without one has none to head.
  if (sections.every((paragraphs) => paragraphs.length === 0)) return [];
  top.unshift({ lines: [boldLine(COUNCIL_NAME_LINE)], role: 'institution' });
  const items: HeaderItem[] = [];
  for (const paragraphs of sections) {
    if (paragraphs.length === 0) continue;
    for (const { lines, role } of paragraphs) items.push({ type: 'paragraph', lines, role });
    items.push({ type: 'separator' });
  }
  return items;
}

function labelledLines(field: Field, value: string): HeaderLine[] {
  const [first = '', ...rest] = value.split('\n');
  return [
    [
      { text: HEADER_LABELS[field], bold: true },
      { text: first === '' ? '' : ` ${first}`, bold: false },
    ],
    ...rest.map((line): HeaderLine => [{ text: line, bold: false }]),
  ];
}

/** True when a header-less document's first bold line would be read as a header line. */
export function looksLikeHeaderLine(text: string): boolean {
  return recogniseHeader([{ type: 'paragraph', lines: [[{ text, bold: true }]] }]).consumed > 0;
}

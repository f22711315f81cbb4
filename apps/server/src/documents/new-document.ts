import {
  type Block,
  type CouncilDocument,
  type DocumentNumber,
  EMPTY_METADATA,
  err,
  findCorrectedRevision,
  formatDocumentNumber,
  formatRevisionLabel,
  isBlank,
  isWrittenAsDocumentNumber,
  normalizeDocument,
  ok,
  parseDocumentNumber,
  type Result,
  withFreshIds,
} from '@accord/model';

export const MAX_TITLE_LENGTH = 500;

export type NewDocumentInput =
  /** A document already read from Markdown or an uploaded file (`read-upload.ts`), named by its field. */
  | { readonly type: 'imported'; readonly council: CouncilDocument; readonly field: 'markdown' | 'file' }
  | { readonly type: 'blank'; readonly number: string; readonly title: string }
  /**
   * A corrigendum, started from the text it corrects as issued (see `selectCorrectedRevision`);
   * without a title, that text's.
   */
  | {
      readonly type: 'corrigendum';
      readonly number: string;
      readonly title: string | undefined;
      readonly corrected: CorrectedText;
      /** The day it is made, as the header writes it ("12 June 2017"). */
      readonly date: string;
    };

/** The text a corrigendum corrects: the issued revision its number names. */
export interface CorrectedText {
  readonly id: string;
  readonly title: string;
  /** The revision's register label ("9916/1/17 REV 1"). */
  readonly label: string;
  /** The revision's text, header included. */
  readonly content: CouncilDocument;
}

/** A document a corrigendum is asked to correct: its register number and latest issued revision. */
export interface CorrectableDocument {
  readonly title: string;
  readonly number: string | null;
  readonly revision: number;
}

/**
 * The revision of `document` a corrigendum numbered `number` corrects, the one its number names:
 * "9916/17 COR 1" the original as issued, "9916/1/17 REV 1 COR 1" REV 1. A COR of a revision the text
 * never had, or of another document, is refused naming the numbers that would do.
 */
export function selectCorrectedRevision(
  number: string,
  document: CorrectableDocument,
): Result<number, NewDocumentError> {
  const base = document.number === null ? null : parseDocumentNumber(document.number);
  if (base === null || !base.ok) {
    return err({
      code: 'invalid-number',
      message: `from: "${document.title}" has no register number a corrigendum could correct`,
    });
  }
  const next = nextCorrigendum(base.value);
  if (next !== null) {
    // The register names COR once: "9916/17 COR 1 COR 1" is no number.
    return err({
      code: 'invalid-number',
      message: `from: ${document.number} is itself a corrigendum: a further correction is the next COR of the text it corrects, "${formatDocumentNumber(next)}", started from that text`,
    });
  }
  const wanted = parseDocumentNumber(number);
  if (!wanted.ok) return err({ code: 'invalid-number', message: `number: ${wanted.error.message}` });
  // A bare "COR 1" corrects nothing (findCorrectedRevision): refused with the numbers that would do.
  const rev = findCorrectedRevision(wanted.value, base.value, document.revision);
  if (rev !== null) return ok(rev);
  return err({
    code: 'invalid-number',
    message: `number: "${number}" corrects no revision ${document.number} has had: a corrigendum of it is numbered ${describeCorrigendumNumbers(document.number, document.revision)}, after the revision it corrects (COR 2 for a second)`,
  });
}

/** Beyond this many revisions, a refusal names the first COR numbers and the last, not every one. */
const MAX_LISTED_CORRIGENDUM_NUMBERS = 3;

/**
 * The first corrigendum's number of each revision `number` has had (REV 0 to `revision`): all of them
 * for a few, else the first two and the last, so a text revised ten times is not answered ten numbers.
 */
function describeCorrigendumNumbers(number: string | null, revision: number): string {
  const numberOf = (rev: number) => `"${formatRevisionLabel(number, rev)} COR 1"`;
  if (revision < MAX_LISTED_CORRIGENDUM_NUMBERS) {
    return Array.from({ length: revision + 1 }, (_, rev) => numberOf(rev)).join(' or ');
  }
  return `${numberOf(0)} for the text as first issued, ${numberOf(1)} for REV 1, and so on to ${numberOf(revision)}`;
}

/** For a corrigendum's number, the next COR of the text it corrects ("9916/17 COR 1" → COR 2); else null. */
function nextCorrigendum(id: DocumentNumber): DocumentNumber | null {
  for (let at = id.suffixes.length - 1; at >= 0; at--) {
    const suffix = id.suffixes[at];
    if (suffix?.kind === 'COR') {
      return { ...id, suffixes: [...id.suffixes.slice(0, at), { kind: 'COR', n: suffix.n + 1 }] };
    }
  }
  return null;
}

export interface NewDocument {
  readonly council: CouncilDocument;
  readonly number: string | null;
  readonly title: string;
}

export interface NewDocumentError {
  readonly code: 'invalid-number' | 'invalid-title';
  /** Names the field. */
  readonly message: string;
}

/**
 * The content a new document starts with: an imported Council document, or a blank one with its number
 * and title (the subject) and one empty numbered paragraph to type into.
 */
export function buildNewDocument(
  input: NewDocumentInput,
  newId: () => string,
): Result<NewDocument, NewDocumentError> {
  if (input.type === 'imported') {
    const refused = refuseMiswrittenNumber(input.council.metadata.number, input.field);
    if (refused !== null) return err({ code: 'invalid-number', message: refused });
    return ok(fromImport(input.council, newId));
  }
  const number = readNewDocumentNumber(input.number);
  if (!number.ok) return number;
  const title = readTitle(
    input.type === 'corrigendum' ? (input.title ?? input.corrected.title) : input.title,
  );
  if (!title.ok) return title;
  if (input.type === 'corrigendum') return ok(startCorrigendum(number.value, title.value, input, newId));
  return ok({
    council: normalizeDocument({
      metadata: { ...EMPTY_METADATA, number: number.value, subject: title.value },
      blocks: [emptyParagraph(newId)],
      footnotes: [],
    }),
    number: number.value,
    title: title.value,
  });
}

function readTitle(input: string): Result<string, NewDocumentError> {
  const title = input.trim();
  if (isBlank(title)) return err({ code: 'invalid-title', message: 'title: must not be empty' });
  if (title.length > MAX_TITLE_LENGTH) {
    return err({ code: 'invalid-title', message: `title: at most ${MAX_TITLE_LENGTH} characters` });
  }
  return ok(title);
}

/**
 * The corrected revision's text, header and footnotes included, under the corrigendum's number and
 * dated the day it is made (a COR is issued on its own day, as the register dates it), with ids of its
 * own (positions and comments are on the corrected text's paragraphs, not on these).
 */
function startCorrigendum(
  number: string,
  title: string,
  { corrected, date }: { readonly corrected: CorrectedText; readonly date: string },
  newId: () => string,
): NewDocument {
  const council = withFreshIds(corrected.content, newId);
  return {
    council: normalizeDocument({ ...council, metadata: { ...council.metadata, number, date } }),
    number,
    title,
  };
}

/** A new document's register number, as the register formats it; a bare suffix ("ADD 1") names none. */
export function readNewDocumentNumber(input: string): Result<string, NewDocumentError> {
  const number = parseDocumentNumber(input);
  if (!number.ok) return err({ code: 'invalid-number', message: `number: ${number.error.message}` });
  if (number.value.style === 'suffix') {
    return err({
      code: 'invalid-number',
      message: `number: "${input.trim()}" names no document (write e.g. "9916/17 ${formatDocumentNumber(number.value)}")`,
    });
  }
  return ok(formatDocumentNumber(number.value));
}

/**
 * Why a file's header number written wrong ("9916/17 REV 1") is refused, the file named by `field`: it
 * names no document to register or compare, nor the revision edited. Null for a number the register
 * reads, none, or text that is no number ("Draft 3"), which an import keeps as written.
 */
export function refuseMiswrittenNumber(number: string | null, field: string): string | null {
  if (number === null || !isWrittenAsDocumentNumber(number)) return null;
  const parsed = parseDocumentNumber(number);
  if (parsed.ok) return null;
  return `${field}: the number in its header, ${parsed.error.input.trim()}, is not one the register reads: ${parsed.error.message}`;
}

function fromImport(council: CouncilDocument, newId: () => string): NewDocument {
  const blocks = council.blocks.length > 0 ? council.blocks : [emptyParagraph(newId)];
  return {
    council: normalizeDocument({ ...council, blocks }),
    number: council.metadata.number,
    title: deriveTitle(council),
  };
}

function emptyParagraph(newId: () => string): Block {
  return { id: newId(), kind: 'numbered', number: null, text: '' };
}

/** The subject's first line (a subject often ends with a line such as "- Adoption"), else the first heading. */
export function deriveTitle(council: CouncilDocument): string {
  const subject = council.metadata.subject?.split('\n')[0]?.trim();
  if (subject) return subject.slice(0, MAX_TITLE_LENGTH);
  const heading = council.blocks.find((b) => b.kind === 'heading' && b.text.trim() !== '');
  if (heading) return heading.text.trim().slice(0, MAX_TITLE_LENGTH);
  return council.metadata.number ?? 'Untitled document';
}

import { err, ok, type Result } from './result';

/**
 * Council document identifiers as the register writes them:
 *
 *   short      9916/17 · 7923/2/17 REV 2 · 9916/17 ADD 1 · 9916/17 ADD 1 REV 1 · 7923/1/17 REV 1 ADD 1 REV 1
 *   register   ST 9916 2017 INIT · ST 7923 2017 REV 2
 *   working    WK 2569/2017 INIT · WK 6162/2017 REV 1
 *   suffix     COR 1 · ADD 1 · ADD 1 REV 1 · ADD 1 COR 1   (relative to a document named elsewhere)
 *
 * Suffixes are kept in the order written: "ADD 1 REV 1" (a revision of addendum 1) is not
 * "REV 1 ADD 1" (an addendum to revision 1). In the short form a leading REV n repeats n inside the
 * number ("7923/2/17 REV 2"), and only then.
 */

export type DocumentSeries = 'ST' | 'WK';
export type SuffixKind = 'REV' | 'ADD' | 'COR';
export type DocumentNumberStyle = 'short' | 'register' | 'working' | 'suffix';

export interface DocumentSuffix {
  readonly kind: SuffixKind;
  readonly n: number;
}

export interface DocumentNumber {
  readonly style: DocumentNumberStyle;
  /** Null for a bare suffix such as "ADD 1". */
  readonly number: number | null;
  /** Four-digit year; null for a bare suffix. */
  readonly year: number | null;
  readonly suffixes: readonly DocumentSuffix[];
}

export type DocumentNumberErrorCode =
  | 'empty'
  | 'too-long'
  | 'syntax'
  | 'bad-number'
  | 'bad-year'
  | 'bad-suffix'
  | 'duplicate-suffix'
  | 'revision-mismatch'
  | 'missing-revision';

export interface DocumentNumberError {
  readonly code: DocumentNumberErrorCode;
  readonly message: string;
  readonly input: string;
}

export const MAX_DOCUMENT_NUMBER_LENGTH = 80;
const MAX_DOCUMENT_SEQUENCE = 999_999;
const MAX_SUFFIX_NUMBER = 999;

const SHORT = /^(\d+)\/(?:(\d+)\/)?(\d+)((?: [A-Z]+(?: \d+)?)*)$/;
const REGISTER = /^ST (\d+) (\d+)((?: [A-Z]+(?: \d+)?)*)$/;
const WORKING = /^WK (\d+)\/(\d+)((?: [A-Z]+(?: \d+)?)*)$/;
const SUFFIX_ONLY = /^((?:ADD|COR|REV)(?: \d+)?(?: [A-Z]+(?: \d+)?)*)$/;

export function parseDocumentNumber(input: string): Result<DocumentNumber, DocumentNumberError> {
  const fail = (code: DocumentNumberErrorCode, message: string) => err({ code, message, input });
  if (input.length > MAX_DOCUMENT_NUMBER_LENGTH) {
    return fail('too-long', `a document number has at most ${MAX_DOCUMENT_NUMBER_LENGTH} characters`);
  }
  const text = input.trim().replace(/\s+/g, ' ').toUpperCase();
  if (text === '') return fail('empty', 'the document number is empty');

  let match = SHORT.exec(text);
  if (match) {
    const [, num, inner, yy, rest] = match as unknown as [string, string, string | undefined, string, string];
    if (yy.length !== 2)
      return fail('bad-year', `"${yy}" is not a two-digit year (write 9916/17, not 9916/2017)`);
    const suffixes = parseSuffixes(rest, fail, false);
    if (!suffixes.ok) return suffixes;
    const first = suffixes.value[0];
    if (inner !== undefined) {
      if (first?.kind !== 'REV') {
        return fail(
          'missing-revision',
          `"${num}/${inner}/${yy}" names revision ${inner} but no "REV ${inner}" follows`,
        );
      }
      if (Number(inner) !== first.n) {
        return fail(
          'revision-mismatch',
          `the revision inside the number (${inner}) does not match "REV ${first.n}"`,
        );
      }
    } else if (first?.kind === 'REV') {
      // The number as meant, whole: "7923/17 REV 1 COR 1" is 7923/1/17 REV 1 COR 1, not REV 1.
      const meant = `${num}/${first.n}/${yy}${formatSuffixes(suffixes.value)}`;
      return fail(
        'missing-revision',
        `a revision repeats its number inside the document number: write ${meant}`,
      );
    }
    return build('short', num, expandYear(Number(yy)), suffixes.value, fail);
  }

  match = REGISTER.exec(text);
  if (match) {
    const [, num, yyyy, rest] = match as unknown as [string, string, string, string];
    if (yyyy.length !== 4)
      return fail('bad-year', `"${yyyy}" is not a four-digit year (the register writes ST 9916 2017)`);
    const suffixes = parseSuffixes(rest, fail, true);
    if (!suffixes.ok) return suffixes;
    return build('register', num, Number(yyyy), suffixes.value, fail);
  }

  match = WORKING.exec(text);
  if (match) {
    const [, num, yyyy, rest] = match as unknown as [string, string, string, string];
    if (yyyy.length !== 4)
      return fail('bad-year', `"${yyyy}" is not a four-digit year (working documents write WK 6162/2017)`);
    const suffixes = parseSuffixes(rest, fail, true);
    if (!suffixes.ok) return suffixes;
    return build('working', num, Number(yyyy), suffixes.value, fail);
  }

  match = SUFFIX_ONLY.exec(text);
  if (match) {
    const suffixes = parseSuffixes(` ${match[1]}`, fail, false);
    if (!suffixes.ok) return suffixes;
    return ok({ style: 'suffix', number: null, year: null, suffixes: suffixes.value });
  }

  if (/^(ST|WK)\b/.test(text)) {
    return fail(
      'syntax',
      `"${input.trim()}" is not a register number (expected e.g. "ST 9916 2017 INIT" or "WK 6162/2017 REV 1")`,
    );
  }
  return fail(
    'syntax',
    `"${input.trim()}" is not a Council document number (expected e.g. "9916/17" or "7923/2/17 REV 2")`,
  );
}

/** Refusals of what has a number's shape but not a number's sense ("7923/17 REV 2", "9916/2017"). */
const MISWRITTEN: ReadonlySet<DocumentNumberErrorCode> = new Set([
  'bad-number',
  'bad-year',
  'bad-suffix',
  'duplicate-suffix',
  'revision-mismatch',
  'missing-revision',
]);
const NUMBER_WORD = /^(?:\d+(?:\/\d+)*|REV|ADD|COR|INIT)$/;

/**
 * Whether `input` is written as a document number, read or not: one `parseDocumentNumber` reads (not a
 * bare suffix), or one it refuses for its sense alone ("7923/17 REV 2", "9916/2017", "ST 9916 17
 * INIT"), every word of it the register's. Where a header's number stands, such a line is the number
 * as typed, to be refused as one, not text ("2017/18 PRIORITIES" is text).
 */
export function isWrittenAsDocumentNumber(input: string): boolean {
  const parsed = parseDocumentNumber(input);
  if (parsed.ok) return parsed.value.style !== 'suffix';
  if (!MISWRITTEN.has(parsed.error.code)) return false;
  const words = input.trim().replace(/\s+/g, ' ').toUpperCase().split(' ');
  const [first] = words;
  return (first === 'ST' || first === 'WK' ? words.slice(1) : words).every((word) => NUMBER_WORD.test(word));
}

type Fail = (code: DocumentNumberErrorCode, message: string) => Result<never, DocumentNumberError>;

function parseSuffixes(
  rest: string,
  fail: Fail,
  allowInit: boolean,
): Result<DocumentSuffix[], DocumentNumberError> {
  const words = rest.trim() === '' ? [] : rest.trim().split(' ');
  const suffixes: DocumentSuffix[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === 'INIT') {
      if (!allowInit)
        return fail(
          'bad-suffix',
          'INIT belongs to the register forms ("ST 9916 2017 INIT"), not to "9916/17"',
        );
      if (i !== 0 || words.length > 1)
        return fail('bad-suffix', 'INIT stands alone: the original has no REV, ADD or COR');
      continue;
    }
    if (word !== 'REV' && word !== 'ADD' && word !== 'COR') {
      return fail('bad-suffix', `"${word}" is not a document suffix (REV, ADD or COR)`);
    }
    const next = words[i + 1];
    if (next === undefined || !/^\d+$/.test(next)) {
      return fail('bad-suffix', `"${word}" must be followed by its number, e.g. "${word} 1"`);
    }
    const n = Number(next);
    if (n < 1 || n > MAX_SUFFIX_NUMBER)
      return fail('bad-suffix', `"${word} ${next}": the number must be between 1 and ${MAX_SUFFIX_NUMBER}`);
    // A REV revises the document named just before it, so a revision of an addendum to a revision
    // ("7923/1/17 REV 1 ADD 1 REV 1") names REV twice; anything else is named once.
    const again = word === 'REV' ? suffixes.at(-1)?.kind === 'REV' : suffixes.some((s) => s.kind === word);
    if (again) return fail('duplicate-suffix', `"${word}" appears twice`);
    suffixes.push({ kind: word, n });
    i++;
  }
  return ok(suffixes);
}

function build(
  style: DocumentNumberStyle,
  num: string,
  year: number,
  suffixes: DocumentSuffix[],
  fail: Fail,
): Result<DocumentNumber, DocumentNumberError> {
  const number = Number(num);
  if (number < 1 || number > MAX_DOCUMENT_SEQUENCE || /^0/.test(num)) {
    return fail(
      'bad-number',
      `"${num}" is not a document sequence number (1 to ${MAX_DOCUMENT_SEQUENCE}, no leading zero)`,
    );
  }
  if (year < 1950 || year > 2099) return fail('bad-year', `${year} is not a plausible year`);
  return ok({ style, number, year, suffixes });
}

/** Two-digit years: the register numbering began in the 1990s, so 50–99 are 19xx and the rest 20xx. */
function expandYear(yy: number): number {
  return yy >= 50 ? 1900 + yy : 2000 + yy;
}

function formatSuffixes(suffixes: readonly DocumentSuffix[]): string {
  return suffixes.map((s) => ` ${s.kind} ${s.n}`).join('');
}

export function formatDocumentNumber(id: DocumentNumber): string {
  const suffixes = formatSuffixes(id.suffixes);
  switch (id.style) {
    case 'suffix':
      return suffixes.trim();
    case 'short': {
      const yy = String((id.year ?? 0) % 100).padStart(2, '0');
      const first = id.suffixes[0];
      const inner = first?.kind === 'REV' ? `${first.n}/` : '';
      return `${id.number}/${inner}${yy}${suffixes}`;
    }
    case 'register':
      return `ST ${id.number} ${id.year}${suffixes || ' INIT'}`;
    case 'working':
      return `WK ${id.number}/${id.year}${suffixes || ' INIT'}`;
  }
}

/** The identifier the next revision of this document carries: the last-named document gets REV n+1. */
export function nextRevision(id: DocumentNumber): DocumentNumber {
  const last = id.suffixes.at(-1);
  const suffixes =
    last?.kind === 'REV'
      ? [...id.suffixes.slice(0, -1), { kind: 'REV' as const, n: last.n + 1 }]
      : [...id.suffixes, { kind: 'REV' as const, n: 1 }];
  return { ...id, suffixes };
}

/** Which revision of its document a number names: n for a trailing "REV n", else 0 (as created). */
export function readRevisionNumber(id: DocumentNumber): number {
  const last = id.suffixes.at(-1);
  return last?.kind === 'REV' ? last.n : 0;
}

/** The register label of revision `rev` (0 = as created) of a document created as `base`. */
export function labelRevision(base: DocumentNumber, rev: number): DocumentNumber {
  let id = base;
  for (let i = 0; i < rev; i++) id = nextRevision(id);
  return id;
}

/**
 * The register entry a number names, whatever revision of it and however written: its series, sequence
 * number and year, and the addenda and corrigenda it names, less the revision of the document named
 * last. "9916/17", "ST 9916 2017 INIT" and "9916/2/17 REV 2" are all "ST 9916 2017"; "9916/17 ADD 1"
 * and "9916/17 ADD 1 REV 1" are "ST 9916 2017 ADD 1", another document; "WK 6162/2017 REV 1" is
 * "WK 6162/2017". A REV that something follows is kept: "7923/1/17 REV 1 ADD 1", an addendum to
 * revision 1, is not "7923/17 ADD 1", an addendum to the original (the register lists both).
 */
export function formatRegisterIdentity(id: DocumentNumber): string {
  const last = id.suffixes.at(-1);
  const suffixes = formatSuffixes(last?.kind === 'REV' ? id.suffixes.slice(0, -1) : id.suffixes);
  switch (id.style) {
    case 'suffix':
      return suffixes.trim();
    case 'short':
    case 'register':
      return `ST ${id.number} ${id.year}${suffixes}`;
    case 'working':
      return `WK ${id.number}/${id.year}${suffixes}`;
  }
}

/**
 * The register identity (`formatRegisterIdentity`) of a number as written, e.g. in a document's header:
 * null when there is none (null or blank), and the text itself, spaced and cased alike, when the
 * register cannot read it ("Draft 3" is "DRAFT 3"), so that two documents written alike still match.
 */
export function readRegisterIdentity(written: string | null): string | null {
  if (written === null || written.trim() === '') return null;
  const parsed = parseDocumentNumber(written);
  if (parsed.ok) return formatRegisterIdentity(parsed.value);
  return written.trim().replace(/\s+/g, ' ').toUpperCase();
}

/**
 * Whether two identifiers name the same document, whatever revision of it and however written:
 * "9916/1/17 REV 1", "ST 9916 2017 REV 2" and "9916/17" do; "9916/17 ADD 1" (an addendum), "WK 9916/2017"
 * (another series) and "7923/17" do not. See `formatRegisterIdentity`.
 */
export function isSameDocument(a: DocumentNumber, b: DocumentNumber): boolean {
  return formatRegisterIdentity(a) === formatRegisterIdentity(b);
}

/**
 * The document a corrigendum corrects: "9916/17 COR 1" corrects 9916/17, "9916/1/17 REV 1 COR 1" its
 * REV 1, "9916/17 ADD 1 COR 1" the addendum. Null for a number whose last suffix is no COR (a bare
 * "COR 1" names no document either).
 */
export function readCorrectedNumber(id: DocumentNumber): DocumentNumber | null {
  if (id.style === 'suffix' || id.suffixes.at(-1)?.kind !== 'COR') return null;
  return { ...id, suffixes: id.suffixes.slice(0, -1) };
}

/**
 * Which revision of a document created as `base`, issued up to revision `latest`, `corrigendum` corrects:
 * the one its number names, as the register does. For 9916/17 at REV 1, "9916/17 COR 1" corrects
 * revision 0 (the original as issued) and "9916/1/17 REV 1 COR 1" revision 1. Null for a revision the
 * document never had ("9916/2/17 REV 2 COR 1"), another document ("9916/17 ADD 1 COR 1") or no COR.
 */
export function findCorrectedRevision(
  corrigendum: DocumentNumber,
  base: DocumentNumber,
  latest: number,
): number | null {
  const corrected = readCorrectedNumber(corrigendum);
  if (corrected === null) return null;
  let label = base;
  for (let rev = 0; rev <= latest; rev++, label = nextRevision(label)) {
    if (isSameDocument(corrected, label) && readRevisionNumber(corrected) === readRevisionNumber(label))
      return rev;
  }
  return null;
}

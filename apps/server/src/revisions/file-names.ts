import { formatRegisterReference, readRegisterIdentity } from '@accord/model';
import type { DocumentRecord } from '../store/store';
import type { Version } from './versions';

const MAX_FILE_NAME_CHARS = 120;

/** Letters, digits, dot, dash and underscore; every other run becomes one dash ("7923/1/17 REV 1" → "7923-1-17-REV-1"). */
export function slugFileName(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_FILE_NAME_CHARS)
    .replace(/[-.]+$/, '');
  return slug === '' ? 'document' : slug;
}

/** Of a file's name, what the register entry or, for a draft without a number, the title may take. */
const MAX_ENTRY_CHARS = 80;

/**
 * A version as an archivist files it, in the register's form: the entry ("ST 9916 2017", or the title
 * of a draft without a number) and the version of it ("REV 1", "INIT", "live"). `label` is an issued
 * revision's, null for the live text.
 */
function nameVersion(record: DocumentRecord, label: string | null): { entry: string; version: string } {
  const shown = label ?? 'live';
  const entry = readRegisterIdentity(record.number);
  if (entry === null) return { entry: record.title, version: shown };
  const reference = label === null ? null : (formatRegisterReference(label) ?? label);
  if (reference === null) return { entry, version: shown };
  return reference.startsWith(`${entry} `)
    ? { entry, version: reference.slice(entry.length + 1) }
    : { entry: '', version: reference };
}

const labelOf = (version: Version): string | null => (version.ref === 'live' ? null : version.label);

/**
 * The register's language suffix ("EN"): the text's language, its header's "(OR. en)", as Accord
 * holds one language version. None when the header gives no two-letter code.
 */
function languageOf(...versions: readonly Version[]): string | null {
  for (const version of versions) {
    const code = version.content.metadata.language?.trim() ?? '';
    if (/^[A-Za-z]{2}$/.test(code)) return code.toUpperCase();
  }
  return null;
}

function joinName(entry: string, ...rest: readonly (string | null)[]): string {
  const head = entry.trim() === '' ? [] : [slugFileName(entry).slice(0, MAX_ENTRY_CHARS)];
  return slugFileName([...head, ...rest.filter((part) => part !== null)].join(' '));
}

export interface ExportNameOptions {
  /** With the positions as footnotes. @default false */
  readonly withPositions?: boolean;
  /**
   * The live text's, changed since this revision ("9916/1/17 REV 1", `stampLiveText`): named as a
   * working draft after it, not as live, which an unchanged text is.
   * @default undefined
   */
  readonly workingDraftAfter?: string;
}

/**
 * In the register's form, with the language as its files carry it: "ST-9916-2017-REV-1-EN.docx",
 * "ST-9916-2017-INIT-EN.md", "ST-9916-2017-live-EN.md", "WK-6162-2017-REV-1-EN.html",
 * "Cyber-diplomacy-REV-2-EN.html"; with the positions as footnotes, "ST-9916-2017-REV-1-EN-positions.docx";
 * the live text changed since REV 1, "ST-9916-2017-working-draft-after-REV-1-EN.docx", which no file
 * list shows beside REV 1's as if it were it.
 */
export function nameExportFile(
  record: DocumentRecord,
  version: Version,
  extension: string,
  { withPositions = false, workingDraftAfter }: ExportNameOptions = {},
): string {
  const draft = workingDraftAfter === undefined ? null : nameVersion(record, workingDraftAfter);
  const { entry, version: shown } = draft ?? nameVersion(record, labelOf(version));
  const named = draft === null ? shown : `working draft after ${shown}`;
  return `${joinName(entry, named, languageOf(version), withPositions ? 'positions' : null)}.${extension}`;
}

/** "ST-9916-2017-REV-1-to-REV-2-EN-redline.docx": the entry named once, then each version of it. */
export function nameRedlineFile(
  record: DocumentRecord,
  from: Version,
  to: Version,
  extension: string,
): string {
  const before = nameVersion(record, labelOf(from));
  const after = nameVersion(record, labelOf(to));
  const toName = after.entry === before.entry ? after.version : `${after.entry} ${after.version}`;
  return `${joinName(before.entry, before.version, 'to', toName, languageOf(to, from), 'redline')}.${extension}`;
}

/**
 * A Content-Disposition value: the name as `filename` and, for clients that prefer it, as an RFC 5987
 * `filename*`. The name is ASCII already (`slugFileName`), so both read the same.
 */
export function describeDisposition(type: 'attachment' | 'inline', fileName: string): string {
  return `${type}; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

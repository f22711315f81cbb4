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

/** What names a version in a file name: its label ("7923-1-17-REV-1"), "live", and the title when there is no number. */
function nameVersion(record: DocumentRecord, version: Version): string {
  const label = version.ref === 'live' ? 'live' : version.label;
  if (record.number === null) return `${record.title} ${label}`;
  return version.ref === 'live' ? `${record.number} live` : label;
}

/**
 * "7923-1-17-REV-1.docx", "7923-17-live.md", "Cyber-diplomacy-REV-2.html"; with the positions as
 * footnotes, "7923-1-17-REV-1-positions.docx".
 */
export function nameExportFile(
  record: DocumentRecord,
  version: Version,
  extension: string,
  withPositions = false,
): string {
  const name = nameVersion(record, version);
  return `${slugFileName(withPositions ? `${name} positions` : name)}.${extension}`;
}

/** "7923-1-17-REV-1-to-7923-2-17-REV-2-redline.docx". */
export function nameRedlineFile(
  record: DocumentRecord,
  from: Version,
  to: Version,
  extension: string,
): string {
  const toName = to.ref === 'live' ? 'live' : to.label;
  return `${slugFileName(`${nameVersion(record, from)} to ${toName} redline`)}.${extension}`;
}

/** A Content-Disposition value; the name is ASCII already, so no `filename*` is needed. */
export function describeDisposition(type: 'attachment' | 'inline', fileName: string): string {
  return `${type}; filename="${fileName}"`;
}

import { formatDocumentNumber, labelRevision, parseDocumentNumber } from './document-number';

/**
 * The register label of revision `rev` of a document created as `number`: revision 0 is the number
 * itself, later ones follow the register (`7923/17` → `7923/1/17 REV 1` → `7923/2/17 REV 2`,
 * `WK 6162/2017 INIT` → `WK 6162/2017 REV 1`).
 *
 * A document without a number is labelled `INIT`, `REV 1`, `REV 2`, …; one whose number the register
 * grammar does not read keeps it as written and gains the suffix (`Draft A REV 1`).
 */
export function formatRevisionLabel(number: string | null, rev: number): string {
  if (number === null || number.trim() === '') return rev === 0 ? 'INIT' : `REV ${rev}`;
  const parsed = parseDocumentNumber(number);
  if (!parsed.ok) return rev === 0 ? number.trim() : `${number.trim()} REV ${rev}`;
  return formatDocumentNumber(labelRevision(parsed.value, rev));
}

/**
 * A Council document's label as the public register cites it: "9916/1/17 REV 1" is "ST 9916 2017 REV 1",
 * "9916/17" is "ST 9916 2017 INIT". Null for a number that has no such form: a working document's
 * ("WK 6162/2017 REV 1" is its own reference), a document without one, or one the grammar cannot read.
 */
export function formatRegisterReference(label: string): string | null {
  const parsed = parseDocumentNumber(label);
  if (!parsed.ok || (parsed.value.style !== 'short' && parsed.value.style !== 'register')) return null;
  return formatDocumentNumber({ ...parsed.value, style: 'register' });
}

/**
 * "Working draft after 9916/1/17 REV 1, not issued": what a text changed since its last issued revision
 * (`label`) is, in an export's header under its number, a file's title and the drafting room's header.
 * An export's number stays that revision's, which an upload of it is judged by.
 */
export function describeWorkingDraft(label: string): string {
  return `Working draft after ${label}, not issued`;
}

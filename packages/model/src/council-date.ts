/**
 * A date as Council documents write it under "Brussels,": "7 June 2017". Brussels' own calendar day,
 * so a note issued at 00:30 in Brussels is not dated the day before (UTC).
 */
import { COUNCIL_TIME_ZONE } from './council-time';
import type { DocumentMetadata } from './document';
import { err, ok, type Result } from './result';

const COUNCIL_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: COUNCIL_TIME_ZONE,
});

export function formatCouncilDate(epochMs: number): string {
  return COUNCIL_DATE.format(epochMs);
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

const WRITTEN_DATE = /^(\d{1,2}) ([a-z]+) (\d{4})$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CouncilDateError {
  readonly code: 'invalid-date';
  readonly message: string;
}

/**
 * A calendar date given for a header, as the Council writes it ("7 June 2017", any case) or as an ISO
 * date ("2017-06-07"), written the Council's way; a day that does not exist (31 April) is refused.
 */
export function readCouncilDate(text: string): Result<string, CouncilDateError> {
  const given = text.trim().replace(/\s+/g, ' ');
  const written = WRITTEN_DATE.exec(given);
  const iso = ISO_DATE.exec(given);
  const [year, month, day] = written
    ? [Number(written[3]), MONTHS.indexOf((written[2] ?? '').toLowerCase() as never) + 1, Number(written[1])]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : [0, 0, 0];
  const refusal = err<CouncilDateError>({
    code: 'invalid-date',
    message: `"${given.slice(0, 40)}" is not a date: write it as "7 June 2017" or 2017-06-07`,
  });
  if (month < 1 || month > 12 || year < 1000) return refusal;
  // Date.UTC rolls 31 April over to 1 May: a day that does not exist reads back as another.
  const read = new Date(Date.UTC(year, month - 1, day));
  if (read.getUTCFullYear() !== year || read.getUTCMonth() !== month - 1 || read.getUTCDate() !== day) {
    return refusal;
  }
  return ok(`${day} ${MONTHS[month - 1]?.replace(/^./, (c) => c.toUpperCase())} ${year}`);
}

/**
 * The header a revision is issued with: dated `date` (the day it is issued, or the one the Secretariat
 * gave), as the register dates each REV. A text without any header (`given` false) stays undated: a
 * lone date would be its only header line.
 */
export function dateIssuedHeader(metadata: DocumentMetadata, date: string, given: boolean): DocumentMetadata {
  const hasHeader = Object.values(metadata).some((value) =>
    Array.isArray(value) ? value.length > 0 : value !== null,
  );
  if (!given && !hasHeader) return metadata;
  return metadata.date === date ? metadata : { ...metadata, date };
}

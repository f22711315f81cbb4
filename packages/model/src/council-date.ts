/**
 * A date as Council documents write it under "Brussels,": "7 June 2017". Brussels' own calendar day,
 * so a note issued at 00:30 in Brussels is not dated the day before (UTC).
 */
import { COUNCIL_TIME_ZONE } from './council-time';

const COUNCIL_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: COUNCIL_TIME_ZONE,
});

export function formatCouncilDate(epochMs: number): string {
  return COUNCIL_DATE.format(epochMs);
}

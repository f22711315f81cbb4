/**
 * The Council's clock: meetings, silence deadlines and the register run on Brussels time, and
 * delegations sit in three time zones (Lisbon, Brussels, Athens). A time shown or typed in Accord is
 * Brussels time and says so ("5 Jun 2017, 12:00 CEST"), so "the deadline is at noon" means one instant
 * for all 27.
 */
import { TZDate } from '@date-fns/tz';

export const COUNCIL_TIME_ZONE = 'Europe/Brussels';

const COUNCIL_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: COUNCIL_TIME_ZONE,
  timeZoneName: 'short',
});

/** "5 Jun 2017, 12:00 CEST": an instant as Brussels' clock reads it; not an instant: as given. */
export function formatCouncilTime(instant: string): string {
  const epochMs = Date.parse(instant);
  return Number.isNaN(epochMs) ? instant : COUNCIL_TIME.format(epochMs);
}

/** A `datetime-local` value: "2017-06-05T12:00", seconds optional. */
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant (ISO 8601, UTC) at which Brussels' clock reads `wallTime` ("2017-06-05T12:00", as a
 * `datetime-local` input gives it); null for anything else. A time the clocks skip when summer time
 * begins is read as the hour after (02:30 → 03:30 CEST); one they pass twice when it ends, as the
 * second (CET).
 */
export function councilTimeToInstant(wallTime: string): string | null {
  const match = WALL_TIME.exec(wallTime);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((group) =>
    Number(match[group] ?? 0),
  ) as [number, number, number, number, number, number];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const date = TZDate.tz(COUNCIL_TIME_ZONE, year, month - 1, day, hour, minute, second);
  // Date's constructor rolls 31 April over to 1 May: a date that does not exist is refused instead.
  const read = new TZDate(date.getTime(), COUNCIL_TIME_ZONE);
  if (read.getFullYear() !== year || read.getMonth() !== month - 1 || read.getDate() !== day) return null;
  return new Date(date.getTime()).toISOString();
}

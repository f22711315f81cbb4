import { err, ok, type Result } from './result';

/**
 * Time in the model is an input, never read from a clock. Every instant is an ISO 8601 string in UTC
 * with milliseconds, as `Date.prototype.toISOString` writes it ("2017-06-07T10:00:00.000Z"); strings
 * of that one form sort in time order. Other offsets are accepted at the edge and normalised.
 */
export type Timestamp = string;

export interface TimestampError {
  readonly code: 'invalid-timestamp';
  readonly message: string;
}

const CANONICAL_UTC = /^[12]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Reads an ISO 8601 instant that names its offset and returns it normalised to UTC. A date without a
 * time or an offset is refused as ambiguous, and so is a day that does not exist (30 February), which
 * `Date.parse` would silently roll over into March.
 */
export function parseTimestamp(input: unknown): Result<Timestamp, TimestampError> {
  // Already in the normal form (what the server's clock and this function write): one round trip
  // instead of the full reading. Years 1000–2999 only, so the general rules below decide the rest.
  if (typeof input === 'string' && input.length === 24 && CANONICAL_UTC.test(input)) {
    const ms = Date.parse(input);
    if (!Number.isNaN(ms) && new Date(ms).toISOString() === input) return ok(input);
  }
  const match = typeof input === 'string' ? ISO_8601.exec(input) : null;
  if (match === null) {
    return err({
      code: 'invalid-timestamp',
      message: `${JSON.stringify(input)} is not an ISO 8601 instant with an offset, e.g. "2017-06-07T17:00:00Z"`,
    });
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  const exists =
    local.getUTCFullYear() === year &&
    local.getUTCMonth() === month - 1 &&
    local.getUTCDate() === day &&
    local.getUTCHours() === hour &&
    local.getUTCMinutes() === minute &&
    local.getUTCSeconds() === second;
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (!exists || offsetHours > 23 || offsetMinutes > 59) {
    return err({
      code: 'invalid-timestamp',
      message: `${JSON.stringify(input)} is not a real date and time`,
    });
  }
  const offsetMs = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const normal = new Date(local.getTime() - offsetMs).toISOString();
  // An offset may carry a year's edge over it ("+010000-01-01…", "-000001-12-31…"): no longer the one
  // sortable form.
  if (normal.length !== 24) {
    return err({
      code: 'invalid-timestamp',
      message: `${JSON.stringify(input)} falls outside the years 0000 to 9999 in UTC`,
    });
  }
  return ok(normal);
}

/** Milliseconds since the epoch. An unreadable timestamp here is a bug (inputs are parsed at the edge). */
export function toEpochMs(timestamp: Timestamp): number {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${timestamp}`);
  return ms;
}

/** The timestamp of an instant in milliseconds since the epoch, as the stores keep instants. */
export function fromEpochMs(ms: number): Timestamp {
  return new Date(ms).toISOString();
}

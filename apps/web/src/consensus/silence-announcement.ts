/**
 * What the board's live status says of the silence procedure: its latest event, whoever brought it
 * (this user, a colleague of the Presidency, a delegation, the deadline), so that a screen reader never
 * goes on hearing "started" once the procedure was broken.
 */
import type { Silence } from '../api/client';

/** The procedure's state as the board shows it: when it differs, something happened. */
export function silenceStateKey(silence: Silence | null): string {
  if (silence === null) return 'none';
  return [silence.outcome, silence.until, silence.brokenBy.length, silence.cancelled?.at ?? ''].join(' ');
}

/**
 * What happened between `before` and `after`, said as the latest event ("Silence procedure broken by
 * FR. Reason: …"); null when nothing did, or when no procedure is left to speak of. `formatInstant`
 * says a time as the screen does.
 */
export function describeSilenceChange(
  before: Silence | null,
  after: Silence | null,
  formatInstant: (iso: string) => string,
): string | null {
  if (after === null || silenceStateKey(before) === silenceStateKey(after)) return null;
  switch (after.outcome) {
    case 'running':
      return `Silence procedure started, until ${formatInstant(after.until)}.`;
    case 'broken': {
      const latest = after.brokenBy.at(-1);
      return latest === undefined
        ? 'Silence procedure broken.'
        : `Silence procedure broken by ${latest.delegation}. Reason: ${latest.reason}`;
    }
    case 'lapsed':
      return `Silence procedure lapsed on ${formatInstant(after.until)} without objection: the paragraphs unchanged since it began count as agreed, save where a reservation or an opposition stands.`;
    case 'cancelled':
      return `Silence procedure cancelled.${after.cancelled?.reason ? ` Reason: ${after.cancelled.reason}` : ''}`;
  }
}

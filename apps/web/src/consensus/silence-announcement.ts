/**
 * What the board says of the silence procedure as it changes, whoever changed it (this user, a
 * colleague of the Presidency, a delegation, the deadline).
 */
import type { Silence } from '../api/client';

/** The procedure's state as the board shows it: when it differs, something happened. */
export function silenceStateKey(silence: Silence | null): string {
  if (silence === null) return 'none';
  return [silence.outcome, silence.until, silence.brokenBy.length, silence.cancelled?.at ?? ''].join(' ');
}

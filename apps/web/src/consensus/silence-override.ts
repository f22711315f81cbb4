/**
 * What a delegation risks while a silence procedure runs and one of its reservations or oppositions
 * was given on an earlier text: a stale position counts as none, so a lapse deems the delegation
 * agreeing on a paragraph unchanged since the procedure began (the Presidency is told so before it
 * starts, `silence-obstacles.ts`). The delegation must hear it before the deadline, where it
 * re-confirms: its stale list on the board and the paragraph's panel in the drafting room.
 */
import { isReservationKind, type PositionKind } from '@accord/model';
import type { Silence } from '../api/client';

/** Whether a lapse would override a stale position of this kind: a reservation or an opposition. */
function isOverriddenByLapse(position: PositionKind): boolean {
  return position === 'oppose' || isReservationKind(position);
}

/**
 * The warning beside one stale position ("FR counts as agreeing …"), null when no procedure runs or
 * the position would not block anyway (an agreement, an abstention).
 */
export function warnOfSilenceOverride(
  silence: Silence | null | undefined,
  position: PositionKind,
  holder: string,
  formatInstant: (iso: string) => string,
): string | null {
  if (silence?.outcome !== 'running' || !isOverriddenByLapse(position)) return null;
  return `A silence procedure runs until ${formatInstant(silence.until)}: if it lapses with this paragraph unchanged since it began, ${holder} counts as agreeing. Re-confirm before then to keep this position.`;
}

/** The warning over a delegation's list of stale positions, null when none of them is at risk. */
export function warnOfSilenceOverrides(
  silence: Silence | null | undefined,
  positions: readonly PositionKind[],
  holder: string,
  formatInstant: (iso: string) => string,
): string | null {
  if (silence?.outcome !== 'running' || !positions.some(isOverriddenByLapse)) return null;
  return `A silence procedure runs until ${formatInstant(silence.until)}: if it lapses, ${holder} counts as agreeing on each paragraph below unchanged since it began, whatever its reservation or opposition there. Re-confirm before then those ${holder} keeps.`;
}

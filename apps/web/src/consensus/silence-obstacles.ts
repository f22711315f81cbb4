/**
 * What the Presidency should know before starting a silence procedure: a lapse deems the silent
 * Member States agreeing, but never closes square brackets, overrides an opposition nor lifts a
 * reservation, so those paragraphs would still be open, opposed or reserved when the deadline passes;
 * and a position given on an earlier text counts as none, so a lapse deems its delegation agreeing
 * (a reservation REV 1 overtook, say) unless it is given again.
 */
import { isReservationKind, MEMBER_STATE_CODES } from '@accord/model';
import type { ConsensusReport } from '../api/client';
import { POSITION_TEXT } from './position-labels';

/** One sentence per kind of obstacle, brackets first; none when the text has none. */
export function describeSilenceObstacles(
  report: Pick<ConsensusReport, 'blocks'>,
  labels: ReadonlyMap<string, string>,
): string[] {
  const bracketed: string[] = [];
  const opposed: string[] = [];
  const reserved: string[] = [];
  const overtaken: string[] = [];
  for (const block of report.blocks) {
    if (block.empty) continue;
    const label = labels.get(block.id) ?? 'a paragraph';
    if (block.brackets > 0) bracketed.push(label);
    const opposing: string[] = [];
    const reserving: string[] = [];
    const stale: string[] = [];
    for (const code of MEMBER_STATE_CODES) {
      const view = block.positions[code];
      if (view === undefined || !(view.position === 'oppose' || isReservationKind(view.position))) continue;
      if (view.stale) stale.push(`${code}: ${POSITION_TEXT[view.position].label}`);
      else (view.position === 'oppose' ? opposing : reserving).push(code);
    }
    if (opposing.length > 0) opposed.push(`${label} (${opposing.join(', ')})`);
    if (reserving.length > 0) reserved.push(`${label} (${reserving.join(', ')})`);
    if (stale.length > 0) overtaken.push(`${label} (${stale.join(', ')})`);
  }
  const say = (items: string[], sentence: (list: string) => string) =>
    items.length > 0 ? [sentence(items.join('; '))] : [];
  return [
    ...say(bracketed, (list) => `Square brackets remain in ${list}: a lapsed procedure never closes them.`),
    ...say(opposed, (list) => `Opposed: ${list}: a lapsed procedure never overrides an opposition.`),
    ...say(
      reserved,
      (list) =>
        `Reserved: ${list}: a lapsed procedure never lifts a reservation, only the delegation that entered it.`,
    ),
    ...say(
      overtaken,
      (list) =>
        `Given on an earlier text: ${list}: a lapse counts these delegations as agreeing unless they give their positions again.`,
    ),
  ];
}

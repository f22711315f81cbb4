/**
 * What the Presidency should know before starting a silence procedure: a lapse deems the silent
 * Member States agreeing, but never closes square brackets nor overrides an opposition, so those
 * paragraphs would still be open or opposed when the deadline passes.
 */
import { MEMBER_STATE_CODES } from '@accord/model';
import type { ConsensusReport } from '../api/client';

/** One sentence per kind of obstacle, brackets first; none when the text has neither. */
export function describeSilenceObstacles(
  report: Pick<ConsensusReport, 'blocks'>,
  labels: ReadonlyMap<string, string>,
): string[] {
  const bracketed: string[] = [];
  const opposed: string[] = [];
  for (const block of report.blocks) {
    if (block.empty) continue;
    const label = labels.get(block.id) ?? 'a paragraph';
    if (block.brackets > 0) bracketed.push(label);
    const opposing = MEMBER_STATE_CODES.filter((code) => {
      const view = block.positions[code];
      return view?.position === 'oppose' && !view.stale;
    });
    if (opposing.length > 0) opposed.push(`${label} (${opposing.join(', ')})`);
  }
  return [
    ...(bracketed.length > 0
      ? [`Square brackets remain in ${bracketed.join('; ')}: a lapsed procedure never closes them.`]
      : []),
    ...(opposed.length > 0
      ? [`Opposed: ${opposed.join('; ')}: a lapsed procedure never overrides an opposition.`]
      : []),
  ];
}

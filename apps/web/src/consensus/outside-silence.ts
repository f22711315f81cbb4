/**
 * While a silence procedure runs, the paragraphs outside it (the report's `outsideSilence`): edited
 * since it began (an edit takes a paragraph out for good, even changed back) or added since. A lapse
 * will not agree them, so the Presidency sees them before the deadline, as the edits land, on their
 * board rows and in the procedure's panel, where it would otherwise learn it only from the lapse.
 * A cover note's lines, which nobody is asked to agree, are left out.
 */
import type { BlockConsensus } from '../api/client';

type Outside = Pick<BlockConsensus, 'outsideSilence' | 'negotiated' | 'empty'>;

const WHY = {
  edited: {
    mark: 'out of silence: edited',
    said: 'edited since it began, so a lapse will not agree it',
  },
  added: {
    mark: 'out of silence: added',
    said: 'added since it began, so a lapse will not agree it',
  },
} as const;

/** A board row's mark: `text` in the status cell, `label` read out and as its title; null when none. */
export function describeOutsideSilenceMark(
  block: Outside,
): { readonly text: string; readonly label: string } | null {
  if (block.outsideSilence === null || !block.negotiated || block.empty) return null;
  const why = WHY[block.outsideSilence];
  return { text: why.mark, label: `Out of the silence procedure: ${why.said}` };
}

/** What the running procedure's panel says of the paragraphs outside it, edited ones first. */
export function describeOutsideSilence(
  report: { readonly blocks: readonly (Outside & Pick<BlockConsensus, 'id'>)[] },
  labels: ReadonlyMap<string, string>,
): string[] {
  const edited: string[] = [];
  const added: string[] = [];
  for (const block of report.blocks) {
    if (describeOutsideSilenceMark(block) === null) continue;
    (block.outsideSilence === 'edited' ? edited : added).push(labels.get(block.id) ?? 'a paragraph');
  }
  if (edited.length === 0 && added.length === 0) {
    return ['No paragraph has been edited or added since it began.'];
  }
  const say = (items: string[], sentence: (list: string) => string) =>
    items.length > 0 ? [sentence(items.join('; '))] : [];
  return [
    ...say(edited, (list) => `Edited since it began, so out of it: ${list}, which a lapse will not agree.`),
    ...say(added, (list) => `Added since it began, so not under it: ${list}, which a lapse will not agree.`),
  ];
}

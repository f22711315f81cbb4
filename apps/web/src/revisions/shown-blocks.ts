import type { DiffBlock } from '../api/client';
import type { FootnoteCall } from './footnote-calls';

/**
 * The blocks a comparison shows: every block, or with unchanged paragraphs hidden those that changed
 * and those whose text did not change but that gained or lost a footnote call (a footnote added,
 * removed or now cited there), so the reader sees which sentence cites it, as the downloaded
 * redlines show it.
 */
export function selectShownBlocks(
  blocks: readonly DiffBlock[],
  calls: ReadonlyMap<DiffBlock, readonly FootnoteCall[]>,
  showUnchanged: boolean,
): DiffBlock[] {
  if (showUnchanged) return [...blocks];
  return blocks.filter(
    (block) =>
      block.change !== 'unchanged' || (calls.get(block) ?? []).some((call) => call.status !== 'kept'),
  );
}

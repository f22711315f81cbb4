import type { DiffBlock } from '../api/client';
import type { FootnoteCall } from './footnote-calls';

/**
 * The blocks a comparison shows: every block, or with unchanged paragraphs hidden those that changed
 * and those whose text did not change but that gained or lost a footnote call (a footnote added,
 * removed or now cited there) or cite a footnote whose words changed, so the reader sees which
 * sentence cites it, as the downloaded redlines show it (a footnote is part of what its paragraph
 * says: positions on the paragraph go stale when it changes).
 */
export function selectShownBlocks(
  blocks: readonly DiffBlock[],
  calls: ReadonlyMap<DiffBlock, readonly FootnoteCall[]>,
  showUnchanged: boolean,
): DiffBlock[] {
  if (showUnchanged) return [...blocks];
  return blocks.filter((block) => showsChange(block, calls.get(block) ?? []));
}

/** Whether a block's text changed, or one of its footnote calls or the words of a footnote it cites. */
export function showsChange(block: DiffBlock, calls: readonly FootnoteCall[]): boolean {
  return (
    block.change !== 'unchanged' ||
    calls.some((call) => call.status !== 'kept' || call.note.change !== 'unchanged')
  );
}

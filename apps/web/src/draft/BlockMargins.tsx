import { type Block, countBracketSpans, isBlankText, nameBlocks } from '@accord/model';
import type { Editor } from '@tiptap/react';
import { useMemo } from 'react';
import type { BlockConsensus } from '../api/client';
import { countPositions, describeBlockStatus, summarizeCounts } from '../consensus/position-labels';
import { useBlockOffsets } from './use-block-offsets';

export interface MarginData {
  /** Where each block stands, by block id; empty until the report has come. */
  readonly consensus: ReadonlyMap<string, BlockConsensus>;
  /** Unresolved comments this user may see, by block id. */
  readonly comments: ReadonlyMap<string, number>;
  readonly openBlockId: string | null;
  readonly onOpen: (blockId: string) => void;
}

interface BlockMarginsProps {
  readonly editor: Editor;
  readonly blocks: readonly Block[];
  readonly margin: MarginData;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The margin beside each block: its status, how many delegations have spoken, stale positions, comments
 * and open brackets. Each is a button that opens the block's positions and comments.
 */
export function BlockMargins({ editor, blocks, margin }: BlockMarginsProps) {
  const ids = useMemo(() => blocks.map((b) => b.id), [blocks]);
  const names = useMemo(() => nameBlocks(blocks, 'title'), [blocks]);
  const offsets = useBlockOffsets(editor, ids);
  return (
    <ul className="block-margins" aria-label="Margin">
      {blocks.map((block) => {
        const top = offsets.get(block.id);
        if (top === undefined) return null;
        const brackets = countBracketSpans(block.text);
        const consensus = margin.consensus.get(block.id);
        const comments = margin.comments.get(block.id) ?? 0;
        const counts = consensus ? countPositions(consensus) : null;
        const status = consensus ? describeBlockStatus(consensus) : null;
        const parts = [
          status ? status.label.toLowerCase() : null,
          counts ? summarizeCounts(counts) : null,
          comments > 0 ? plural(comments, 'comment', 'comments') : null,
          brackets > 0 ? plural(brackets, 'bracketed passage', 'bracketed passages') : null,
        ].filter((part) => part !== null);
        // The report leaves an empty block out: there is nothing in it to agree to.
        const idle = consensus === undefined && isBlankText(block.text) ? 'empty, nothing to agree to' : null;
        const label = `${names.get(block.id) ?? ''}: ${parts.join('; ') || idle || 'no positions yet'}`;
        return (
          <li key={block.id} className="block-margin" style={{ top }} data-block-id={block.id}>
            <button
              type="button"
              className={`margin-button${consensus ? ` status-${consensus.status}` : ''}`}
              aria-label={label}
              title={label}
              aria-expanded={margin.openBlockId === block.id}
              aria-controls="block-panel"
              onClick={() => margin.onOpen(block.id)}
            >
              {status && (
                <span className="status-pill" aria-hidden="true">
                  {status.symbol} {status.label}
                </span>
              )}
              {counts && counts.agreeing + counts.reserved + counts.opposed > 0 && (
                <span aria-hidden="true">{counts.agreeing + counts.reserved + counts.opposed}/27</span>
              )}
              {counts && counts.stale > 0 && (
                <span className="stale-count" aria-hidden="true">
                  {counts.stale} stale
                </span>
              )}
              {comments > 0 && <span aria-hidden="true">{plural(comments, 'comment', 'comments')}</span>}
              {brackets > 0 && (
                <span className="bracket-count" aria-hidden="true">
                  [{brackets}]
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

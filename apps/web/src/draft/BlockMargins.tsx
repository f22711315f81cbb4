import { type Block, countBracketSpans, isBlankText, nameBlocks } from '@accord/model';
import type { Editor } from '@tiptap/react';
import { memo, useMemo } from 'react';
import type { BlockConsensus, CommissionReservationView } from '../api/client';
import { countPositions, describeBlockStatus } from '../consensus/position-labels';
import { countSpoken, describeCommissionMark, labelMargin, plural } from './margin-label';
import { useBlockOffsets } from './use-block-offsets';
import { useBlockStructure } from './use-block-structure';

export interface MarginData {
  /** Where each block stands, by block id; empty until the report has come. */
  readonly consensus: ReadonlyMap<string, BlockConsensus>;
  /** Open comments this user may see, by block id (`countOpenComments`). */
  readonly comments: ReadonlyMap<string, number>;
  /** The Commission's reservations, by block id. */
  readonly commission: ReadonlyMap<string, CommissionReservationView>;
  readonly openBlockId: string | null;
  readonly onOpen: (blockId: string) => void;
}

interface BlockMarginsProps {
  readonly editor: Editor;
  readonly blocks: readonly Block[];
  readonly margin: MarginData;
}

/**
 * The margin beside each block: its status, how many delegations have spoken, stale positions, the
 * Commission's reservation, comments and open brackets. Each is a button that opens the block's
 * positions and comments.
 */
export function BlockMargins({ editor, blocks, margin }: BlockMarginsProps) {
  // A keystroke changes one block's text: names, ids and offsets follow the blocks' order, kinds and
  // numbers only, and each margin is drawn again only when what it shows changed (`BlockMargin` is
  // memoised), so a keystroke does not redraw 2,000 margins.
  const structure = useBlockStructure(blocks);
  const ids = useMemo(() => structure.map((b) => b.id), [structure]);
  const names = useMemo(() => nameBlocks(structure, 'title'), [structure]);
  const offsets = useBlockOffsets(editor, ids);
  return (
    <ul
      className="block-margins"
      aria-label="Margin"
      // Back to the text from a margin, the caret where it was, as Tab from the text came here.
      onKeyDown={(event) => {
        if (event.key !== 'Tab' || !event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
        event.preventDefault();
        editor.commands.focus();
      }}
    >
      {blocks.map((block) => {
        const top = offsets.get(block.id);
        if (top === undefined) return null;
        return (
          <BlockMargin
            key={block.id}
            id={block.id}
            text={block.text}
            top={top}
            name={names.get(block.id) ?? ''}
            consensus={margin.consensus.get(block.id)}
            commission={margin.commission.get(block.id)}
            comments={margin.comments.get(block.id) ?? 0}
            open={margin.openBlockId === block.id}
            onOpen={margin.onOpen}
          />
        );
      })}
    </ul>
  );
}

interface BlockMarginProps {
  readonly id: string;
  readonly text: string;
  readonly top: number;
  /** How the room cites the block: "Paragraph 4, first indent". */
  readonly name: string;
  readonly consensus: BlockConsensus | undefined;
  readonly commission: CommissionReservationView | undefined;
  readonly comments: number;
  readonly open: boolean;
  readonly onOpen: (blockId: string) => void;
}

const BlockMargin = memo(function BlockMargin({
  id,
  text,
  top,
  name,
  consensus,
  commission,
  comments,
  open,
  onOpen,
}: BlockMarginProps) {
  const brackets = countBracketSpans(text);
  const counts = consensus ? countPositions(consensus) : null;
  const status = consensus ? describeBlockStatus(consensus) : null;
  const spoken = counts ? countSpoken(counts) : 0;
  const label = labelMargin({
    name,
    status: status?.label ?? null,
    counts,
    comments,
    brackets,
    commission: commission ?? null,
    // The report leaves an empty block out: there is nothing in it to agree to.
    blank: consensus === undefined && isBlankText(text),
  });
  return (
    <li className="block-margin" style={{ top }} data-block-id={id}>
      <button
        type="button"
        className={`margin-button${status ? ` status-${status.tone}` : ''}`}
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls="block-panel"
        onClick={() => onOpen(id)}
      >
        {/* Spaces between the notes, which the flex gap alone does not give the text: read out or
            matched by speech input, "Reserved2/27" is no word the name holds. */}
        {status && (
          <span className="status-pill" aria-hidden="true">
            {status.symbol} {status.label}
          </span>
        )}{' '}
        {spoken > 0 && <span aria-hidden="true">{spoken}/27</span>}{' '}
        {counts && counts.stale > 0 && (
          <span className="stale-count" aria-hidden="true">
            {counts.stale} stale
          </span>
        )}{' '}
        {commission && (
          <span className="commission-mark" aria-hidden="true">
            {describeCommissionMark(commission)}
          </span>
        )}{' '}
        {comments > 0 && <span aria-hidden="true">{plural(comments, 'comment', 'comments')}</span>}{' '}
        {brackets > 0 && (
          <span className="bracket-count" aria-hidden="true">
            [{brackets}]
          </span>
        )}
      </button>
    </li>
  );
});

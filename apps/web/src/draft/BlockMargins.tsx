import { type Block, countBracketSpans } from '@accord/model';
import type { Editor } from '@tiptap/react';
import { useMemo } from 'react';
import { useBlockOffsets } from './use-block-offsets';

interface BlockMarginsProps {
  readonly editor: Editor;
  readonly blocks: readonly Block[];
}

/** Describes a block for assistive technology: "Paragraph 4", "Bullet", … */
export function describeBlock(block: Pick<Block, 'kind' | 'number'>): string {
  if (block.kind === 'numbered') return `Paragraph ${block.number ?? ''}`.trim();
  if (block.kind === 'heading') return 'Heading';
  if (block.kind === 'bullet') return 'Bullet';
  return 'Paragraph';
}

/** The margin beside each block: how many bracketed (not yet agreed) passages it still holds. */
export function BlockMargins({ editor, blocks }: BlockMarginsProps) {
  const ids = useMemo(() => blocks.map((b) => b.id), [blocks]);
  const offsets = useBlockOffsets(editor, ids);
  return (
    <ul className="block-margins" aria-label="Margin">
      {blocks.map((block) => {
        const top = offsets.get(block.id);
        const brackets = countBracketSpans(block.text);
        if (top === undefined || brackets === 0) return null;
        const label = `${describeBlock(block)}: ${brackets} bracketed ${brackets === 1 ? 'passage' : 'passages'}`;
        return (
          <li key={block.id} className="block-margin" style={{ top }} data-block-id={block.id}>
            <span className="bracket-count" title={label}>
              <span aria-hidden="true">[{brackets}]</span>
              <span className="visually-hidden">{label}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

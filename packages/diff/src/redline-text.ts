/**
 * The redline as plain text for a terminal, in wdiff's notation: `[-deleted-]` and `{+inserted+}`
 * (braces for insertions, because square brackets already mean "not agreed" in a Council text). Each
 * block is one line, opened by a mark for what happened to it: ` ` unchanged, `~` modified, `+`
 * inserted, `-` deleted, `>` moved, and `<` where a moved block stood ("(Moved to paragraph 7)"). Footnote calls stand in the text as superscript numbers, as in
 * the HTML and Word redlines (`redline-footnote-calls.ts`): `¹` kept, `{+²+}` added, `[-³-]` removed,
 * so a reader sees which sentence cites an added, removed or changed footnote. A paragraph split ends
 * each part but the last with `{+¶+}`, two joined the first with `[-¶-]`, the words that went with it
 * kept; the parts after the first say where they came from ("Split from paragraph 5 of …").
 */
import type { BlockCitation } from '@accord/model';
import type { BlockChange, BlockDiff, DocumentDiff, FootnoteDiff } from './document-diff';
import {
  type FootnoteCall,
  listFootnoteCalls,
  peelEdgeSpaces,
  placeFootnoteCalls,
} from './redline-footnote-calls';
import {
  changedParagraphMark,
  citeNewBlocks,
  describeComparison,
  describeFootnoteMove,
  describeKindChange,
  describeMetadataField,
  describeMove,
  describeMoveTo,
  describeSplitOrJoin,
  describeSummary,
  emptyParagraphMark,
  formatMetadataValue,
  PARAGRAPH_MARK,
  placeMovedAway,
  previousNumber,
  shownNumber,
} from './redline-labels';
import type { DiffOp } from './word-diff';

export interface RedlineTextOptions {
  /** Shown in the first line, e.g. "7923/1/17 REV 1" and "7923/2/17 REV 2". */
  readonly fromLabel?: string;
  readonly toLabel?: string;
  /** The comparison goes back (`fromLabel` is the later version): "Changes from … back to …". @default false */
  readonly backwards?: boolean;
  /** Leave out unchanged blocks and footnotes. @default false */
  readonly changedOnly?: boolean;
  /** Colour insertions and deletions with ANSI escapes (for a terminal). @default false */
  readonly color?: boolean;
}

const MARKS: Record<BlockChange, string> = {
  unchanged: ' ',
  modified: '~',
  inserted: '+',
  deleted: '-',
  moved: '>',
};

/** The line where a moved block stood: its words are at `>`, where it stands now. */
const MOVED_AWAY_MARK = '<';

const ANSI = { insert: '\u001b[1;4;32m', delete: '\u001b[9;31m', label: '\u001b[36m', reset: '\u001b[0m' };

export function renderRedlineText(diff: DocumentDiff, options: RedlineTextOptions = {}): string {
  const lines: string[] = [];
  if (options.fromLabel !== undefined || options.toLabel !== undefined) {
    lines.push(
      describeComparison(
        {
          fromLabel: options.fromLabel ?? 'old',
          toLabel: options.toLabel ?? 'new',
          backwards: options.backwards,
        },
        describeSummary(diff),
      ),
    );
  } else {
    lines.push(`Changes: ${describeSummary(diff)}`);
  }
  if (diff.metadata.length > 0) {
    lines.push('', 'Header:');
    for (const change of diff.metadata) {
      const ops: DiffOp[] = [];
      const before = formatMetadataValue(change.old);
      const after = formatMetadataValue(change.new);
      if (before !== '') ops.push({ op: 'delete', text: before });
      if (after !== '') ops.push({ op: 'insert', text: after });
      lines.push(
        `~ ${describeMetadataField(change.field)}: ${ops.map((op) => renderOps([op], options)).join(' ')}`,
      );
    }
  }
  lines.push('');
  const calls = listFootnoteCalls(diff);
  const citations = citeNewBlocks(diff.blocks);
  for (const { block, place } of placeMovedAway(diff.blocks)) {
    if (place === 'moved-away') {
      lines.push(
        `${MOVED_AWAY_MARK.padEnd(6)}${paint(`(${describeMoveTo(citations.get(block.new?.id ?? ''))})`, 'label', options)}`,
      );
      continue;
    }
    if (options.changedOnly && block.change === 'unchanged') continue;
    lines.push(renderBlock(block, calls.get(block) ?? [], options));
  }
  const footnotes = diff.footnotes.filter((note) => !options.changedOnly || note.change !== 'unchanged');
  if (footnotes.length > 0) {
    lines.push('', 'Footnotes:');
    for (const note of footnotes) lines.push(renderFootnote(note, citations, options));
  }
  return `${lines.join('\n')}\n`;
}

function renderBlock(block: BlockDiff, calls: readonly FootnoteCall[], options: RedlineTextOptions): string {
  const number = shownNumber(block);
  const was = previousNumber(block);
  const labels = [
    describeMove(block, options.fromLabel),
    describeSplitOrJoin(block, options.fromLabel),
    describeKindChange(block),
    block.rewritten ? 'Rewritten' : null,
  ]
    .filter((label): label is string => label !== null)
    .concat(was !== null ? [`was ${was}`] : []);
  const head = `${MARKS[block.change]} ${number !== null ? `${number}.` : block.new?.kind === 'bullet' || block.old?.kind === 'bullet' ? '–' : ''}`;
  const label = labels.length > 0 ? `${paint(`(${labels.join('; ')})`, 'label', options)} ` : '';
  const text = peelEdgeSpaces(placeFootnoteCalls(block.ops, calls, 'both'))
    .map((piece) => {
      if (piece.type === 'call') return renderCall(piece.call, options);
      // The space beside a change's words stands outside its braces, as wdiff writes it.
      return piece.plain ? piece.text : renderOps([piece], options);
    })
    .join('');
  const mark = changedParagraphMark(block) ?? emptyParagraphMark(block);
  const markText =
    mark === null
      ? ''
      : renderOps([{ op: mark === 'inserted' ? 'insert' : 'delete', text: PARAGRAPH_MARK }], options);
  return indentContinuation(`${head.padEnd(6)}${label}${text}${markText}`);
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A footnote call as a superscript number, marked as an insertion or deletion when added or removed. */
function renderCall(call: FootnoteCall, options: RedlineTextOptions): string {
  const mark = String(call.number).replace(/\d/g, (digit) => SUPERSCRIPT_DIGITS[Number(digit)] as string);
  if (call.status === 'added') return paint(`{+${mark}+}`, 'insert', options);
  if (call.status === 'removed') return paint(`[-${mark}-]`, 'delete', options);
  return mark;
}

function renderFootnote(
  note: FootnoteDiff,
  citations: ReadonlyMap<string, BlockCitation>,
  options: RedlineTextOptions,
): string {
  const number = note.new?.number ?? note.old?.number;
  const move = describeFootnoteMove(note, note.new ? (citations.get(note.new.blockId) ?? null) : null);
  const label = move ? `${paint(`(${move})`, 'label', options)} ` : '';
  return indentContinuation(
    `${MARKS[note.change]} ${`${number})`.padEnd(4)}${label}${renderOps(note.ops, options)}`,
  );
}

function renderOps(ops: readonly DiffOp[], options: RedlineTextOptions): string {
  return ops
    .map((op) => {
      if (op.op === 'equal') return op.text;
      if (op.op === 'insert') return paint(`{+${op.text}+}`, 'insert', options);
      return paint(`[-${op.text}-]`, 'delete', options);
    })
    .join('');
}

function paint(text: string, kind: 'insert' | 'delete' | 'label', options: RedlineTextOptions): string {
  return options.color ? `${ANSI[kind]}${text}${ANSI.reset}` : text;
}

function indentContinuation(line: string): string {
  return line.replace(/\n/g, '\n      ');
}

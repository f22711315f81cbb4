import {
  describeFootnoteMove,
  describeGoingBack,
  describeKindChange,
  describeMove,
  describeRedlineTitle,
  describeSplitOrJoin,
  emptyParagraphMark,
} from '@accord/diff/labels';
import type { BlockCitation } from '@accord/model';
import type { DiffBlock, DiffFootnote, VersionRef } from '../api/client';
import type { FootnoteCall } from './footnote-calls';

/**
 * The words a reader sees beside a changed block: "Modified", "Was a numbered paragraph", "Moved from
 * paragraph 4 of 7923/1/17 REV 1" (in the words of the downloaded redlines: `describeMove` and
 * `describeKindChange` of @accord/diff), "Split from paragraph 5 of …" for a part split off, "Split"
 * for the part that kept the old paragraph, …
 * @param fromLabel the old version, e.g. "7923/1/17 REV 1".
 */
export function describeChange(block: DiffBlock, fromLabel = 'the old version'): string | null {
  const splitOrJoin = describeSplitOrJoin(block, fromLabel);
  if (splitOrJoin !== null) return editedWords(block) ? `${splitOrJoin}, and modified` : splitOrJoin;
  if (block.old && block.new) {
    // The pair of a split or join: its paragraph mark, or one next to it, changed.
    const part = block.splitAt ?? block.splitOffset ?? block.joinedAt ?? block.joinOffset;
    const what = block.splitAt !== undefined || block.splitOffset !== undefined ? 'Split' : 'Joined';
    if (part !== undefined && block.change === 'modified')
      return editedWords(block) || block.kindChanged ? `${what} and modified` : what;
  }
  switch (block.change) {
    case 'unchanged':
      return null;
    case 'inserted':
      return isEmptyParagraph(block) ? 'Empty paragraph inserted' : 'Inserted';
    case 'deleted':
      return isEmptyParagraph(block) ? 'Empty paragraph deleted' : 'Deleted';
    case 'moved':
      return `${describeMove(block, fromLabel) ?? 'Moved'}${block.textChanged ? ' and modified' : ''}`;
    case 'modified': {
      if (block.rewritten) return 'Rewritten';
      // What it was, as the downloaded redlines say: a paragraph that lost its number renumbers the rest.
      const kind = describeKindChange(block);
      if (kind === null) return 'Modified';
      return block.textChanged ? `${kind} and modified` : kind;
    }
  }
}

/** A paragraph inserted or deleted with no words in it, as a stray Enter leaves (`emptyParagraphMark`). */
export function isEmptyParagraph(block: DiffBlock): boolean {
  return emptyParagraphMark(block) !== null;
}

/** Whether a block's runs insert or delete words, not only white space. */
function editedWords(block: DiffBlock): boolean {
  return block.ops.some((op) => op.op !== 'equal' && op.text.trim() !== '');
}

/**
 * The words beside a changed footnote: its change, or for a moved one where its call went — "Moved
 * within paragraph 3" inside its paragraph, "Now cited in paragraph 3, second subparagraph" in another.
 * @param citedIn the citing block as the new version cites it (`citeNewBlocks`), null when unknown.
 */
export function describeFootnoteChange(note: DiffFootnote, citedIn: BlockCitation | null): string {
  return describeFootnoteMove(note, citedIn) ?? note.change;
}

/** Parses a version from a select's value: a revision number or "live". */
export function parseVersionRef(value: string): VersionRef {
  return value === 'live' ? 'live' : Number(value);
}

/**
 * Whether comparing `from` with `to` goes back in time: `from` is the later version (a higher revision,
 * or the live text against a revision), the rule the server's redlines follow.
 */
export function comparesBackwards(from: VersionRef, to: VersionRef): boolean {
  if (from === 'live') return to !== 'live';
  return to !== 'live' && from > to;
}

/**
 * What the revisions screen says a comparison is, in the words of the downloaded redlines' title
 * ("7923/1/17 REV 1 compared with 7923/2/17 REV 2, a later version (going back)"), and going back
 * what its marks then mean: read alone, "3 inserted" would be taken for what the later version added.
 */
export function describeComparedVersions(diff: {
  readonly from: VersionRef;
  readonly to: VersionRef;
  readonly fromLabel: string;
  readonly toLabel: string;
}): { readonly title: string; readonly goingBack: string | null } {
  const backwards = comparesBackwards(diff.from, diff.to);
  const title = describeRedlineTitle({ fromLabel: diff.fromLabel, toLabel: diff.toLabel, backwards });
  return {
    title: title.charAt(0).toUpperCase() + title.slice(1),
    goingBack: backwards ? describeGoingBack(diff.fromLabel) : null,
  };
}

/** The pair to compare first: the last two revisions, or the first revision against the live text. */
export function pickDefaultPair(revs: readonly number[]): { from: VersionRef; to: VersionRef } {
  const sorted = [...revs].sort((a, b) => a - b);
  const last = sorted.at(-1);
  const before = sorted.at(-2);
  if (last === undefined) return { from: 0, to: 'live' };
  if (before === undefined) return { from: last, to: 'live' };
  return { from: before, to: last };
}

/**
 * The label of a paragraph whose words did not change but whose footnotes did, shown for that reason
 * with unchanged paragraphs hidden: "Footnote 7 added", "Footnote 2 modified; footnote 5 now cited
 * here". Null when none changed. The footnote list below says what each footnote now reads.
 */
export function describeFootnoteCalls(calls: readonly FootnoteCall[]): string | null {
  const phrases = new Set<string>();
  for (const call of calls) {
    const change = describeCallChange(call);
    if (change !== null) phrases.add(`footnote ${call.number} ${change}`);
  }
  if (phrases.size === 0) return null;
  const text = [...phrases].join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeCallChange({ status, note }: FootnoteCall): string | null {
  if (note.change === 'moved')
    return note.movedWithinBlock
      ? 'moved within the paragraph'
      : status === 'added'
        ? 'now cited here'
        : status === 'removed'
          ? 'no longer cited here'
          : null;
  if (status === 'added') return 'added';
  if (status === 'removed') return 'removed';
  return note.change === 'unchanged' ? null : note.change;
}

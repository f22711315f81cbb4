import type { DiffBlock, DiffFootnote, DocumentDiff, VersionRef } from '../api/client';

/**
 * The words a reader sees beside a changed block: "Modified", "Moved from paragraph 4 of 7923/1/17
 * REV 1", …
 * @param fromLabel the old version, e.g. "7923/1/17 REV 1".
 */
export function describeChange(block: DiffBlock, fromLabel = 'the old version'): string | null {
  switch (block.change) {
    case 'unchanged':
      return null;
    case 'inserted':
      return 'Inserted';
    case 'deleted':
      return 'Deleted';
    case 'moved':
      return `${describeMove(block, fromLabel)}${block.textChanged ? ' and modified' : ''}`;
    case 'modified':
      return block.rewritten
        ? 'Rewritten'
        : block.kindChanged && !block.textChanged
          ? 'Kind changed'
          : 'Modified';
  }
}

/** What an unnumbered block is called in a "moved from" label. */
const KIND_NOUNS: Readonly<Record<string, string>> = {
  numbered: 'paragraph',
  paragraph: 'unnumbered paragraph',
  bullet: 'bullet',
  heading: 'heading',
};

/**
 * Where a moved block stood, in the old version's numbering and named as such, since its new number
 * may be the same ("was 4" misleads when it is 4 again): "Moved from paragraph 4 of …", "Moved from
 * bullet 2 under paragraph 3 of …", "… at the start of …" before the first numbered paragraph. The
 * wording of `describeMove` in @accord/diff, so the web and the downloaded redlines agree.
 */
function describeMove(block: DiffBlock, fromLabel: string): string {
  if (block.old?.number) return `Moved from paragraph ${block.old.number} of ${fromLabel}`;
  const place = block.movedFrom ? `under paragraph ${block.movedFrom}` : 'at the start';
  const ordinal = block.movedFromOrdinal;
  const noun = block.old ? KIND_NOUNS[block.old.kind] : undefined;
  if (ordinal && noun) return `Moved from ${noun} ${ordinal} ${place} of ${fromLabel}`;
  // Without an ordinal (a server from before `movedFromOrdinal`) the place alone.
  return `Moved from ${block.movedFrom ? place : 'the start'} of ${fromLabel}`;
}

/**
 * The words beside a changed footnote: its change, or for a moved one where its call went — "Moved
 * within paragraph 3" inside its paragraph, "Now cited in paragraph 3" in another.
 * @param citedIn the new number of the citing block, null when it has none.
 */
export function describeFootnoteChange(note: DiffFootnote, citedIn: string | null): string {
  if (note.change !== 'moved') return note.change;
  if (note.movedWithinBlock)
    return citedIn ? `Moved within paragraph ${citedIn}` : 'Moved within its paragraph';
  return citedIn ? `Now cited in paragraph ${citedIn}` : 'Now cited in another paragraph';
}

/** "2 modified · 1 inserted · 1 moved", or "No changes". */
export function summarizeDiff(summary: DocumentDiff['summary']): string {
  const parts = (['modified', 'inserted', 'deleted', 'moved'] as const)
    .filter((key) => summary[key] > 0)
    .map((key) => `${summary[key]} ${key}`);
  return parts.length === 0 ? 'No changes' : parts.join(' · ');
}

/** Parses a version from a select's value: a revision number or "live". */
export function parseVersionRef(value: string): VersionRef {
  return value === 'live' ? 'live' : Number(value);
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

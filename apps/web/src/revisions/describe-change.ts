import type { DiffBlock, DocumentDiff, VersionRef } from '../api/client';

/** The words a reader sees beside a changed block: "Modified", "Moved (was 4)", … */
export function describeChange(block: DiffBlock): string | null {
  switch (block.change) {
    case 'unchanged':
      return null;
    case 'inserted':
      return 'Inserted';
    case 'deleted':
      return 'Deleted';
    case 'moved': {
      const was = block.old?.number ? ` (was ${block.old.number})` : '';
      return `Moved${was}${block.textChanged ? ' and modified' : ''}`;
    }
    case 'modified':
      return block.rewritten
        ? 'Rewritten'
        : block.kindChanged && !block.textChanged
          ? 'Kind changed'
          : 'Modified';
  }
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

import type { VersionRef } from '../api/client';

/**
 * Where a revision is read and compared: the revisions screen, comparing it with the revision before
 * (`?to=2`), as the history links each revision issued.
 */
export function linkToRevision(documentId: string, rev: number): string {
  return `/documents/${encodeURIComponent(documentId)}/revisions?to=${rev}`;
}

/**
 * The pair a link asked the revisions screen for (`?to=2`, `?from=0&to=live`): `to` against `from`,
 * or against the revision before it. Null when it names none of the document's versions, and the
 * screen shows its default pair.
 */
export function readRequestedPair(
  search: URLSearchParams,
  revs: readonly number[],
): { from: VersionRef; to: VersionRef } | null {
  const known = (value: string | null): VersionRef | null => {
    if (value === 'live') return 'live';
    if (value === null || !/^\d+$/.test(value)) return null;
    const rev = Number(value);
    return revs.includes(rev) ? rev : null;
  };
  const to = known(search.get('to'));
  if (to === null) return null;
  const from = known(search.get('from'));
  if (from !== null) return { from, to };
  const sorted = [...revs].sort((a, b) => a - b);
  const before = to === 'live' ? sorted.at(-1) : sorted.filter((rev) => rev < to).at(-1);
  // The first version has none before it: against the live text, what became of it.
  return before === undefined ? { from: to, to: 'live' } : { from: before, to };
}

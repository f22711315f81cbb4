import type { Revision } from '../api/client';

/** The revision that was current at `at` (ISO): the last one issued by then; 0 when none was. */
export function findRevisionAt(
  revisions: readonly Pick<Revision, 'rev' | 'createdAt'>[],
  at: string,
): number {
  const moment = Date.parse(at);
  let current = 0;
  for (const revision of revisions) {
    if (Date.parse(revision.createdAt) <= moment && revision.rev > current) current = revision.rev;
  }
  return current;
}

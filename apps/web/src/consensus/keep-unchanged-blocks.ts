import type { ConsensusReport } from '../api/client';

/**
 * Whether two values read from JSON are equal: the same primitives, arrays and objects, deeply. Run on
 * every block of every report (2,000 blocks of 27 Member States each, after every keystroke anyone
 * makes), so written as plain loops: with `Object.keys` and a callback per key it took 4 ms a report.
 */
export function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // Objects from JSON have no inherited keys: `for…in` walks their own.
  let keys = 0;
  for (const key in x) {
    if (!Object.hasOwn(y, key) || !equalJson(x[key], y[key])) return false;
    keys++;
  }
  for (const _ in y) keys--;
  return keys === 0;
}

/** `next`, with the object of `previous` wherever one of the same key says the same. */
function keepEqual<T>(previous: readonly T[], next: readonly T[], key: (item: T) => string): T[] {
  const before = new Map<string, T>(previous.map((item) => [key(item), item]));
  return next.map((item) => {
    const old = before.get(key(item));
    return old !== undefined && equalJson(old, item) ? old : item;
  });
}

/**
 * A new report whose blocks (and the Commission's reservations) are the previous report's objects
 * wherever they say the same, and whose block list is the previous one when every block does (the
 * previous report itself when all of it does): a report comes again after every change anyone makes
 * (another delegation's keystroke included), and each block that kept its objects keeps its margin
 * and its board row from being drawn again.
 */
export function keepUnchangedBlocks(
  previous: ConsensusReport | null,
  next: ConsensusReport,
): ConsensusReport {
  if (previous === null) return next;
  const blocks = keepEqual(previous.blocks, next.blocks, (block) => block.id);
  const same =
    blocks.length === previous.blocks.length && blocks.every((block, i) => block === previous.blocks[i]);
  // A report that says what the last one said (after most keystrokes the server's changes list no
  // block) is the last one: the room and the board draw nothing again.
  if (same && equalJson({ ...next, blocks: null }, { ...previous, blocks: null })) return previous;
  const commission = keepEqual(previous.commission, next.commission, (view) => view.blockId);
  return { ...next, blocks: same ? previous.blocks : blocks, commission };
}

/**
 * Character offsets through a block's word runs. A footnote call sits at an offset of its block's
 * text; comparing the old and new offsets alone would call every footnote after an edited word
 * "moved", so the old offset is first carried through the runs to the new text.
 */
import type { DiffOp } from './word-diff';

/** A range of offsets in the new text, both ends included. */
export interface OffsetRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Where `oldOffset` of the old text lands in the new text. Inside kept words it lands on one offset;
 * at or inside a stretch of deleted and inserted words it may land anywhere in what was inserted there
 * (a call after "notes" stays in place when "notes" becomes "welcomes").
 */
export function mapOldOffset(ops: readonly DiffOp[], oldOffset: number): OffsetRange {
  let oldAt = 0;
  let newAt = 0;
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  const include = (low: number, high: number) => {
    from = Math.min(from, low);
    to = Math.max(to, high);
  };
  let index = 0;
  while (index < ops.length) {
    const op = ops[index] as DiffOp;
    if (op.op === 'equal') {
      const length = op.text.length;
      if (oldOffset >= oldAt && oldOffset <= oldAt + length) {
        const at = newAt + oldOffset - oldAt;
        include(at, at);
      }
      oldAt += length;
      newAt += length;
      index++;
      continue;
    }
    let deleted = 0;
    let inserted = 0;
    while (index < ops.length && (ops[index] as DiffOp).op !== 'equal') {
      const change = ops[index] as DiffOp;
      if (change.op === 'delete') deleted += change.text.length;
      else inserted += change.text.length;
      index++;
    }
    if (oldOffset >= oldAt && oldOffset <= oldAt + deleted) include(newAt, newAt + inserted);
    oldAt += deleted;
    newAt += inserted;
  }
  // Past the old text (or no text at all): the end of the new text.
  return from <= to ? { from, to } : { from: newAt, to: newAt };
}

/** Where a mark goes in a list of runs: before character `at` of run `op` (`op === ops.length`: the end). */
export interface RunPoint {
  readonly op: number;
  readonly at: number;
}

/**
 * The first point in the runs where the old text has reached `oldOffset` and the new text `newOffset`
 * (either may be null: not constrained), or null when no point has both.
 */
export function findRunPoint(
  ops: readonly DiffOp[],
  oldOffset: number | null,
  newOffset: number | null,
): RunPoint | null {
  let oldAt = 0;
  let newAt = 0;
  const fits = (oldPos: number, newPos: number) =>
    (oldOffset === null || oldOffset === oldPos) && (newOffset === null || newOffset === newPos);
  for (let index = 0; index < ops.length; index++) {
    const op = ops[index] as DiffOp;
    const length = op.text.length;
    const movesOld = op.op !== 'insert';
    const movesNew = op.op !== 'delete';
    // The character offset inside this run that reaches the wanted offsets, if one does.
    const wanted =
      movesOld && oldOffset !== null
        ? oldOffset - oldAt
        : movesNew && newOffset !== null
          ? newOffset - newAt
          : 0;
    if (wanted >= 0 && wanted < length) {
      if (fits(oldAt + (movesOld ? wanted : 0), newAt + (movesNew ? wanted : 0)))
        return { op: index, at: wanted };
    }
    if (movesOld) oldAt += length;
    if (movesNew) newAt += length;
  }
  return fits(oldAt, newAt) ? { op: ops.length, at: 0 } : null;
}

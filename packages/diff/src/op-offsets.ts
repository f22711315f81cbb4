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

/**
 * Footnote calls inside the web redline's paragraphs, placed as the server's HTML and Word redlines
 * place them (`redline-footnote-calls.ts` in @accord/diff). The web keeps its own copy: that package's
 * entry also exports the Word redline, which would pull docx and the format package into the bundle,
 * and its types are the diff's own, not the API's JSON.
 *
 * A call in both versions of a block is `kept` and shown plain; a call only in the old text (a removed
 * footnote, or the old place of a moved one) is `removed` and struck through; a call only in the new
 * text (an added footnote, or the new place of a moved one) is `added` and inserted. Every call shows
 * the number its footnote has in the footnote list (the new one, the old one for a removed footnote),
 * so the struck and inserted calls of a moved footnote carry one number.
 */
import type { DiffBlock, DiffFootnote, DiffOp, DocumentDiff } from '../api/client';

export type FootnoteCallStatus = 'kept' | 'removed' | 'added';

export interface FootnoteCall {
  readonly status: FootnoteCallStatus;
  /** The number shown, as in the footnote list. */
  readonly number: number;
  readonly note: DiffFootnote;
  /** Where the call stands in the old and new text of the block; null on the side it is missing from. */
  readonly oldOffset: number | null;
  readonly newOffset: number | null;
}

/** A block's text cut into its word runs and the footnote calls between them. */
export type RedlinePiece =
  | { readonly type: 'run'; readonly op: DiffOp['op']; readonly text: string }
  | { readonly type: 'call'; readonly call: FootnoteCall };

/** Which text is shown: the old (deletions only), the new (insertions only), or both interleaved. */
export type RedlineSide = 'old' | 'new' | 'both';

/** The footnote calls of every block of the diff, keyed by the block's entry. */
export function listFootnoteCalls(
  diff: Pick<DocumentDiff, 'blocks' | 'footnotes'>,
): ReadonlyMap<DiffBlock, readonly FootnoteCall[]> {
  const byOldId = new Map<string, DiffBlock>();
  const byNewId = new Map<string, DiffBlock>();
  for (const block of diff.blocks) {
    if (block.old) byOldId.set(block.old.id, block);
    if (block.new) byNewId.set(block.new.id, block);
  }
  const calls = new Map<DiffBlock, FootnoteCall[]>();
  const add = (block: DiffBlock | undefined, call: FootnoteCall) => {
    if (block === undefined) return; // a footnote citing no block is only in the list
    const list = calls.get(block);
    if (list) list.push(call);
    else calls.set(block, [call]);
  };
  for (const note of diff.footnotes) {
    const number = note.new?.number ?? note.old?.number ?? 0;
    const oldBlock = note.old ? byOldId.get(note.old.blockId) : undefined;
    const newBlock = note.new ? byNewId.get(note.new.blockId) : undefined;
    if (note.change !== 'moved' && note.old && note.new && oldBlock !== undefined && oldBlock === newBlock) {
      add(oldBlock, { status: 'kept', number, note, oldOffset: note.old.offset, newOffset: note.new.offset });
      continue;
    }
    if (note.old)
      add(oldBlock, { status: 'removed', number, note, oldOffset: note.old.offset, newOffset: null });
    if (note.new)
      add(newBlock, { status: 'added', number, note, oldOffset: null, newOffset: note.new.offset });
  }
  return calls;
}

/** Where a call goes in a list of runs: before character `at` of run `op` (`op === ops.length`: the end). */
interface RunPoint {
  readonly op: number;
  readonly at: number;
}

/**
 * The first point in the runs where the old text (equal + delete runs) has reached `oldOffset` and the
 * new text (equal + insert runs) `newOffset` (null: not constrained), or null when no point has both.
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
  for (const [index, op] of ops.entries()) {
    const length = op.text.length;
    const movesOld = op.op !== 'insert';
    const movesNew = op.op !== 'delete';
    // The character inside this run that reaches the wanted offsets, if one does.
    const wanted =
      movesOld && oldOffset !== null
        ? oldOffset - oldAt
        : movesNew && newOffset !== null
          ? newOffset - newAt
          : 0;
    if (
      wanted >= 0 &&
      wanted < length &&
      fits(oldAt + (movesOld ? wanted : 0), newAt + (movesNew ? wanted : 0))
    )
      return { op: index, at: wanted };
    if (movesOld) oldAt += length;
    if (movesNew) newAt += length;
  }
  return fits(oldAt, newAt) ? { op: ops.length, at: 0 } : null;
}

const STATUS_ORDER: Record<FootnoteCallStatus, number> = { removed: 0, kept: 1, added: 2 };

/**
 * The runs of a block with its calls placed between them for one side: a removed call at its old
 * offset, an added one at its new offset, a kept one where both texts reach its offsets (else at its
 * new offset; at its old one on the old side). Runs the side does not show stay in the result for the
 * renderer to drop, so the pieces concatenate to the same text whatever the side.
 */
export function placeFootnoteCalls(
  ops: readonly DiffOp[],
  calls: readonly FootnoteCall[],
  side: RedlineSide,
): RedlinePiece[] {
  const end: RunPoint = { op: ops.length, at: 0 };
  const placed: { point: RunPoint; call: FootnoteCall }[] = [];
  for (const call of calls) {
    if ((side === 'old' && call.status === 'added') || (side === 'new' && call.status === 'removed'))
      continue;
    const oldOffset = side === 'new' ? null : call.oldOffset;
    const newOffset = side === 'old' ? null : call.newOffset;
    const point =
      findRunPoint(ops, oldOffset, newOffset) ??
      (newOffset !== null ? findRunPoint(ops, null, newOffset) : null) ??
      end;
    placed.push({ point, call });
  }
  placed.sort(
    (a, b) =>
      a.point.op - b.point.op ||
      a.point.at - b.point.at ||
      STATUS_ORDER[a.call.status] - STATUS_ORDER[b.call.status] ||
      a.call.number - b.call.number,
  );

  const pieces: RedlinePiece[] = [];
  let next = 0;
  for (const [index, op] of ops.entries()) {
    let cut = 0;
    for (let item = placed[next]; item !== undefined && item.point.op === index; item = placed[++next]) {
      if (item.point.at > cut)
        pieces.push({ type: 'run', op: op.op, text: op.text.slice(cut, item.point.at) });
      cut = Math.max(cut, item.point.at);
      pieces.push({ type: 'call', call: item.call });
    }
    if (cut < op.text.length) pieces.push({ type: 'run', op: op.op, text: op.text.slice(cut) });
  }
  for (const item of placed.slice(next)) pieces.push({ type: 'call', call: item.call });
  return pieces;
}

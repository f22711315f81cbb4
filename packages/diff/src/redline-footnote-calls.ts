/**
 * Footnote calls inside the redline's paragraphs, for the HTML and Word redlines: each call stands at
 * its place in the text, so a reader sees which sentence cites an added, removed or changed footnote.
 *
 * A call in both versions of a block is `kept` and shown once; a call only in the old text (a removed
 * footnote, or the old place of a moved one) is `removed` and shown struck through; a call only in the
 * new text (an added footnote, or the new place of a moved one) is `added` and shown as an insertion.
 * Every call shows the number its footnote has in the redline's footnote list (the new number, or the
 * old one for a removed footnote), so the struck and inserted calls of a moved footnote carry one number;
 * the Word redline's calls are references to Word's own footnotes, which Word numbers.
 *
 * Typed by what it reads (`CallBlock`, `CallNote`), so the web app places calls in the diff's JSON the
 * same way; it imports this module alone (`@accord/diff/footnote-calls`), without the Word redline.
 */
import type { FootnoteDiff } from './document-diff';
import { findRunPoint, type RunPoint } from './op-offsets';
import type { DiffOp } from './word-diff';

export const FOOTNOTE_CALL_STATUSES = ['kept', 'removed', 'added'] as const;
export type FootnoteCallStatus = (typeof FOOTNOTE_CALL_STATUSES)[number];

/**
 * What placing calls reads of a block's entry in a diff: its sides' ids, its word runs, and for a part
 * of a split or joined paragraph which share of the whole's text the runs hold (see `document-diff.ts`).
 */
export interface CallBlock {
  readonly old: { readonly id: string } | null;
  readonly new: { readonly id: string } | null;
  readonly ops: readonly DiffOp[];
  readonly splitFrom?: string;
  readonly splitOffset?: number;
  readonly splitAt?: number;
  readonly joinedInto?: string;
  readonly joinOffset?: number;
  readonly joinedAt?: number;
}

/** What placing calls reads of a footnote's entry in a diff. */
export interface CallNote {
  readonly change: string;
  readonly old: CallSide | null;
  readonly new: CallSide | null;
}

interface CallSide {
  readonly number: number;
  readonly blockId: string;
  readonly offset: number;
}

export interface FootnoteCall<N extends CallNote = FootnoteDiff> {
  readonly status: FootnoteCallStatus;
  /** The number shown, as in the footnote list. */
  readonly number: number;
  /** The footnote's place in `diff.footnotes` (from 0), to link the call to its entry in the list. */
  readonly index: number;
  readonly note: N;
  /**
   * Where the call stands in the old and new text of the block's runs (for a part of a split or joined
   * paragraph, from the start of its share); null on the side it is missing from.
   */
  readonly oldOffset: number | null;
  readonly newOffset: number | null;
}

/**
 * A block's text cut into its word runs and the footnote calls between them. A run's `plain` piece is
 * the space at the edge of an insertion or deletion that separates it from the words around: part of
 * the change (shown on its side, tracked in Word) but without its mark, as the Council's redlines
 * mark words (`peelEdgeSpaces`, which every redline applies to `placeFootnoteCalls`' pieces).
 */
export type RedlinePiece<N extends CallNote = FootnoteDiff> =
  | { readonly type: 'run'; readonly op: DiffOp['op']; readonly text: string; readonly plain?: true }
  | { readonly type: 'call'; readonly call: FootnoteCall<N> };

/** Which text a redline shows: the old (deletions only), the new (insertions only), or both interleaved. */
export type RedlineSide = 'old' | 'new' | 'both';

/** The number a footnote shows in the redline: its new number, or its old one when it was removed. */
export function shownFootnoteNumber(note: CallNote): number {
  return note.new?.number ?? note.old?.number ?? 0;
}

/** The footnote calls of every block of the diff, keyed by the block's entry. */
export function listFootnoteCalls<B extends CallBlock, N extends CallNote>(diff: {
  readonly blocks: readonly B[];
  readonly footnotes: readonly N[];
}): ReadonlyMap<B, readonly FootnoteCall<N>[]> {
  // The entries holding each old block's words and each new block's: one, or the parts of a split
  // or join, each with its share of the text.
  const byOldId = new Map<string, B[]>();
  const byNewId = new Map<string, B[]>();
  const addHolder = (holders: Map<string, B[]>, id: string | undefined, block: B) => {
    if (id === undefined) return;
    const list = holders.get(id);
    if (list) list.push(block);
    else holders.set(id, [block]);
  };
  for (const block of diff.blocks) {
    addHolder(byOldId, block.old?.id ?? block.splitFrom, block);
    addHolder(byNewId, block.new?.id ?? block.joinedInto, block);
  }
  const oldStart = (block: B) => block.splitOffset ?? 0;
  const newStart = (block: B) => block.joinOffset ?? 0;
  const holds = (block: B, side: 'old' | 'new', offset: number) =>
    side === 'old'
      ? offset >= oldStart(block) && offset <= (block.splitAt ?? Number.POSITIVE_INFINITY)
      : offset >= newStart(block) && offset <= (block.joinedAt ?? Number.POSITIVE_INFINITY);
  const holder = (side: 'old' | 'new', blockId: string, offset: number) =>
    (side === 'old' ? byOldId : byNewId).get(blockId)?.find((block) => holds(block, side, offset));
  const calls = new Map<B, FootnoteCall<N>[]>();
  const add = (block: B | undefined, call: FootnoteCall<N>) => {
    if (block === undefined) return; // a footnote citing no block is only in the list
    const list = calls.get(block);
    if (list) list.push(call);
    else calls.set(block, [call]);
  };
  diff.footnotes.forEach((note, index) => {
    const number = shownFootnoteNumber(note);
    const { old, new: current } = note;
    if (note.change !== 'moved' && old && current) {
      const kept = byOldId
        .get(old.blockId)
        ?.find(
          (block) =>
            (block.new?.id ?? block.joinedInto) === current.blockId &&
            holds(block, 'old', old.offset) &&
            holds(block, 'new', current.offset),
        );
      if (kept !== undefined) {
        add(kept, {
          status: 'kept',
          number,
          index,
          note,
          oldOffset: old.offset - oldStart(kept),
          newOffset: current.offset - newStart(kept),
        });
        return;
      }
    }
    if (old) {
      const block = holder('old', old.blockId, old.offset);
      const oldOffset = old.offset - (block ? oldStart(block) : 0);
      add(block, { status: 'removed', number, index, note, oldOffset, newOffset: null });
    }
    if (current) {
      const block = holder('new', current.blockId, current.offset);
      const newOffset = current.offset - (block ? newStart(block) : 0);
      add(block, { status: 'added', number, index, note, oldOffset: null, newOffset });
    }
  });
  return calls;
}

const STATUS_ORDER: Record<FootnoteCallStatus, number> = { removed: 0, kept: 1, added: 2 };

/**
 * The runs of a block with its calls placed between them for one side: a removed call at its old
 * offset, an added one at its new offset, a kept one where both texts reach its offsets (else at its
 * new offset; at its old one on the old side). Runs the side does not show are kept in the result for
 * the renderer to drop, so the pieces concatenate to the same text whatever the side.
 */
export function placeFootnoteCalls<N extends CallNote>(
  ops: readonly DiffOp[],
  calls: readonly FootnoteCall<N>[],
  side: RedlineSide,
): RedlinePiece<N>[] {
  const end: RunPoint = { op: ops.length, at: 0 };
  const placed: { point: RunPoint; call: FootnoteCall<N> }[] = [];
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
  orderCallsAtOnePoint(placed);

  const pieces: RedlinePiece<N>[] = [];
  let next = 0;
  ops.forEach((op, index) => {
    let cut = 0;
    while (next < placed.length && (placed[next] as (typeof placed)[number]).point.op === index) {
      const { point, call } = placed[next] as (typeof placed)[number];
      if (point.at > cut) pieces.push({ type: 'run', op: op.op, text: op.text.slice(cut, point.at) });
      cut = Math.max(cut, point.at);
      pieces.push({ type: 'call', call });
      next++;
    }
    if (cut < op.text.length) pieces.push({ type: 'run', op: op.op, text: op.text.slice(cut) });
  });
  for (; next < placed.length; next++)
    pieces.push({ type: 'call', call: (placed[next] as (typeof placed)[number]).call });
  return pieces;
}

const LEADING_SPACE = /^[^\S\r\n]+/u;
const TRAILING_SPACE = /[^\S\r\n]+$/u;

/**
 * Each inserted or deleted run's space before its first word (and after its last) as a `plain` piece,
 * where something stands on that side in the paragraph: " and further" is inserted words "and further"
 * after a space, so only the words are underlined. A run of spaces alone (a space added or taken out)
 * and a space at an end of the paragraph keep the mark: there is nothing else to see of them.
 */
export function peelEdgeSpaces<N extends CallNote>(pieces: readonly RedlinePiece<N>[]): RedlinePiece<N>[] {
  return pieces.flatMap((piece, index): RedlinePiece<N>[] => {
    if (piece.type !== 'run' || piece.op === 'equal' || piece.plain) return [piece];
    const lead = index > 0 ? (LEADING_SPACE.exec(piece.text)?.[0] ?? '') : '';
    const trail = index < pieces.length - 1 ? (TRAILING_SPACE.exec(piece.text)?.[0] ?? '') : '';
    if (lead === '' && trail === '') return [piece];
    if (lead.length + trail.length >= piece.text.length) return [piece];
    const words = piece.text.slice(lead.length, piece.text.length - trail.length);
    return [
      ...(lead === '' ? [] : [{ type: 'run' as const, op: piece.op, text: lead, plain: true as const }]),
      { type: 'run', op: piece.op, text: words },
      ...(trail === '' ? [] : [{ type: 'run' as const, op: piece.op, text: trail, plain: true as const }]),
    ];
  });
}

/**
 * Calls placed at one point, in the order both texts cite them: the removed and kept ones by their old
 * numbers, the kept and added ones by their new numbers ("adopts.¹²" with ² removed stays so, not
 * "adopts.²¹", which would read back in the old text as the calls reversed).
 */
function orderCallsAtOnePoint<N extends CallNote>(
  placed: { point: RunPoint; call: FootnoteCall<N> }[],
): void {
  let start = 0;
  while (start < placed.length) {
    const first = placed[start] as (typeof placed)[number];
    let end = start + 1;
    while (end < placed.length) {
      const { point } = placed[end] as (typeof placed)[number];
      if (point.op !== first.point.op || point.at !== first.point.at) break;
      end++;
    }
    const group = placed.slice(start, end);
    const oldNumber = (entry: (typeof placed)[number]) => entry.call.note.old?.number ?? 0;
    const removed = group.filter((entry) => entry.call.status === 'removed');
    const added = group.filter((entry) => entry.call.status === 'added');
    const ordered: typeof placed = [];
    for (const kept of group.filter((entry) => entry.call.status === 'kept')) {
      while (removed.length > 0 && oldNumber(removed[0] as (typeof placed)[number]) < oldNumber(kept))
        ordered.push(removed.shift() as (typeof placed)[number]);
      while (added.length > 0 && (added[0] as (typeof placed)[number]).call.number < kept.call.number)
        ordered.push(added.shift() as (typeof placed)[number]);
      ordered.push(kept);
    }
    placed.splice(start, end - start, ...ordered, ...removed, ...added);
    start = end;
  }
}

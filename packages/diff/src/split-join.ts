/**
 * Paragraphs split in two (or more) and joined, so that the redline shows a paragraph mark inserted or
 * deleted and the words that moved with it as kept, as Word's compare does, rather than the same words
 * struck through in one paragraph and inserted in the next.
 *
 * A split: an old block paired with a new one (its first part by id, as the editor's Enter keeps the
 * id there; by text, any part the alignment chose) whose text is, up to white space at each cut, the
 * texts of that partner and of new blocks inserted right next to it, one after the other, ordinary
 * word edits allowed anywhere else. A join is the same the other way: a new block paired with an old
 * one, whose text is that partner's and those of old blocks deleted right next to it.
 *
 * The rule: the whole text is word-diffed against the parts' texts put end to end with a paragraph
 * boundary token between each two (`BOUNDARY`, which no text's tokens can equal). A boundary is a cut
 * only where the nearest words on both sides of it are kept words, the edits between (if any)
 * changing only punctuation and capitals (a split usually gains a full stop and a capital at the
 * cut): the old text ran straight on from the end of one part into the start of the next. A new paragraph that merely repeats a sentence has
 * inserted words beside its boundary and is no part. The diff is `diffTokens` under its usual caps, and
 * each part must also pass the share of edits that makes a block rewritten: a rewritten block never
 * becomes a split. The parts kept are those around the partner whose boundaries are cuts; with fewer
 * parts than offered, the diff is made again with those alone, so a dropped part's words are not
 * counted in a kept one.
 */
import { tokenizeText } from './tokens';
import { type DiffOp, diffTokens, MAX_EDITED_TOKEN_SHARE } from './word-diff';

/** The most blocks (the partner included) a paragraph is taken to be split into or joined from. */
export const MAX_SPLIT_PARTS = 12;

/**
 * The share of a part's words that must be found among the whole's (those the other parts leave) for
 * it to be worth a word diff: a part split off with ordinary edits keeps most of its words.
 */
const MIN_FOUND_SHARE = 0.5;

/** A paragraph boundary between two parts: a token `tokenizeText` never gives (one word or mark per token). */
const BOUNDARY = '\u0000\u00b6\u0000';

/** One part of a split or join: where its words stand in the whole text, and its word runs. */
export interface PartMatch {
  /** The range of the whole text (the old block's in a split, the new block's in a join) it holds. */
  readonly from: number;
  readonly to: number;
  /** From the part's old text to its new text: the whole's slice on one side, the part's text on the other. */
  readonly ops: DiffOp[];
}

export type SplitDirection = 'split' | 'join';

/**
 * How a whole text divides into the given parts, in their order: one match per part kept (at least
 * two, the partner's among them), or null when the text is not those parts (see the rule above). In a
 * split the whole is the old text and the parts are new; in a join the whole is new and the parts are
 * old. `partner` is the part paired with the whole; the parts kept are those around it that follow
 * each other at cuts.
 */
export function matchParts(
  whole: string,
  parts: readonly string[],
  partner: number,
  direction: SplitDirection,
): { readonly first: number; readonly matches: PartMatch[] } | null {
  const wholeTokens = tokenizeText(whole);
  const partTokens = parts.map(tokenizeText);
  // Cheap tests first, so that a paragraph merely inserted next to an edited one costs no word diff:
  // a cut needs a part's first word among the whole's words (in any case, punctuation before it
  // passed over: a part split off takes a capital, or an opening bracket), and a part (with ordinary
  // edits) most of its words among those the partner and the parts nearer to it left over.
  const wholeWords = new Set(wholeTokens.map(caselessWordOf));
  const startsWithWholeWord = (part: number) => {
    const tokens = partTokens[part] as string[];
    const first = tokens.find((token) => /[\p{L}\p{N}]/u.test(token)) ?? tokens[0] ?? '';
    return wholeWords.has(caselessWordOf(first));
  };
  const left = new Map<string, number>();
  for (const token of wholeTokens) left.set(wordOf(token), (left.get(wordOf(token)) ?? 0) + 1);
  const take = (part: number) => {
    let found = 0;
    for (const token of partTokens[part] as string[]) {
      const count = left.get(wordOf(token)) ?? 0;
      if (count > 0) {
        left.set(wordOf(token), count - 1);
        found++;
      }
    }
    return found;
  };
  const fits = (part: number) => {
    const tokens = partTokens[part] as string[];
    return startsWithWholeWord(part) && take(part) >= MIN_FOUND_SHARE * tokens.length;
  };
  take(partner);
  let end = partner + 1;
  while (end < partTokens.length && fits(end)) end++;
  let first = partner;
  while (first > 0 && startsWithWholeWord(first) && fits(first - 1)) first--;
  const boundaryOp = direction === 'split' ? 'insert' : 'delete';
  while (end - first >= 2) {
    const joined: string[] = [];
    for (let i = first; i < end; i++) {
      if (i > first) joined.push(BOUNDARY);
      joined.push(...(partTokens[i] as string[]));
    }
    const { ops, rewritten } =
      direction === 'split' ? diffTokens(wholeTokens, joined) : diffTokens(joined, wholeTokens);
    if (rewritten) {
      // Past the caps with all of them: try the partner and its nearest neighbour alone, once (a
      // part's words left out count as edits of the other two, so this is rarely a split either,
      // and each attempt is a word diff run up to its cap).
      if (end - first === 2) return null;
      if (partner + 1 < end) first = partner;
      else first = partner - 1;
      end = first + 2;
      continue;
    }
    const pieces = cutAtBoundaries(ops, boundaryOp);
    const kept = findKeptParts(pieces, partner - first);
    if (kept === null) return null;
    if (kept.from === 0 && kept.to === end - first) return { first, matches: locateParts(pieces, direction) };
    end = first + kept.to;
    first += kept.from;
  }
  return null;
}

type Piece = DiffOp | typeof BOUNDARY;

/** The runs with each boundary token taken out of the runs it was merged into, as a piece of its own. */
function cutAtBoundaries(ops: readonly DiffOp[], boundaryOp: DiffOp['op']): Piece[] {
  const pieces: Piece[] = [];
  for (const op of ops) {
    if (op.op !== boundaryOp || !op.text.includes(BOUNDARY)) {
      pieces.push(op);
      continue;
    }
    op.text.split(BOUNDARY).forEach((text, index) => {
      if (index > 0) pieces.push(BOUNDARY);
      if (text !== '') pieces.push({ op: op.op, text });
    });
  }
  return pieces;
}

/**
 * The parts around the partner that follow each other at cuts and are not rewritten, as a range of
 * part indexes; null when the partner's part itself is rewritten.
 */
function findKeptParts(pieces: readonly Piece[], partner: number): { from: number; to: number } | null {
  const parts = partsOf(pieces);
  const boundaries: number[] = [];
  pieces.forEach((piece, index) => {
    if (piece === BOUNDARY) boundaries.push(index);
  });
  if (isRewritten(parts[partner] as DiffOp[])) return null;
  // Boundary b stands between parts b and b + 1.
  const joins = (b: number) =>
    isCut(pieces, boundaries[b] as number) && !isRewritten(parts[b < partner ? b : b + 1] as DiffOp[]);
  let from = partner;
  while (from > 0 && joins(from - 1)) from--;
  let to = partner + 1;
  while (to < parts.length && joins(to - 1)) to++;
  return { from, to };
}

/**
 * A boundary whose nearest words on each side, white space passed over, are kept words, once the edits
 * between them and it are seen to change only punctuation and capitals: a paragraph split after
 * "offence; effective …" usually becomes "offence." and "Effective …", and that is still the split,
 * those its edits. A word added or dropped at the cut is no split.
 */
function isCut(pieces: readonly Piece[], index: number): boolean {
  const edits: DiffOp[] = [];
  const reachesKeptWord = (step: 1 | -1): boolean => {
    for (let i = index + step; i >= 0 && i < pieces.length; i += step) {
      const piece = pieces[i] as Piece;
      if (piece === BOUNDARY) return false;
      if (piece.op === 'equal' && /\S/u.test(piece.text)) return true;
      if (piece.op !== 'equal') edits.push(piece);
    }
    return false;
  };
  if (!reachesKeptWord(-1)) return false;
  edits.reverse();
  if (!reachesKeptWord(1)) return false;
  const words = (op: DiffOp['op']) =>
    edits
      .filter((edit) => edit.op === op)
      .flatMap((edit) => edit.text.toLocaleLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
      .join(' ');
  return words('delete') === words('insert');
}

/** A part whose edits pass the share that makes a block rewritten (`MAX_EDITED_TOKEN_SHARE`). */
function isRewritten(ops: readonly DiffOp[]): boolean {
  let edited = 0;
  let total = 0;
  for (const op of ops) {
    const tokens = tokenizeText(op.text).length;
    if (op.op === 'equal') total += 2 * tokens;
    else {
      edited += tokens;
      total += tokens;
    }
  }
  return edited > MAX_EDITED_TOKEN_SHARE * total;
}

function partsOf(pieces: readonly Piece[]): DiffOp[][] {
  const parts: DiffOp[][] = [[]];
  for (const piece of pieces) {
    if (piece === BOUNDARY) parts.push([]);
    else (parts[parts.length - 1] as DiffOp[]).push(piece);
  }
  return parts;
}

function locateParts(pieces: readonly Piece[], direction: SplitDirection): PartMatch[] {
  // The whole is the old text in a split (its equal and deleted runs), the new one in a join.
  const wholeSide: DiffOp['op'] = direction === 'split' ? 'delete' : 'insert';
  let at = 0;
  return partsOf(pieces).map((ops) => {
    const from = at;
    for (const op of ops) if (op.op === 'equal' || op.op === wholeSide) at += op.text.length;
    return { from, to: at, ops };
  });
}

/** A token's word, without the white space before it (as the word diff compares tokens). */
function wordOf(token: string): string {
  return token.replace(/^[^\S\r\n]+/u, '');
}

function caselessWordOf(token: string): string {
  return wordOf(token).toLocaleLowerCase();
}

/** A block's place in a split or join: the whole it belongs to, which part it is, and its match. */
export interface PartOf {
  /** The old block split (in a split), the new block joined into (in a join). */
  readonly whole: number;
  /** Its place among the parts, in the text's order, from 0. */
  readonly index: number;
  readonly count: number;
  /** The old block of the pair: the whole in a split, one of the parts in a join. */
  readonly partner: number;
  readonly match: PartMatch;
}

export interface SplitsAndJoins {
  /** By new index, every part of a split, the whole's partner included. */
  readonly splits: ReadonlyMap<number, PartOf>;
  /** By old index, every part of a join, the whole's partner included. */
  readonly joins: ReadonlyMap<number, PartOf>;
}

/**
 * The splits and joins among paired blocks: a pair whose texts differ, next to blocks inserted in the
 * new version (a split) or deleted from the old one (a join). A pair is one or the other, a split tried
 * first; a block is a part of one split or join at most, the earlier pair's.
 */
export function findSplitsAndJoins(
  oldTexts: readonly string[],
  newTexts: readonly string[],
  newToOld: Int32Array,
): SplitsAndJoins {
  const splits = new Map<number, PartOf>();
  const joins = new Map<number, PartOf>();
  const oldPaired = new Uint8Array(oldTexts.length);
  for (const oldIndex of newToOld) if (oldIndex !== -1) oldPaired[oldIndex] = 1;
  const isFreeNew = (index: number) => newToOld[index] === -1 && !splits.has(index);
  const isFreeOld = (index: number) => oldPaired[index] === 0 && !joins.has(index);
  newToOld.forEach((oldIndex, newIndex) => {
    if (oldIndex === -1) return;
    const oldText = oldTexts[oldIndex] as string;
    const newText = newTexts[newIndex] as string;
    if (oldText === newText) return;
    const split = matchAround(newIndex, newTexts.length, isFreeNew, (from, to) =>
      matchParts(oldText, newTexts.slice(from, to), newIndex - from, 'split'),
    );
    if (split !== null) {
      split.matches.forEach((match, index) => {
        const count = split.matches.length;
        splits.set(split.first + index, { whole: oldIndex, index, count, partner: oldIndex, match });
      });
      return;
    }
    const join = matchAround(oldIndex, oldTexts.length, isFreeOld, (from, to) =>
      matchParts(newText, oldTexts.slice(from, to), oldIndex - from, 'join'),
    );
    join?.matches.forEach((match, index) => {
      const count = join.matches.length;
      joins.set(join.first + index, { whole: newIndex, index, count, partner: oldIndex, match });
    });
  });
  return { splits, joins };
}

/** `match` over the free items on either side of `at` (at most `MAX_SPLIT_PARTS` in all), in absolute indexes. */
function matchAround(
  at: number,
  length: number,
  isFree: (index: number) => boolean,
  match: (from: number, to: number) => { first: number; matches: PartMatch[] } | null,
): { first: number; matches: PartMatch[] } | null {
  let from = at;
  while (from > 0 && at - from < MAX_SPLIT_PARTS / 2 && isFree(from - 1)) from--;
  let to = at + 1;
  while (to < length && to - from < MAX_SPLIT_PARTS && isFree(to)) to++;
  if (to - from < 2) return null;
  const found = match(from, to);
  return found === null ? null : { first: from + found.first, matches: found.matches };
}

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
 * only where the nearest words on both sides of it are kept words: the old text ran straight on from
 * the end of one part into the start of the next. The edits between them and the boundary may change
 * punctuation and capitals (a split usually gains a full stop and a capital at the cut) and at most
 * `MAX_CUT_EDIT_WORDS` words, as drafters do at a cut: a conjunction dropped or added ("offence and
 * that" → "offence." "That"), an opening added ("Furthermore,"), a subject repeated with the
 * conjunction it replaces ("law and emphasises" → "law." "The EU emphasises"). When a word changed,
 * the kept words must run on for `MIN_KEPT_WORDS_BESIDE_CUT` words on each side, so a few common words
 * next to the cut ("That effective …" opening a new paragraph that then says something else) do not
 * make a part. A new paragraph that merely repeats a sentence is no part: its copy stands inserted
 * beside its boundary, more words than a cut may change or, a sentence that short, with fewer kept
 * words beyond it than `MIN_KEPT_WORDS_BESIDE_CUT` (the copy's own). The edits at a cut are shared
 * out between the two parts so that each side's words stand beside those they match
 * ("offence[ and ]{.}¶[that]{That}"). The diff is `diffTokens` under its usual caps, and each part
 * must also pass the share of edits that makes a block rewritten: a rewritten block never becomes a
 * split. The parts kept are those around the partner whose boundaries are cuts; with fewer parts than
 * offered, the diff is made again with those alone, so a dropped part's words are not counted in a
 * kept one.
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

/**
 * The most words a cut may add or drop (see `isCut`): a conjunction dropped ("offence and that" →
 * "offence." "That"), an opening added ("Furthermore,"), and at most a repeated two-word subject with
 * the conjunction it replaces ("law and emphasises" → "law." "The EU emphasises"). A word replaced
 * counts twice; one only capitalised, not at all.
 */
export const MAX_CUT_EDIT_WORDS = 3;

/**
 * With a word added or dropped at a cut, the least kept words on each side of the edits: more than
 * the edit may hold, so that a new paragraph repeating a short sentence (its words kept on one side,
 * the copy inserted on the other) is no part.
 */
export const MIN_KEPT_WORDS_BESIDE_CUT = MAX_CUT_EDIT_WORDS + 1;

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
  // a cut needs one of a part's first words among the whole's words (in any case, punctuation
  // passed over: a part split off takes a capital, or an opening bracket; the words a cut may add
  // before it), and a part (with ordinary edits) most of its words among those the partner and the
  // parts nearer to it left over.
  const wholeWords = new Set(wholeTokens.map(caselessWordOf));
  const startsWithWholeWord = (part: number) => {
    const tokens = partTokens[part] as string[];
    const words = tokens.filter((token) => /[\p{L}\p{N}]/u.test(token));
    const first = words.length > 0 ? words.slice(0, MAX_CUT_EDIT_WORDS + 1) : tokens.slice(0, 1);
    return first.some((token) => wholeWords.has(caselessWordOf(token)));
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

/**
 * The runs with each boundary token taken out of the runs it was merged into, as a piece of its own.
 * The word diff puts a stretch's deletions before its insertions, so the whole's side of the edits at
 * a cut would all fall on one side of the boundary ("offence[ and that]{.}¶{That}"): it is shared out
 * so that each side's words stand with those they match ("offence[ and ]{.}¶[that]{That}"), as
 * `placeCut` finds.
 */
function cutAtBoundaries(ops: readonly DiffOp[], boundaryOp: DiffOp['op']): Piece[] {
  const pieces: Piece[] = [];
  // The whole's side of a stretch of changes: a split's deletion before the insertion holding the
  // boundary, a join's insertion after the deletion holding it.
  const otherOp: DiffOp['op'] = boundaryOp === 'insert' ? 'delete' : 'insert';
  const push = (op: DiffOp['op'], text: string) => {
    if (text !== '') pieces.push({ op, text });
  };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as DiffOp;
    if (op.op !== boundaryOp || !op.text.includes(BOUNDARY)) {
      pieces.push(op);
      continue;
    }
    const texts = op.text.split(BOUNDARY);
    const otherIndex = boundaryOp === 'insert' ? i - 1 : i + 1;
    const other = ops[otherIndex];
    if (texts.length === 2 && other?.op === otherOp) {
      if (boundaryOp === 'insert') pieces.pop();
      else i++;
      const [before, after] = texts as [string, string];
      const at = placeCut(other.text, before, after, boundaryOp === 'insert' ? 'end' : 'start');
      // Within each part, as the word diff has it, the deletion before the insertion.
      const sides = [
        [other.text.slice(0, at), before],
        [other.text.slice(at), after],
      ] as const;
      sides.forEach(([whole, part], side) => {
        if (side > 0) pieces.push(BOUNDARY);
        if (otherOp === 'delete') push('delete', whole);
        push(boundaryOp, part);
        if (otherOp === 'insert') push('insert', whole);
      });
      continue;
    }
    texts.forEach((text, index) => {
      if (index > 0) pieces.push(BOUNDARY);
      push(op.op, text);
    });
  }
  return pieces;
}

/**
 * Where in `whole` (the whole's side of the edits at a cut) the boundary falls: at the start of a
 * token, or past the white space it opens with, wherever the most words (in any case) match those of
 * `before` and `after`, the parts' sides before and after it. On a tie the place nearest the word
 * diff's own stands (`end` of a split's deletion, `start` of a join's insertion); past a cut's few
 * words, that place.
 */
function placeCut(whole: string, before: string, after: string, fallback: 'start' | 'end'): number {
  const tokens = tokenizeText(whole);
  const fallbackAt = fallback === 'start' ? 0 : whole.length;
  // Each place costs a word comparison: a cut's edits are a few words, their punctuation and spaces.
  if (tokens.length > 4 * (MAX_CUT_EDIT_WORDS + 1)) return fallbackAt;
  const caselessWords = (text: string) => wordsOf(text.toLocaleLowerCase());
  const beforeWords = caselessWords(before);
  const afterWords = caselessWords(after);
  const places = [whole.length];
  let start = 0;
  for (const token of tokens) {
    places.push(start, start + (token.match(/^[^\S\r\n]*/u)?.[0].length ?? 0));
    start += token.length;
  }
  let best = { at: fallbackAt, matched: -1, distance: 0 };
  for (const at of places) {
    const matched =
      countCommonWords(caselessWords(whole.slice(0, at)), beforeWords) +
      countCommonWords(caselessWords(whole.slice(at)), afterWords);
    const distance = Math.abs(at - fallbackAt);
    if (matched > best.matched || (matched === best.matched && distance < best.distance))
      best = { at, matched, distance };
  }
  return best.at;
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
 * A boundary whose nearest words on each side, white space passed over, are kept words, the edits
 * between them and it (its edits at the cut) changing at most `MAX_CUT_EDIT_WORDS` words: a paragraph
 * split after "offence; effective …" usually becomes "offence." and "Effective …" (no word changed, a
 * capital aside), one split after "offence and that" may drop the "and" ("offence." and "That …"),
 * and one split before "emphasises" may also repeat the subject ("The EU emphasises"). When a word
 * changed, the kept words beside the edits must run on for `MIN_KEPT_WORDS_BESIDE_CUT` words on each
 * side, so a few common words ("The EU", "that") kept next to a new paragraph's or a rewrite's words
 * do not make it a part.
 */
function isCut(pieces: readonly Piece[], index: number): boolean {
  const edits: DiffOp[] = [];
  // The kept words from the nearest kept run on, up to a word inserted or deleted or another
  // boundary; -1 when a boundary or the text's end comes first.
  const countKeptWords = (step: 1 | -1): number => {
    let i = index + step;
    for (; i >= 0 && i < pieces.length; i += step) {
      const piece = pieces[i] as Piece;
      if (piece === BOUNDARY) return -1;
      if (piece.op === 'equal' && /\S/u.test(piece.text)) break;
      if (piece.op !== 'equal') edits.push(piece);
    }
    if (i < 0 || i >= pieces.length) return -1;
    let kept = 0;
    for (; i >= 0 && i < pieces.length; i += step) {
      const piece = pieces[i] as Piece;
      if (piece === BOUNDARY) break;
      if (piece.op === 'equal') kept += wordsOf(piece.text).length;
      else if (wordsOf(piece.text).length > 0) break;
    }
    return kept;
  };
  const keptBefore = countKeptWords(-1);
  if (keptBefore < 0) return false;
  edits.reverse();
  const keptAfter = countKeptWords(1);
  if (keptAfter < 0) return false;
  const words = (op: DiffOp['op']) =>
    edits.filter((edit) => edit.op === op).flatMap((edit) => wordsOf(edit.text.toLocaleLowerCase()));
  const deleted = words('delete');
  const inserted = words('insert');
  // Past the bound by their counts alone, a whole inserted sentence is not compared word by word.
  if (Math.abs(deleted.length - inserted.length) > MAX_CUT_EDIT_WORDS) return false;
  const changed = deleted.length + inserted.length - 2 * countCommonWords(deleted, inserted);
  if (changed === 0) return true;
  return changed <= MAX_CUT_EDIT_WORDS && Math.min(keptBefore, keptAfter) >= MIN_KEPT_WORDS_BESIDE_CUT;
}

/** The words (letters and digits) of a text, punctuation and white space left out. */
function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The length of the longest common subsequence of two word lists. */
function countCommonWords(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const word of a) {
    const row = [0];
    b.forEach((other, j) => {
      row.push(
        word === other ? (previous[j] as number) + 1 : Math.max(previous[j + 1] as number, row[j] as number),
      );
    });
    previous = row;
  }
  return previous[b.length] as number;
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

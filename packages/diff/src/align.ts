/**
 * Pairing the items (blocks or footnotes) of two versions of a document.
 *
 * By id when the versions come from the same live document: ids are stable across edits, so a pair is
 * exact and renumbering cannot disturb it. By text when the ids mean nothing across the two versions
 * (two files parsed separately): identical texts pair first, in order (the copies of a repeated text
 * never cross); then each remaining new item pairs with the most similar remaining old item, if the
 * similarity reaches `SIMILARITY_THRESHOLD`; a paragraph split in two, or two joined, pairs with the
 * part it starts with, as the editor keeps the id there.
 *
 * The similarity search is bounded: a new item is only compared with the unpaired old items nearest to
 * where it would stand (`NEARBY_CANDIDATES`) and with those sharing its rarest word pairs
 * (`CONTENT_CANDIDATES`), so two unrelated 2,000-paragraph files do not cost four million comparisons.
 */

export const ALIGNMENTS = ['auto', 'id', 'text'] as const;
export type Alignment = (typeof ALIGNMENTS)[number];

/** Dice coefficient of the two texts' words (case folded, punctuation left out) from which a pair counts as the same item. */
export const SIMILARITY_THRESHOLD = 0.5;
/** Unpaired old items nearest the expected position that a new item is compared with. */
export const NEARBY_CANDIDATES = 8;
/** Unpaired old items sharing the most word pairs that a new item is compared with. */
export const CONTENT_CANDIDATES = 8;
/** The share of a shorter text's words found in a longer one from which it may be a part of it, split off or joined on. */
export const PART_SHARE = 0.8;
/** A word pair found in more old items than this says nothing about which one is meant. */
export const MAX_WORD_PAIR_POSTINGS = 8;

export interface AlignableItem {
  readonly id: string;
  readonly text: string;
}

/**
 * 'id' when the two versions share ids and pairing by id keeps at least as many items word for word as
 * pairing by text would; 'text' otherwise.
 *
 * Shared ids alone are not proof: a parser may number ids by position ("b1", "b2", …), so two files
 * share them all, and after a paragraph added or removed every later id names another paragraph. Then
 * pairing by text finds more identical items than pairing by id, and that decides it.
 */
export function chooseAlignment(
  oldItems: readonly AlignableItem[],
  newItems: readonly AlignableItem[],
): 'id' | 'text' {
  if (oldItems.length === 0 || newItems.length === 0) return 'id';
  const oldById = new Map<string, AlignableItem>();
  const oldTextCounts = new Map<string, number>();
  for (const item of oldItems) {
    if (!oldById.has(item.id)) oldById.set(item.id, item);
    oldTextCounts.set(item.text, (oldTextCounts.get(item.text) ?? 0) + 1);
  }
  let sharedIds = 0;
  let identicalById = 0;
  let identicalByText = 0;
  for (const item of newItems) {
    const partner = oldById.get(item.id);
    if (partner !== undefined) {
      sharedIds++;
      if (partner.text === item.text) identicalById++;
    }
    const left = oldTextCounts.get(item.text) ?? 0;
    if (left > 0) {
      identicalByText++;
      oldTextCounts.set(item.text, left - 1);
    }
  }
  if (sharedIds * 2 < Math.min(oldItems.length, newItems.length)) return 'text';
  return identicalById >= identicalByText ? 'id' : 'text';
}

/**
 * For each new item, the index of its old partner, or -1. By id; then a new item left over pairs with
 * an old one left over that has the same words, copies in their order: a paragraph cut and pasted
 * elsewhere comes back under a new id (the editor gives pasted text one), and is a move, not a
 * deletion and an insertion. Empty items never pair by their words.
 */
export function alignById(
  oldItems: readonly AlignableItem[],
  newItems: readonly AlignableItem[],
): Int32Array {
  const oldIndex = new Map<string, number>();
  oldItems.forEach((item, index) => {
    if (!oldIndex.has(item.id)) oldIndex.set(item.id, index);
  });
  const taken = new Uint8Array(oldItems.length);
  const newToOld = Int32Array.from(newItems, (item) => {
    const index = oldIndex.get(item.id);
    if (index === undefined || taken[index]) return -1;
    taken[index] = 1;
    return index;
  });
  const leftByText = new Map<string, number[]>();
  oldItems.forEach((item, index) => {
    if (taken[index] || item.text.trim() === '') return;
    const list = leftByText.get(item.text);
    if (list) list.push(index);
    else leftByText.set(item.text, [index]);
  });
  newItems.forEach((item, newIndex) => {
    if (newToOld[newIndex] !== -1) return;
    const index = leftByText.get(item.text)?.shift();
    if (index !== undefined) newToOld[newIndex] = index;
  });
  return newToOld;
}

/** For each new item, the index of its old partner by identical or similar text, or -1. */
export function alignByText(oldTexts: readonly string[], newTexts: readonly string[]): Int32Array {
  const newToOld = new Int32Array(newTexts.length).fill(-1);
  const oldTaken = new Uint8Array(oldTexts.length);

  // Texts found once on each side pair first; they anchor where repeated texts are expected to stand.
  const oldByText = indexesByText(oldTexts);
  const newByText = indexesByText(newTexts);
  for (const [text, newIndexes] of newByText) {
    const oldIndexes = oldByText.get(text);
    if (newIndexes.length !== 1 || oldIndexes?.length !== 1) continue;
    newToOld[newIndexes[0] as number] = oldIndexes[0] as number;
    oldTaken[oldIndexes[0] as number] = 1;
  }
  // A repeated text pairs with the unpaired old copy nearest to where it would stand, copies of one
  // text in their order: identical paragraphs are interchangeable, so pairing them crosswise (the
  // anchor before them having moved) would show one as moved when only the other paragraph did.
  // A copy leaves one old copy after it for each new copy still to come, while there are enough.
  const lastOldCopy = new Map<string, number>();
  const newCopiesSeen = new Map<string, number>();
  let previousPaired = -1;
  let previousOld = -1;
  newTexts.forEach((text, newIndex) => {
    if (newToOld[newIndex] === -1) {
      const seen = newCopiesSeen.get(text) ?? 0;
      newCopiesSeen.set(text, seen + 1);
      const later = (newByText.get(text)?.length ?? 0) - seen - 1;
      const after = lastOldCopy.get(text) ?? -1;
      const free = oldByText.get(text)?.filter((oldIndex) => !oldTaken[oldIndex] && oldIndex > after) ?? [];
      const copies = free.length > later ? free.slice(0, free.length - later) : free;
      const expected = previousPaired === -1 ? newIndex : previousOld + (newIndex - previousPaired);
      const [closest] = nearest(copies, expected, 1);
      if (closest !== undefined) {
        newToOld[newIndex] = closest;
        oldTaken[closest] = 1;
        lastOldCopy.set(text, closest);
      }
    }
    if (newToOld[newIndex] !== -1) {
      previousPaired = newIndex;
      previousOld = newToOld[newIndex] as number;
    }
  });

  pairSimilar(oldTexts, newTexts, newToOld, oldTaken);
  return newToOld;
}

function indexesByText(texts: readonly string[]): Map<string, number[]> {
  const byText = new Map<string, number[]>();
  texts.forEach((text, index) => {
    const list = byText.get(text);
    if (list) list.push(index);
    else byText.set(text, [index]);
  });
  return byText;
}

interface Candidate {
  readonly newIndex: number;
  readonly oldIndex: number;
  readonly score: number;
  readonly distance: number;
}

function pairSimilar(
  oldTexts: readonly string[],
  newTexts: readonly string[],
  newToOld: Int32Array,
  oldTaken: Uint8Array,
): void {
  const unpairedOld: number[] = [];
  oldTexts.forEach((_, index) => {
    if (!oldTaken[index]) unpairedOld.push(index);
  });
  const unpairedNew: number[] = [];
  newTexts.forEach((_, index) => {
    if (newToOld[index] === -1) unpairedNew.push(index);
  });
  if (unpairedOld.length === 0 || unpairedNew.length === 0) return;

  const vocabulary = new Map<string, number>();
  const oldWords = wordIdsOf(oldTexts, unpairedOld, vocabulary);
  const newWords = wordIdsOf(newTexts, unpairedNew, vocabulary);
  const oldBags = oldWords.map(sortedCopy);
  const newBags = newWords.map(sortedCopy);
  const size = vocabulary.size;

  const postings = new Map<number, number[]>();
  for (const oldIndex of unpairedOld) {
    const ids = oldWords[oldIndex] as Int32Array;
    for (let i = 1; i < ids.length; i++) {
      const key = (ids[i - 1] as number) * size + (ids[i] as number);
      const list = postings.get(key);
      if (list === undefined) postings.set(key, [oldIndex]);
      else if (list.length <= MAX_WORD_PAIR_POSTINGS && list[list.length - 1] !== oldIndex)
        list.push(oldIndex);
    }
  }

  const hits = new Int32Array(oldTexts.length);
  const candidates: Candidate[] = [];

  // A paragraph split in two, or two joined, pairs with the part where it starts (the first new part,
  // the first old paragraph), as the editor's Enter and Backspace keep the id there: by similarity
  // alone the longer part would win, and a numbered paragraph split before a long sentence would show
  // as inserted while its number went to the follow-on paragraph, its positions with it. A shorter
  // text whose words are nearly all in a longer one (`PART_SHARE`) may be a part of it; with an
  // unpaired neighbour that is one too, the two are its parts when together they are more like it
  // than either alone, and the pair scores as the two parts together do.
  const isUnpairedNew = new Uint8Array(newTexts.length);
  for (const index of unpairedNew) isUnpairedNew[index] = 1;
  const isPart = (part: Int32Array, whole: Int32Array, shared: number) =>
    part.length > 0 && part.length < whole.length && shared >= PART_SHARE * part.length;
  const offerParts = (
    pairNew: number,
    pairOld: number,
    whole: Int32Array,
    part: Int32Array,
    partScore: number,
    neighbour: Int32Array,
    distance: number,
  ) => {
    const neighbourShared = sharedWords(whole, neighbour);
    if (!isPart(neighbour, whole, neighbourShared)) return;
    const score = diceCoefficient(whole, mergeSorted(part, neighbour));
    const neighbourScore = (2 * neighbourShared) / (whole.length + neighbour.length);
    if (score < SIMILARITY_THRESHOLD || score <= partScore || score <= neighbourScore) return;
    candidates.push({ newIndex: pairNew, oldIndex: pairOld, score, distance });
  };
  let previousPaired = -1;
  let previousOld = -1;
  let cursor = 0;
  for (const newIndex of unpairedNew) {
    // The old partner of the nearest paired item before this one anchors where this one would stand.
    for (; cursor < newIndex; cursor++) {
      if (newToOld[cursor] !== -1) {
        previousPaired = cursor;
        previousOld = newToOld[cursor] as number;
      }
    }
    const expected = previousPaired === -1 ? newIndex : previousOld + (newIndex - previousPaired);
    const ids = newWords[newIndex] as Int32Array;
    const bag = newBags[newIndex] as Int32Array;
    const compared = nearest(unpairedOld, expected, NEARBY_CANDIDATES);
    for (const oldIndex of sharingWordPairs(ids, size, postings, hits)) {
      if (!compared.includes(oldIndex)) compared.push(oldIndex);
    }
    for (const oldIndex of compared) {
      const oldBag = oldBags[oldIndex] as Int32Array;
      const distance = Math.abs(oldIndex - expected);
      const shared = sharedWords(oldBag, bag);
      const score = oldBag.length + bag.length === 0 ? 1 : (2 * shared) / (oldBag.length + bag.length);
      if (score >= SIMILARITY_THRESHOLD) candidates.push({ newIndex, oldIndex, score, distance });
      if (isPart(bag, oldBag, shared)) {
        // Split: this new paragraph and a neighbour are the old one's two parts.
        if (isUnpairedNew[newIndex + 1]) {
          const next = newBags[newIndex + 1] as Int32Array;
          offerParts(newIndex, oldIndex, oldBag, bag, score, next, distance);
        }
        if (newIndex > 0 && isUnpairedNew[newIndex - 1]) {
          const previous = newBags[newIndex - 1] as Int32Array;
          offerParts(newIndex - 1, oldIndex, oldBag, bag, score, previous, distance);
        }
      } else if (isPart(oldBag, bag, shared)) {
        // Join: this old paragraph and a neighbour are the new one's two parts.
        if (oldIndex + 1 < oldTexts.length && !oldTaken[oldIndex + 1]) {
          const next = oldBags[oldIndex + 1] as Int32Array;
          offerParts(newIndex, oldIndex, bag, oldBag, score, next, distance);
        }
        if (oldIndex > 0 && !oldTaken[oldIndex - 1]) {
          const previous = oldBags[oldIndex - 1] as Int32Array;
          offerParts(newIndex, oldIndex - 1, bag, oldBag, score, previous, distance);
        }
      }
    }
  }

  candidates.sort(
    (a, b) =>
      b.score - a.score || a.distance - b.distance || a.newIndex - b.newIndex || a.oldIndex - b.oldIndex,
  );
  for (const { newIndex, oldIndex } of candidates) {
    if (newToOld[newIndex] !== -1 || oldTaken[oldIndex]) continue;
    newToOld[newIndex] = oldIndex;
    oldTaken[oldIndex] = 1;
  }
}

/** Up to `count` entries of the sorted list `sorted` closest to `target`. */
function nearest(sorted: readonly number[], target: number, count: number): number[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  const found: number[] = [];
  let left = low - 1;
  let right = low;
  while (found.length < count && (left >= 0 || right < sorted.length)) {
    const leftValue = left >= 0 ? (sorted[left] as number) : Number.NEGATIVE_INFINITY;
    const rightValue = right < sorted.length ? (sorted[right] as number) : Number.POSITIVE_INFINITY;
    if (target - leftValue <= rightValue - target) {
      found.push(leftValue);
      left--;
    } else {
      found.push(rightValue);
      right++;
    }
  }
  return found;
}

/** The old items sharing the most word pairs with a new item; `hits` is zeroed scratch space. */
function sharingWordPairs(
  ids: Int32Array,
  size: number,
  postings: Map<number, number[]>,
  hits: Int32Array,
): number[] {
  const touched: number[] = [];
  for (let i = 1; i < ids.length; i++) {
    const list = postings.get((ids[i - 1] as number) * size + (ids[i] as number));
    if (list === undefined || list.length > MAX_WORD_PAIR_POSTINGS) continue;
    for (const oldIndex of list) {
      if (hits[oldIndex] === 0) touched.push(oldIndex);
      hits[oldIndex] = (hits[oldIndex] as number) + 1;
    }
  }
  touched.sort((a, b) => (hits[b] as number) - (hits[a] as number) || a - b);
  const best = touched.slice(0, CONTENT_CANDIDATES);
  for (const oldIndex of touched) hits[oldIndex] = 0;
  return best;
}

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;

/** Case-folded word ids of the listed texts (punctuation left out), indexed like `texts`. */
function wordIdsOf(texts: readonly string[], indexes: readonly number[], vocabulary: Map<string, number>) {
  const ids: Int32Array[] = [];
  for (const index of indexes) {
    const words = (texts[index] as string).toLowerCase().match(WORD) ?? [];
    ids[index] = Int32Array.from(words, (word) => {
      let id = vocabulary.get(word);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(word, id);
      }
      return id;
    });
  }
  return ids;
}

function sortedCopy(ids: Int32Array): Int32Array {
  return ids.slice().sort();
}

/** The bag of two sorted bags of word ids together, sorted. */
function mergeSorted(a: Int32Array, b: Int32Array): Int32Array {
  const merged = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length)
    merged[k++] = (a[i] as number) <= (b[j] as number) ? (a[i++] as number) : (b[j++] as number);
  while (i < a.length) merged[k++] = a[i++] as number;
  while (j < b.length) merged[k++] = b[j++] as number;
  return merged;
}

/** 2·|A∩B| / (|A|+|B|) over two sorted bags of word ids. */
export function diceCoefficient(a: Int32Array, b: Int32Array): number {
  if (a.length + b.length === 0) return 1;
  return (2 * sharedWords(a, b)) / (a.length + b.length);
}

/** |A∩B| of two sorted bags of word ids. */
function sharedWords(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

/**
 * Which paired items kept their relative order: the longest run of pairs whose old positions increase
 * along the new order. Pairs outside it are the ones that moved. Returns a flag per new index.
 */
export function findInPlace(newToOld: Int32Array): Uint8Array {
  const inPlace = new Uint8Array(newToOld.length);
  // tails[k]: the new index ending the best increasing run of length k+1 found so far.
  const tails: number[] = [];
  const previous = new Int32Array(newToOld.length).fill(-1);
  for (let newIndex = 0; newIndex < newToOld.length; newIndex++) {
    const oldIndex = newToOld[newIndex] as number;
    if (oldIndex === -1) continue;
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((newToOld[tails[middle] as number] as number) < oldIndex) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[newIndex] = tails[low - 1] as number;
    tails[low] = newIndex;
  }
  for (
    let at = tails.length > 0 ? (tails[tails.length - 1] as number) : -1;
    at !== -1;
    at = previous[at] as number
  ) {
    inPlace[at] = 1;
  }
  return inPlace;
}

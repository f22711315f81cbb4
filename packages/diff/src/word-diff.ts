import { diffSequences, EDIT } from './myers';
import { tokenizeText } from './tokens';

export const OPS = ['equal', 'insert', 'delete'] as const;
export type Op = (typeof OPS)[number];

/** A run of text: kept (`equal`), added (`insert`) or removed (`delete`). */
export interface DiffOp {
  readonly op: Op;
  readonly text: string;
}

/**
 * The most insertions plus deletions (in word tokens) a block's word diff may take. Beyond it the
 * block is reported as rewritten: its old text deleted and its new text inserted as a whole. The
 * work of the diff grows with the square of this number, so it also bounds the time per block.
 */
export const MAX_EDIT_TOKENS_PER_BLOCK = 500;

/**
 * The most insertions plus deletions, as a share of both texts' tokens, a block's word diff may take
 * before the block counts as rewritten: at 2/3, less than about a third of the words survive. A word
 * diff of a rewritten paragraph is a scatter of kept "the"s and "of"s that helps no reader, and
 * recognising it early is what keeps a fully rewritten document fast.
 */
export const MAX_EDITED_TOKEN_SHARE = 2 / 3;

/**
 * The most word tokens, on both sides together and after the common beginning and end are set aside,
 * that a block's word diff looks at. Beyond it the block is rewritten without trying: the diff's
 * work also grows with the length of the texts, and a block that long is a document of its own.
 */
export const MAX_DIFF_TOKENS_PER_BLOCK = 10_000;

export interface TextDiff {
  readonly ops: DiffOp[];
  /** True when the diff went beyond a cap and fell back to one deletion and one insertion. */
  readonly rewritten: boolean;
}

/**
 * Word-level runs from `oldText` to `newText`. Equal and deleted runs concatenate to the old text,
 * equal and inserted runs to the new text; within a stretch of changes the deletion comes first.
 */
export function diffText(oldText: string, newText: string): TextDiff {
  if (oldText === newText)
    return { ops: oldText === '' ? [] : [{ op: 'equal', text: oldText }], rewritten: false };
  if (oldText === '') return { ops: [{ op: 'insert', text: newText }], rewritten: false };
  if (newText === '') return { ops: [{ op: 'delete', text: oldText }], rewritten: false };
  return diffTokens(tokenizeText(oldText), tokenizeText(newText));
}

/**
 * `diffText` over texts already cut into tokens (`tokenizeText`), under the same caps. A caller may
 * put a token of its own in a list (one no text gives, such as the paragraph boundary of
 * `split-join.ts`): compared by its text like any other, it is never equal to a word.
 */
export function diffTokens(oldTokens: readonly string[], newTokens: readonly string[]): TextDiff {
  let prefix = 0;
  const shorter = Math.min(oldTokens.length, newTokens.length);
  while (prefix < shorter && oldTokens[prefix] === newTokens[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    oldTokens[oldTokens.length - 1 - suffix] === newTokens[newTokens.length - 1 - suffix]
  ) {
    suffix++;
  }
  const oldMiddle = oldTokens.slice(prefix, oldTokens.length - suffix);
  const newMiddle = newTokens.slice(prefix, newTokens.length - suffix);

  const maxEdits = Math.min(
    MAX_EDIT_TOKENS_PER_BLOCK,
    Math.floor(MAX_EDITED_TOKEN_SHARE * (oldTokens.length + newTokens.length)),
  );
  const runs = new RunBuilder();
  runs.push('equal', oldTokens.slice(0, prefix).join(''));
  if (oldMiddle.length === 0 || newMiddle.length === 0) {
    runs.push('delete', oldMiddle.join(''));
    runs.push('insert', newMiddle.join(''));
  } else {
    const middle = diffMiddle(oldMiddle, newMiddle, maxEdits);
    if (middle === null) return rewrite(oldTokens.join(''), newTokens.join(''));
    for (const op of middle) runs.push(op.op, op.text);
  }
  runs.push('equal', oldTokens.slice(oldTokens.length - suffix).join(''));
  return { ops: runs.finish(), rewritten: false };
}

function rewrite(oldText: string, newText: string): TextDiff {
  return {
    ops: [
      { op: 'delete', text: oldText },
      { op: 'insert', text: newText },
    ],
    rewritten: true,
  };
}

function diffMiddle(
  oldTokens: readonly string[],
  newTokens: readonly string[],
  maxEdits: number,
): DiffOp[] | null {
  if (oldTokens.length + newTokens.length > MAX_DIFF_TOKENS_PER_BLOCK) return null;
  const ids = new Map<string, number>();
  // Tokens are compared without the space they carry, so a word that gains or loses the space before
  // it ("In view" → "Accordingly, In view") still matches; the space difference is emitted below.
  const intern = (tokens: readonly string[]) =>
    Int32Array.from(tokens, (token) => {
      const key = wordOf(token);
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      return id;
    });
  const a = intern(oldTokens);
  const b = intern(newTokens);
  // Every token only one side has must be deleted or inserted: when that alone passes the cap,
  // skip the search that would end there anyway.
  if (lowerBoundOfEdits(a, b, ids.size) > maxEdits) return null;
  const script = diffSequences(a, b, maxEdits);
  if (script === null) return null;
  const ops: DiffOp[] = [];
  let x = 0;
  let y = 0;
  for (const run of script) {
    if (run.edit === EDIT.insert) {
      ops.push({ op: 'insert', text: newTokens.slice(y, y + run.length).join('') });
      y += run.length;
    } else if (run.edit === EDIT.delete) {
      ops.push({ op: 'delete', text: oldTokens.slice(x, x + run.length).join('') });
      x += run.length;
    } else {
      for (let i = 0; i < run.length; i++)
        pushMatched(ops, oldTokens[x + i] as string, newTokens[y + i] as string);
      x += run.length;
      y += run.length;
    }
  }
  return ops;
}

/** A token without the horizontal whitespace before it; a whitespace-only token stays as it is. */
function wordOf(token: string): string {
  const first = token.charCodeAt(0);
  if (first !== 0x20 && first !== 0x09) return token;
  const word = token.replace(/^[^\S\r\n]+/u, '');
  return word === '' ? token : word;
}

/** Two tokens with the same word: kept, with only a change of the space before it shown. */
function pushMatched(ops: DiffOp[], oldToken: string, newToken: string): void {
  if (oldToken === newToken) {
    ops.push({ op: 'equal', text: oldToken });
    return;
  }
  const word = wordOf(oldToken);
  const oldSpace = oldToken.slice(0, oldToken.length - word.length);
  const newSpace = newToken.slice(0, newToken.length - word.length);
  if (oldSpace !== '') ops.push({ op: 'delete', text: oldSpace });
  if (newSpace !== '') ops.push({ op: 'insert', text: newSpace });
  ops.push({ op: 'equal', text: word });
}

function lowerBoundOfEdits(a: Int32Array, b: Int32Array, vocabulary: number): number {
  const counts = new Int32Array(vocabulary);
  for (const id of a) counts[id] = (counts[id] as number) + 1;
  let shared = 0;
  for (const id of b) {
    if ((counts[id] as number) > 0) {
      counts[id] = (counts[id] as number) - 1;
      shared++;
    }
  }
  return a.length + b.length - 2 * shared;
}

/** Collects runs, merging neighbours and putting a stretch's deletions before its insertions. */
class RunBuilder {
  private readonly ops: DiffOp[] = [];
  private deleted = '';
  private inserted = '';

  push(op: DiffOp['op'], text: string): void {
    if (text === '') return;
    if (op === 'delete') this.deleted += text;
    else if (op === 'insert') this.inserted += text;
    else {
      this.flushChanges();
      const last = this.ops[this.ops.length - 1];
      if (last?.op === 'equal') this.ops[this.ops.length - 1] = { op: 'equal', text: last.text + text };
      else this.ops.push({ op: 'equal', text });
    }
  }

  finish(): DiffOp[] {
    this.flushChanges();
    return this.ops;
  }

  private flushChanges(): void {
    // A change whose one side is only the space the other side starts with keeps that space: dropping
    // the brackets of "framework [by the end]" deletes " [" and gives "by" the space before it, which
    // is no insertion. (A replaced word keeps its space with it: " notes" → " welcomes".)
    const space = commonLeadingSpace(this.deleted, this.inserted);
    if (space !== '' && (space === this.deleted || space === this.inserted)) {
      this.deleted = this.deleted.slice(space.length);
      this.inserted = this.inserted.slice(space.length);
      const last = this.ops[this.ops.length - 1];
      if (last?.op === 'equal') this.ops[this.ops.length - 1] = { op: 'equal', text: last.text + space };
      else this.ops.push({ op: 'equal', text: space });
    }
    if (this.deleted !== '') this.ops.push({ op: 'delete', text: this.deleted });
    if (this.inserted !== '') this.ops.push({ op: 'insert', text: this.inserted });
    this.deleted = '';
    this.inserted = '';
  }
}

/** The horizontal white space both texts open with. */
function commonLeadingSpace(a: string, b: string): string {
  let length = 0;
  while (
    length < a.length &&
    length < b.length &&
    a[length] === b[length] &&
    /[^\S\r\n]/u.test(a[length] as string)
  )
    length++;
  return a.slice(0, length);
}

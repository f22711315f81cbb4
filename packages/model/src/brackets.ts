/**
 * Square brackets mark text that is not yet agreed. A span is one balanced `[ … ]` pair at the outermost
 * level; a stray bracket is kept as text (no span to mark), yet it still keeps the block open.
 */
export interface BracketSpan {
  /** Offset of the opening bracket. */
  readonly start: number;
  /** Offset just after the closing bracket. */
  readonly end: number;
}

export function findBracketSpans(text: string): BracketSpan[] {
  const spans: BracketSpan[] = [];
  let depth = 0;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '[') {
      if (depth === 0) open = i;
      depth++;
    } else if (ch === ']' && depth > 0) {
      depth--;
      if (depth === 0) spans.push({ start: open, end: i + 1 });
    }
  }
  return spans;
}

/**
 * How many bracketed (not yet agreed) spans a block's text holds. An unbalanced bracket counts too: a
 * `[` left without its `]` (or a `]` without its `[`) is usually a closing bracket deleted in an edit,
 * and the text around it is not agreed until someone settles it; reading it as no bracket at all would
 * let the block count as agreed.
 */
export function countBracketSpans(text: string): number {
  let spans = 0;
  let strayClosers = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '[') depth++;
    else if (ch === ']') {
      if (depth === 0) strayClosers++;
      else if (--depth === 0) spans++;
    }
  }
  return spans + strayClosers + (depth > 0 ? 1 : 0);
}

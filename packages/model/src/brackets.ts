/**
 * Square brackets mark text that is not yet agreed. A span is one balanced `[ … ]` pair at the outermost
 * level; a stray bracket is kept as text and does not count as a span.
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

/** How many bracketed (not yet agreed) spans a block's text holds. */
export function countBracketSpans(text: string): number {
  return findBracketSpans(text).length;
}

/**
 * Refuses Markdown that would make micromark (behind mdast-util-from-markdown) take superlinear time or
 * build a tree too deep to walk, before the real parse starts. micromark has no guard of its own:
 *
 *   - containers opened on one line (`> > > …`, `- - - …`) and lists nested by indentation cost time
 *     that grows with the square (or worse) of their depth, and the tree they give is as deep;
 *   - inside one paragraph, each emphasis delimiter, bracket, escape, entity, code span, HTML tag or line
 *     ending is resolved against the paragraph's events with array splices and backward scans, so a
 *     paragraph's cost grows with the square of how many it holds (24,000 `*` took 11 s, then
 *     overflowed the stack).
 *
 * Both are bounded by counting, never by guessing at intent: nesting per line (`MAX_NESTING_DEPTH`), and
 * inline syntax per paragraph (`MAX_PARAGRAPH_SYNTAX`). A cheap scan counts per line (a line over the
 * limit is refused at once) and per run of non-blank lines, which holds every paragraph; only when such
 * a run is over the limit (a long tight list, say) are the real paragraphs found, by a parse with the
 * inline constructs switched off, and counted. That parse still costs what micromark's block parse
 * costs: a paragraph of thousands of lines, each with a bracket or `&`, is refused, but slowly.
 */
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { type FormatError, formatError } from './format-error';
import {
  MAX_BLOCK_QUOTES,
  MAX_BLOCKS,
  MAX_MARKDOWN_LINES,
  MAX_NESTING_DEPTH,
  MAX_PARAGRAPH_SYNTAX,
} from './limits';

/** Every construct micromark tries inside a paragraph: with these off, inline parsing is linear. */
const INLINE_CONSTRUCTS = [
  'attention',
  'autolink',
  'characterEscape',
  'characterReference',
  'codeText',
  'hardBreakEscape',
  'htmlText',
  'labelEnd',
  'labelStartImage',
  'labelStartLink',
];

const SPACE = 32;
const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const GREATER_THAN = 62;

/** The first reason `source` is too complex to parse, or null. */
export function checkMarkdownComplexity(source: string): FormatError | null {
  let runSyntax = 0;
  let runOverLimit = false;
  let blocks = 0;
  let quotes = 0;
  let previousBlank = true;
  let previousQuoted = false;
  let line = 1;
  let lineStart = 0;
  while (lineStart <= source.length) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    const depth = estimateNestingDepth(source, lineStart, lineEnd);
    if (depth > MAX_NESTING_DEPTH) {
      return formatError(
        'too-complex',
        `the Markdown nests block quotes or lists more than ${MAX_NESTING_DEPTH} deep`,
        line,
      );
    }
    if (line > MAX_MARKDOWN_LINES) {
      return formatError('too-complex', `the Markdown has more than ${MAX_MARKDOWN_LINES} lines`, line);
    }
    const blank = isBlankLine(source, lineStart, lineEnd);
    // Every block quote and loose list item micromark closes costs a copy of the events so far.
    if (!blank && (previousBlank || startsContainer(source, lineStart, lineEnd))) {
      blocks++;
      if (blocks > MAX_BLOCKS) {
        return formatError('too-large', `the document has more than ${MAX_BLOCKS} paragraphs`, line);
      }
    }
    if (!blank && source.charCodeAt(firstNonSpace(source, lineStart, lineEnd)) === GREATER_THAN) {
      if (previousBlank || !previousQuoted) quotes++;
      if (quotes > MAX_BLOCK_QUOTES) {
        return formatError(
          'too-complex',
          `the Markdown has more than ${MAX_BLOCK_QUOTES} block quotes`,
          line,
        );
      }
      previousQuoted = true;
    } else previousQuoted = false;
    previousBlank = blank;
    if (blank) runSyntax = 0;
    else {
      const lineSyntax = countInlineSyntax(source, lineStart, Math.min(lineEnd + 1, source.length));
      // One line is inside one paragraph (or in code, which a Council document has no use for).
      if (lineSyntax > MAX_PARAGRAPH_SYNTAX) return tooMuchSyntax(line);
      runSyntax += lineSyntax;
      if (runSyntax > MAX_PARAGRAPH_SYNTAX) runOverLimit = true;
    }
    lineStart = lineEnd + 1;
    line++;
  }
  return runOverLimit ? checkParagraphs(source) : null;
}

function firstNonSpace(source: string, start: number, end: number): number {
  let i = start;
  while (i < end && (source.charCodeAt(i) === SPACE || source.charCodeAt(i) === TAB)) i++;
  return i;
}

/** Whether the line opens a block quote or a list item (after its indentation). */
function startsContainer(source: string, start: number, end: number): boolean {
  const i = firstNonSpace(source, start, end);
  return source.charCodeAt(i) === GREATER_THAN || listMarkerEnd(source, i, end) !== i;
}

/**
 * The container depth a line can reach: the block quote and list markers it opens with, plus one level
 * for every two columns of indentation (a nested list item's content is indented at least two columns
 * more than its parent's). Never less than the real depth; a lazy continuation line opens nothing.
 */
function estimateNestingDepth(source: string, start: number, end: number): number {
  let markers = 0;
  let columns = 0;
  let i = start;
  while (i < end) {
    const code = source.charCodeAt(i);
    if (code === SPACE) {
      columns++;
      i++;
    } else if (code === TAB) {
      columns += 4 - (columns % 4);
      i++;
    } else if (code === GREATER_THAN) {
      markers++;
      i++;
    } else {
      const after = listMarkerEnd(source, i, end);
      if (after === i) break;
      markers++;
      i = after;
    }
  }
  return markers + Math.floor(columns / 2);
}

/** Where a list marker (`-`, `*`, `+`, `1.`, `1)`) followed by a space, tab or line end ends, else `i`. */
function listMarkerEnd(source: string, i: number, end: number): number {
  let j = i;
  const first = source[j];
  if (first === '-' || first === '*' || first === '+') j++;
  else {
    while (j < end && j - i < 9 && isDigit(source.charCodeAt(j))) j++;
    if (j === i || (source[j] !== '.' && source[j] !== ')')) return i;
    j++;
  }
  const next = j < end ? source.charCodeAt(j) : SPACE;
  return next === SPACE || next === TAB || next === CARRIAGE_RETURN ? j : i;
}

/**
 * How many things micromark resolves within a paragraph between `start` and `end`: escapes, brackets,
 * entities, code span and HTML openers, the characters of `*`/`_` runs that may be emphasis (a run
 * with white space on both sides never is: signature blanks `____` cost nothing), and the line endings
 * of lines holding any of these (plain lines are one token each and cost nothing more).
 */
function countInlineSyntax(source: string, start: number, end: number): number {
  let count = 0;
  let lineStartCount = 0;
  let i = start;
  while (i < end) {
    const char = source[i];
    if (char === '\\' && isAsciiPunctuation(source.charCodeAt(i + 1))) {
      count++;
      i += 2;
    } else if (char === '*' || char === '_') {
      let j = i + 1;
      while (j < end && source[j] === char) j++;
      if (!(isWhiteSpaceAt(source, i - 1) && isWhiteSpaceAt(source, j))) count += j - i;
      i = j;
    } else {
      if (char === '\n') {
        if (count > lineStartCount) count++;
        lineStartCount = count;
      } else if (char === '[' || char === ']' || char === '&' || char === '`' || char === '<') {
        count++;
      }
      i++;
    }
  }
  return count;
}

/**
 * The real paragraphs and headings, from a parse without inline constructs, each counted. Their
 * positions are those of the full parse: block structure does not depend on inline syntax.
 */
function checkParagraphs(source: string): FormatError | null {
  const root = fromMarkdown(source, { extensions: [{ disable: { null: INLINE_CONSTRUCTS } }] });
  const pending: Nodes[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.type === 'paragraph' || node.type === 'heading') {
      const start = node.position?.start.offset ?? 0;
      const end = node.position?.end.offset ?? 0;
      if (countInlineSyntax(source, start, end) > MAX_PARAGRAPH_SYNTAX) {
        return tooMuchSyntax(node.position?.start.line);
      }
    } else if ('children' in node) {
      pending.push(...(node.children as Nodes[]));
    }
  }
  return null;
}

function tooMuchSyntax(line: number | undefined): FormatError {
  const message = `a paragraph has more than ${MAX_PARAGRAPH_SYNTAX} emphasis marks, brackets, tags and other inline syntax`;
  return formatError('too-complex', message, line);
}

function isBlankLine(source: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = source.charCodeAt(i);
    if (code !== SPACE && code !== TAB && code !== CARRIAGE_RETURN) return false;
  }
  return true;
}

/** White space for flanking: the line's start and end count as white space. */
function isWhiteSpaceAt(source: string, i: number): boolean {
  if (i < 0 || i >= source.length) return true;
  const code = source.charCodeAt(i);
  return code === SPACE || code === TAB || code === LINE_FEED || code === CARRIAGE_RETURN;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAsciiPunctuation(code: number): boolean {
  return (
    (code >= 33 && code <= 47) ||
    (code >= 58 && code <= 64) ||
    (code >= 91 && code <= 96) ||
    (code >= 123 && code <= 126)
  );
}

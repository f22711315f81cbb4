/**
 * Block and footnote text is plain text: the importers collect a paragraph as pieces (text runs and
 * footnote marks) and flatten them here. Line breaks inside a paragraph are layout, not content.
 * `flattenInline` reads text whose spaces are layout too (a Word file typed by hand, HTML's collapsed
 * white space): every run of ASCII whitespace becomes one space and the ends are trimmed.
 * `flattenInlineKeepingSpaces` reads text whose format says its spaces are the text's (our exports'
 * paragraphs, Markdown after CommonMark's own stripping, HTML under `white-space: pre-wrap`): spaces are
 * kept as written, ends included, and only a run holding a line break or a tab becomes one space. Other
 * spaces (no-break space and the like) are content and kept by both.
 */

export type InlinePiece =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'mark'; readonly mark: FootnoteMark };

/** Where a footnote is cited, as the source names it (`<sup>3</sup>` → "3"; a Word note id). */
export interface FootnoteMark {
  readonly label: string;
  /** 1-based source line, Markdown only. */
  readonly line?: number;
  /** A `<sup>N</sup>` that opens a paragraph: a definition, unless N was not cited before. */
  readonly opensParagraph?: boolean;
}

export interface PlacedMark extends FootnoteMark {
  /** Offset in the flattened text right after which the mark sits. */
  readonly offset: number;
}

export interface InlineText {
  readonly text: string;
  readonly marks: readonly PlacedMark[];
}

const ASCII_SPACE = /[ \t\n\r\f\v]/;
const ASCII_SPACES = /[ \t\n\r\f\v]+/g;

/** Collapses every run of ASCII whitespace to one space and trims the ends. */
export function normalizeSpace(text: string): string {
  return text.replace(ASCII_SPACES, ' ').replace(/^ | $/g, '');
}

/** True when `text` is empty or ASCII whitespace only (a no-break space is content). */
export function isBlank(text: string): boolean {
  return normalizeSpace(text) === '';
}

/** True when `text` has a word in it: not only white space, no-break spaces included. */
export function hasWords(text: string): boolean {
  return /\S/.test(text);
}

/**
 * `content` without the no-break spaces at its ends, its marks kept where they stand: a page saved
 * from Word pads paragraphs with them ("TITLE&nbsp;", "&nbsp;&nbsp;&nbsp;Indented"), which says
 * nothing of the text.
 */
export function trimNoBreakSpaces(content: InlineText): InlineText {
  const start = /^\u00a0*/.exec(content.text)?.[0].length ?? 0;
  const text = content.text.slice(start).replace(/\u00a0+$/, '');
  if (text.length === content.text.length) return content;
  return {
    text,
    marks: content.marks.map((mark) => ({
      ...mark,
      offset: Math.min(Math.max(mark.offset - start, 0), text.length),
    })),
  };
}

/**
 * Flattens pieces into normalized text. A mark keeps its place among the words: a mark between a word
 * and the space after it stays before the space; a mark after a space sits before the next word.
 */
export function flattenInline(pieces: readonly InlinePiece[]): InlineText {
  let text = '';
  let pendingSpace = false;
  const pending: { mark: FootnoteMark; at: number; afterSpace: boolean }[] = [];
  for (const piece of pieces) {
    if (piece.type === 'mark') {
      pending.push({ mark: piece.mark, at: text.length, afterSpace: pendingSpace });
      continue;
    }
    for (const ch of piece.value) {
      if (ASCII_SPACE.test(ch)) {
        if (text.length > 0) pendingSpace = true;
      } else {
        if (pendingSpace) text += ' ';
        pendingSpace = false;
        text += ch;
      }
    }
  }
  const marks = pending.map(({ mark, at, afterSpace }) => ({
    ...mark,
    // The space pending when the mark was met was written at `at` only if more words followed.
    offset: afterSpace && text.length > at ? at + 1 : at,
  }));
  return { text, marks };
}

const LAYOUT_SPACE = /[\t\n\r\f\v]/;

/** Flattens pieces keeping their spaces; a mark sits where it was met. */
export function flattenInlineKeepingSpaces(pieces: readonly InlinePiece[]): InlineText {
  let text = '';
  let run = '';
  const marks: PlacedMark[] = [];
  const inRun: { mark: FootnoteMark; at: number }[] = [];
  const flushRun = () => {
    const start = text.length;
    const folded = LAYOUT_SPACE.test(run);
    text += folded ? ' ' : run;
    // In a folded run, a mark met after some of its white space sits after the one space left.
    for (const { mark, at } of inRun) marks.push({ ...mark, offset: start + (folded ? 1 : at) });
    run = '';
    inRun.length = 0;
  };
  for (const piece of pieces) {
    if (piece.type === 'mark') {
      if (run === '') marks.push({ ...piece.mark, offset: text.length });
      else inRun.push({ mark: piece.mark, at: run.length });
      continue;
    }
    for (const ch of piece.value) {
      if (ASCII_SPACE.test(ch)) run += ch;
      else {
        if (run !== '') flushRun();
        text += ch;
      }
    }
  }
  flushRun();
  return { text, marks };
}

export function flattenText(value: string): InlineText {
  return { text: normalizeSpace(value), marks: [] };
}

/** The text before the first footnote mark, as written: where a typed number or indent is looked for. */
export function readLeadingText(pieces: readonly InlinePiece[]): string {
  let text = '';
  for (const piece of pieces) {
    if (piece.type === 'mark') break;
    text += piece.value;
  }
  return text;
}

/** Removes the first `count` characters of text (a typed number or indent) from the pieces. */
export function dropLeadingText(pieces: readonly InlinePiece[], count: number): InlinePiece[] {
  let left = count;
  const out: InlinePiece[] = [];
  for (const piece of pieces) {
    if (left > 0 && piece.type === 'text') {
      const take = Math.min(left, piece.value.length);
      left -= take;
      if (take < piece.value.length) out.push({ type: 'text', value: piece.value.slice(take) });
    } else {
      out.push(piece);
    }
  }
  return out;
}

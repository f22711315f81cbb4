/**
 * An indent typed as text instead of made with Word's list numbering: a dash or a bullet character,
 * then a tab or spaces, as drafters type one in Word ("–<tab>", "- ") and as Word's HTML keeps it
 * ("–&nbsp;&nbsp;", or the "-" of a list paragraph's `mso-list:Ignore` span). The Word and HTML
 * importers read a paragraph that opens so as a bullet and drop the marker and the space after it from
 * its text, as Markdown reads "- ".
 *
 * The marker must be followed by white space, so a dash used as punctuation or a minus sign ("-5 %"),
 * a hyphenated word ("-based") and a "(a)" point keep their text. The em dash is no marker: it opens a
 * quotation or a line of dialogue in several languages; the minus sign (U+2212) is none either.
 */
import { dropLeadingText, type InlinePiece, readLeadingText } from './inline-text';

/**
 * A hyphen-minus, an en dash (the Council's indent), a bullet, or the middle dot Word's HTML writes for
 * a bullet in the Symbol font; white space (a no-break space included); then text.
 */
const TYPED_BULLET = /^\s*[-\u2013\u2022\u00b7]\s+(?=\S)/;

export interface TypedBullet {
  /** The paragraph's pieces without the marker and the space after it. */
  readonly pieces: InlinePiece[];
}

/**
 * The indent marker typed at the start of a paragraph, in the text before the first footnote mark;
 * null when the paragraph does not open with one.
 */
export function readTypedBullet(pieces: readonly InlinePiece[]): TypedBullet | null {
  const length = measureTypedBullet(readLeadingText(pieces));
  return length === null ? null : { pieces: dropLeadingText(pieces, length) };
}

/** How many characters the indent marker a text opens with takes, with its space; null without one. */
export function measureTypedBullet(text: string): number | null {
  return TYPED_BULLET.exec(text)?.[0].length ?? null;
}

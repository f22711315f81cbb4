/**
 * A paragraph number typed as text, as drafters write one in Word and as Word's HTML keeps it: "3. ",
 * "3) ", "3.<tab>", and "3." followed by no-break spaces ("3.&nbsp;&nbsp;&nbsp;"). The Word and HTML
 * importers read a paragraph that opens so as numbered paragraph 3 and drop the number from its text.
 *
 * The number is followed by "." or ")" and then white space, so "27 Member States …" and "2.5 million"
 * keep their figures.
 */
import { dropLeadingText, type InlinePiece, readLeadingText } from './inline-text';
import { measureTypedBullet, readTypedBullet } from './typed-bullet';

/** Up to four digits, "." or ")", white space (a no-break space included), then text. */
const TYPED_NUMBER = /^\s*(\d{1,4})[.)]\s+(?=\S)/;

export interface TypedNumber {
  readonly number: number;
  /** The paragraph's pieces without the number and the space after it. */
  readonly pieces: InlinePiece[];
}

/**
 * The number typed at the start of a paragraph, matched by `pattern` (whose first group is the
 * number) in the text before the first footnote mark; null when the paragraph does not open with one.
 */
export function readTypedNumber(
  pieces: readonly InlinePiece[],
  pattern: RegExp = TYPED_NUMBER,
): TypedNumber | null {
  const match = pattern.exec(readLeadingText(pieces));
  if (match === null) return null;
  return { number: Number(match[1]), pieces: dropLeadingText(pieces, match[0].length) };
}

/** A paragraph that a typed number or indent makes numbered or a bullet, without its marker. */
export type TypedMarker =
  | { readonly kind: 'numbered'; readonly number: number; readonly pieces: InlinePiece[] }
  | { readonly kind: 'bullet'; readonly pieces: InlinePiece[] };

/**
 * What the Word and HTML importers make of an unmarked paragraph by how it opens: a typed number
 * makes it numbered, else a typed indent (typed-bullet.ts) a bullet; null when it opens with neither.
 */
export function readTypedMarker(pieces: readonly InlinePiece[]): TypedMarker | null {
  const typed = readTypedNumber(pieces);
  if (typed !== null) return { kind: 'numbered', ...typed };
  const bullet = readTypedBullet(pieces);
  return bullet === null ? null : { kind: 'bullet', ...bullet };
}

/**
 * The typed number or indent a plain text opens with, as `readTypedMarker` reads a paragraph: the kind
 * it makes and how many characters the marker and its space take; null when it opens with neither.
 * For the editor, which reads pasted paragraphs so (`@accord/format/typed-marker`).
 */
export function measureTypedMarker(text: string): { kind: 'numbered' | 'bullet'; length: number } | null {
  const number = TYPED_NUMBER.exec(text);
  if (number !== null) return { kind: 'numbered', length: number[0].length };
  const bullet = measureTypedBullet(text);
  return bullet === null ? null : { kind: 'bullet', length: bullet };
}

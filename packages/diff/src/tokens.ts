/**
 * Word tokens for the redline. A token is a word (letters, marks, digits in any script, so Greek and
 * Bulgarian texts diff by word too), a single punctuation mark or a line break, each carrying the
 * horizontal whitespace before it; whitespace at the very end is a token of its own.
 *
 * Keeping the space with its word halves the token count (and Myers' work, which grows with the
 * square of the edits) and means an equal run is never a lone space between two changes. The space
 * goes with the word after it because drafters mostly add words before punctuation ("strategy." →
 * "strategy and policy.", an insertion of " and policy"). Concatenating the tokens gives back the text.
 */
const TOKEN = /[^\S\r\n]*(?:[\p{L}\p{M}\p{N}_]+|\r?\n|[\s\S])|[^\S\r\n]+/gu;

export function tokenizeText(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

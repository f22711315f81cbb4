import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { countBracketSpans } from './brackets';

/**
 * The hash a position is pinned to. Whitespace runs are folded so that a stray double space does not
 * make 27 positions stale; any change of words, punctuation or brackets does.
 */
export function hashBlockText(text: string): string {
  const canonical = text.replace(/\s+/g, ' ').trim();
  return bytesToHex(sha256(utf8ToBytes(canonical)).subarray(0, 16));
}

export interface TextSummary {
  /** `hashBlockText(text)`. */
  readonly textHash: string;
  /** `countBracketSpans(text)`. */
  readonly brackets: number;
}

/** Texts whose summary is remembered: ten 2,000-block documents. Hashing is the dearest step by far. */
export const MAX_SUMMARIZED_TEXTS = 20_000;
const SUMMARIES = new Map<string, TextSummary>();

/** The two facts about a block's text consensus needs, remembered per text so a text is hashed once. */
export function summarizeBlockText(text: string): TextSummary {
  const known = SUMMARIES.get(text);
  if (known !== undefined) return known;
  const summary: TextSummary = Object.freeze({
    textHash: hashBlockText(text),
    brackets: countBracketSpans(text),
  });
  if (SUMMARIES.size >= MAX_SUMMARIZED_TEXTS) {
    const oldest = SUMMARIES.keys().next();
    if (oldest.done !== true) SUMMARIES.delete(oldest.value);
  }
  SUMMARIES.set(text, summary);
  return summary;
}

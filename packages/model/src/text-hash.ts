import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The hash a position is pinned to. Whitespace runs are folded so that a stray double space does not
 * make 27 positions stale; any change of words, punctuation or brackets does.
 */
export function hashBlockText(text: string): string {
  const canonical = text.replace(/\s+/g, ' ').trim();
  return bytesToHex(sha256(utf8ToBytes(canonical)).subarray(0, 16));
}

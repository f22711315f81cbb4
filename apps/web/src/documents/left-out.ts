import type { LeftOut } from '../api/client';

/**
 * "2 Word comments and an image were not taken in …", or null when nothing was left out: said after
 * an upload, so that a comment typed in Word is not lost without a word.
 */
export function describeLeftOut(leftOut: LeftOut | undefined): string | null {
  if (leftOut === undefined) return null;
  const parts: string[] = [];
  if (leftOut.comments > 0) {
    parts.push(leftOut.comments === 1 ? 'a Word comment' : `${leftOut.comments} Word comments`);
  }
  if (leftOut.images > 0) parts.push(leftOut.images === 1 ? 'an image' : `${leftOut.images} images`);
  if (parts.length === 0) return null;
  const one = leftOut.comments + leftOut.images === 1;
  const what = parts.join(' and ');
  const comments = leftOut.comments > 0 ? ': comment on the paragraphs here instead' : '';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} in the file ${one ? 'was' : 'were'} not taken in (Accord keeps the text alone)${comments}.`;
}

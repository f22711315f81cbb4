/**
 * The prose of a fixture in the register's Markdown form, split into sentences, so a test can check that
 * every sentence survives an import or a round trip exactly once. Deliberately independent of the
 * importers: plain string handling of the fixture's own layout.
 */
import type { CouncilDocument } from '@accord/model';

/** Every sentence of the body and the footnotes (the header is checked field by field instead). */
export function splitFixtureSentences(markdown: string): string[] {
  const firstPoint = markdown.search(/^1\. /m);
  const body = markdown.slice(Math.max(0, firstPoint));
  const paragraphs = body
    .replace(/ {2}\n/g, ' ')
    .split(/\n\s*\n|\n(?=- |\d+\. )/)
    .map((p) =>
      p
        .replace(/^---$/gm, '')
        .replace(/<sup>\d+<\/sup>/g, '')
        .replace(/\*\*/g, '')
        .replace(/^\s*(?:\d+\.|-)\s+/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((p) => p !== '');
  return paragraphs.flatMap((p) => p.split(/(?<=[.!?:;])\s+(?=["'(A-Z])/));
}

/** All the words of a document (block texts and footnote texts), one block or footnote per line. */
export function documentText(doc: CouncilDocument): string {
  return [...doc.blocks.map((b) => b.text), ...doc.footnotes.map((f) => f.text)].join('\n');
}

export function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** Sentences of `markdown` that do not occur exactly once in `doc`, with how often they do. */
export function findMissingSentences(
  markdown: string,
  doc: CouncilDocument,
): { sentence: string; count: number }[] {
  const text = documentText(doc);
  return splitFixtureSentences(markdown)
    .map((sentence) => ({ sentence, count: countOccurrences(text, sentence) }))
    .filter(({ count }) => count !== 1);
}

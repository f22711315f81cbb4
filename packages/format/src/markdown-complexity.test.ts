import { describe, expect, it } from 'vitest';
import {
  MAX_BLOCK_QUOTES,
  MAX_BLOCKS,
  MAX_MARKDOWN_LINES,
  MAX_NESTING_DEPTH,
  MAX_PARAGRAPH_SYNTAX,
} from './limits';
import { parseMarkdown } from './markdown-parse';
import { parseDocument } from './parse-document';

/** Indented bullets, each one level deeper than the last. */
const nestedList = (depth: number) =>
  Array.from({ length: depth }, (_, level) => `${'  '.repeat(level)}- item ${level}\n`).join('');

describe('parseMarkdown refuses Markdown too complex to parse quickly', () => {
  it.each<[string, string, number]>([
    ['5,000 nested block quotes on one line', `${'> '.repeat(5000)}x\n`, 1],
    ['bullets opened 5,000 times on one line', `${'- '.repeat(5000)}x\n`, 1],
    ['block quotes and bullets interleaved', `intro\n\n${'> - '.repeat(2000)}x\n`, 3],
    [
      'a list nested by indentation deeper than the limit',
      nestedList(MAX_NESTING_DEPTH + 10),
      MAX_NESTING_DEPTH + 1,
    ],
    ['a run of 12,000 stars around a word', `${'*'.repeat(12000)}x${'*'.repeat(12000)}\n`, 1],
    ['a run of 12,000 underscores around a word', `${'_'.repeat(12000)}x${'_'.repeat(12000)}\n`, 1],
    ['alternating stars and letters', `${'*a'.repeat(5000)}\n`, 1],
    ['stars and underscores alternating', `${'*a_'.repeat(3000)}\n`, 1],
    ['strong markers that never close', `${'**a'.repeat(3000)}\n`, 1],
    ['thousands of bracketed words', `${'[a]'.repeat(5000)}\n`, 1],
    ['brackets nested thousands deep', `${'['.repeat(5000)}${']'.repeat(5000)}\n`, 1],
    ['links that never close', `${'[a]('.repeat(3000)}\n`, 1],
    ['entities between letters', `${'&amp;a&b'.repeat(2000)}\n`, 1],
    ['a paragraph of many lines, each with brackets', `first paragraph\n\n${'[a] b\n'.repeat(400)}`, 3],
  ])('%s', (_, markdown, line) => {
    const result = parseMarkdown(markdown);
    expect(result).toMatchObject({ ok: false, error: { code: 'too-complex', line } });
  });

  it.each<[string, string, string, number]>([
    [
      'thousands of short block quotes',
      '> x\n\n'.repeat(MAX_BLOCK_QUOTES + 1),
      'too-complex',
      2 * MAX_BLOCK_QUOTES + 1,
    ],
    [
      'more list items than a document may have paragraphs',
      '- x\n\n'.repeat(MAX_BLOCKS + 1),
      'too-large',
      2 * MAX_BLOCKS + 1,
    ],
    [
      'more paragraphs than a document may have',
      'a\n\n'.repeat(MAX_BLOCKS + 1),
      'too-large',
      2 * MAX_BLOCKS + 1,
    ],
    [
      'more lines than a text may have',
      'a\n'.repeat(MAX_MARKDOWN_LINES + 1),
      'too-complex',
      MAX_MARKDOWN_LINES + 1,
    ],
  ])('refuses %s before parsing it', (_, markdown, code, line) => {
    expect(parseMarkdown(markdown)).toMatchObject({ ok: false, error: { code, line } });
  });

  it('says what is too complex', () => {
    const result = parseMarkdown(`${'> '.repeat(5000)}x\n`);
    expect(result.ok ? '' : result.error.message).toBe(
      `the Markdown nests block quotes or lists more than ${MAX_NESTING_DEPTH} deep`,
    );
  });

  it('refuses an uploaded .md file the same way', async () => {
    const bytes = new TextEncoder().encode(`${'*'.repeat(12000)}x${'*'.repeat(12000)}\n`);
    expect(await parseDocument(bytes, 'deep.md')).toMatchObject({
      ok: false,
      error: { code: 'too-complex' },
    });
  });
});

describe('parseMarkdown still reads what Council documents hold', () => {
  it('reads a list nested as deep as the limit allows', () => {
    const result = parseMarkdown(nestedList(MAX_NESTING_DEPTH - 1));
    expect(result.ok && result.value.blocks).toHaveLength(MAX_NESTING_DEPTH - 1);
  });

  it('reads a long tight list whose paragraphs together hold more syntax than one paragraph may', () => {
    const items = Array.from({ length: 300 }, (_, i) => `${i + 1}. Delegations [support] the **text**.\n`);
    const result = parseMarkdown(items.join(''));
    expect(result.ok && result.value.blocks.map((b) => b.text)).toEqual(
      Array.from({ length: 300 }, () => 'Delegations [support] the text.'),
    );
  });

  it('reads a paragraph with as much syntax as the limit allows', () => {
    // Each `[a] ` is two brackets.
    const result = parseMarkdown(`${'[a] '.repeat(MAX_PARAGRAPH_SYNTAX / 2 - 1)}end\n`);
    expect(result.ok && result.value.blocks).toHaveLength(1);
  });

  it('reads a paragraph of a thousand plain lines', () => {
    const result = parseMarkdown('a hard-wrapped line\n'.repeat(1000));
    expect(result.ok && result.value.blocks).toHaveLength(1);
  });

  it('does not count signature blanks between spaces as emphasis', () => {
    const line = `Done at ${'_'.repeat(40)} on ${'_'.repeat(40)} for the Council ${'_'.repeat(40)}\n`;
    const result = parseMarkdown(line.repeat(5));
    expect(result.ok && result.value.blocks).toHaveLength(1);
  });
});

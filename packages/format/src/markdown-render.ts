/**
 * CouncilDocument → Markdown in the fixture's form (see markdown-parse.ts for the dialect). Each block is
 * serialised by mdast-util-to-markdown, which escapes whatever text would otherwise be read as syntax;
 * the footnotes a block cites follow it in a `---` page-footer section. Square brackets are left
 * unescaped wherever CommonMark still reads them as plain text, so negotiation brackets stay readable.
 */
import { type Block, type CouncilDocument, type Footnote, normalizeDocument } from '@accord/model';
import type { List, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { type Options, toMarkdown } from 'mdast-util-to-markdown';
import {
  type HeaderItem,
  type HeaderLayoutOptions,
  type HeaderLine,
  layoutHeader,
  looksLikeHeaderLine,
} from './header';

const MARKDOWN_OPTIONS: Options = {
  bullet: '-',
  rule: '-',
  listItemIndent: 'one',
  handlers: { break: () => '  \n' },
};
const SEPARATOR = '---';
/** An empty unnumbered paragraph, which Markdown has no syntax of its own for. */
const EMPTY_PARAGRAPH = '<p></p>';

export function renderMarkdown(doc: CouncilDocument, options: HeaderLayoutOptions = {}): string {
  const { metadata, blocks, footnotes } = normalizeDocument(doc);
  const out: string[] = [];
  const header = layoutHeader(metadata, options);
  for (const item of header) out.push(item.type === 'separator' ? SEPARATOR : renderHeaderParagraph(item));
  const first = blocks[0];
  if (header.length === 0 && first?.kind === 'heading' && looksLikeHeaderLine(first.text)) {
    // A separator first tells the reader there is no header, so this heading stays a heading.
    out.push(SEPARATOR);
  }

  const notesByBlock = groupFootnotes(footnotes);
  let previous: { kind: Block['kind']; hadNotes: boolean } | null = null;
  for (const block of blocks) {
    const notes = notesByBlock.get(block.id) ?? [];
    const chunk = renderBlock(block, notes);
    if (chunk === null) continue;
    // Consecutive bullets form one tight list, as in the fixture.
    if (previous?.kind === 'bullet' && block.kind === 'bullet' && !previous.hadNotes && out.length > 0) {
      out[out.length - 1] += `\n${chunk}`;
    } else {
      out.push(chunk);
    }
    if (notes.length > 0) {
      out.push(SEPARATOR);
      for (const note of notes) out.push(renderDefinition(note));
    }
    previous = { kind: block.kind, hadNotes: notes.length > 0 };
  }
  // CommonMark reads NUL as U+FFFD, and a NUL would make the file look binary.
  const markdown = out.length === 0 ? '' : `${out.join('\n\n')}\n`.replaceAll('\u0000', '\uFFFD');
  // Readers drop a byte order mark at the start of a file; one that is text is written as a reference.
  return markdown.startsWith('\uFEFF') ? `&#xFEFF;${markdown.slice(1)}` : markdown;
}

function groupFootnotes(footnotes: readonly Footnote[]): Map<string, Footnote[]> {
  const byBlock = new Map<string, Footnote[]>();
  for (const note of footnotes) {
    const list = byBlock.get(note.blockId) ?? [];
    list.push(note);
    byBlock.set(note.blockId, list);
  }
  return byBlock;
}

function renderBlock(block: Block, notes: readonly Footnote[]): string | null {
  const phrasing = toPhrasing(block.text, notes);
  switch (block.kind) {
    case 'numbered':
      return serialise(listOf(true, phrasing, Number(block.number ?? 1)));
    case 'bullet':
      return serialise(listOf(false, phrasing));
    case 'heading':
      // CommonMark's empty heading, which the importer reads as one.
      if (phrasing.length === 0) return '#';
      return serialise({ type: 'paragraph', children: [{ type: 'strong', children: phrasing }] });
    case 'paragraph':
      // Blank lines only separate blocks: an empty paragraph is written as HTML's, which any
      // CommonMark reader shows as one and the importer reads back as one (a stray Enter's keeps its place).
      if (phrasing.length === 0) return EMPTY_PARAGRAPH;
      return serialise({ type: 'paragraph', children: phrasing });
  }
}

function listOf(ordered: boolean, phrasing: PhrasingContent[], start?: number): List {
  return {
    type: 'list',
    ordered,
    ...(start === undefined ? {} : { start }),
    spread: false,
    children: [
      {
        type: 'listItem',
        spread: false,
        children: phrasing.length === 0 ? [] : [{ type: 'paragraph', children: phrasing }],
      },
    ],
  };
}

/** Text with `<sup>N</sup>` marks at the footnotes' offsets (ordered by offset, then number). */
function toPhrasing(text: string, notes: readonly Footnote[]): PhrasingContent[] {
  const sorted = [...notes].sort((a, b) => a.offset - b.offset || a.number - b.number);
  const phrasing: PhrasingContent[] = [];
  let at = 0;
  for (const note of sorted) {
    const offset = Math.min(Math.max(note.offset, at), text.length);
    if (offset > at) phrasing.push({ type: 'text', value: text.slice(at, offset) });
    phrasing.push({ type: 'html', value: `<sup>${note.number}</sup>` });
    at = offset;
  }
  if (at < text.length) phrasing.push({ type: 'text', value: text.slice(at) });
  return phrasing;
}

function renderDefinition(note: Footnote): string {
  const children: PhrasingContent[] = [{ type: 'html', value: `<sup>${note.number}</sup>` }];
  if (note.text === '') return serialise({ type: 'paragraph', children });
  return `<sup>${note.number}</sup> ${serialise({ type: 'paragraph', children: [{ type: 'text', value: note.text }] })}`;
}

function renderHeaderParagraph(item: Extract<HeaderItem, { type: 'paragraph' }>): string {
  const lines = [...item.lines];
  // The register writes "- Adoption" under a subject; CommonMark reads that line as a list that
  // interrupts the paragraph, and the importer reads it back as part of the value.
  const last = lines.at(-1);
  let tail = '';
  if (lines.length > 1 && last?.length === 1 && !last[0]?.bold && /^- \S/.test(last[0]?.text ?? '')) {
    lines.pop();
    const rest = (last[0]?.text ?? '').slice(2);
    tail = `  \n${serialise(listOf(false, [{ type: 'text', value: rest }]))}`;
  }
  const allBare = lines.every((line) => line.every((run) => run.bold));
  const children: PhrasingContent[] = allBare
    ? [
        {
          type: 'strong',
          children: joinLines(lines.map((line) => [{ type: 'text', value: lineText(line) }])),
        },
      ]
    : joinLines(lines.map(lineToPhrasing));
  return serialise({ type: 'paragraph', children }) + tail;
}

function lineText(line: HeaderLine): string {
  return line.map((run) => run.text).join('');
}

function lineToPhrasing(line: HeaderLine): PhrasingContent[] {
  return line
    .filter((run) => run.text !== '')
    .map(
      (run): PhrasingContent =>
        run.bold
          ? { type: 'strong', children: [{ type: 'text', value: run.text }] }
          : { type: 'text', value: run.text },
    );
}

function joinLines(lines: PhrasingContent[][]): PhrasingContent[] {
  return lines.flatMap((line, index) =>
    index === 0 ? line : [{ type: 'break' } as PhrasingContent, ...line],
  );
}

function serialise(node: RootContent | Paragraph): string {
  const root: Root = { type: 'root', children: [node] };
  // Only the final newline goes: a no-break space at the end of the text is content.
  const written = toMarkdown(root, MARKDOWN_OPTIONS).replace(/\n+$/, '');
  return unescapeBrackets(written);
}

/** Drops the backslash before `[` wherever the text still reads the same without it. */
function unescapeBrackets(markdown: string): string {
  if (!markdown.includes('\\[')) return markdown;
  const plain = markdown.replaceAll('\\[', '[');
  return sameTree(plain, markdown) ? plain : markdown;
}

function sameTree(a: string, b: string): boolean {
  const strip = (key: string, value: unknown) => (key === 'position' ? undefined : value);
  return JSON.stringify(fromMarkdown(a), strip) === JSON.stringify(fromMarkdown(b), strip);
}

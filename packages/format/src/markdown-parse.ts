/**
 * Markdown in the fixture's form → CouncilDocument. CommonMark is parsed by mdast-util-from-markdown;
 * this module only interprets the tree:
 *
 *   header          the leading bold paragraphs and `---` separators, read by `recogniseHeader`
 *   `N. text`       a numbered paragraph; N as written (a restart where N is not the next number)
 *   `- text`        a bullet; plain paragraphs are follow-on paragraphs
 *   `**text**`      a paragraph that is bold throughout, or an ATX/setext heading, is a heading
 *   `<sup>N</sup>`  a footnote mark; a paragraph opening with `<sup>N</sup>` for a footnote that is
 *                   cited and not yet defined is its definition (usually in a `---` page footer)
 *   `---`           a page break: not content
 *
 * Everything else keeps its words: block quotes, code and HTML blocks become plain paragraphs, links
 * keep their source text (square brackets are negotiation brackets, not syntax).
 *
 * Spaces: CommonMark already strips what is layout (a paragraph's and a line's leading and trailing
 * white space), so the text keeps the spaces it is left with, a double space included, and the spaces
 * a character reference writes at an edge (`&#x20;`, as the exporter writes a space at a paragraph's
 * end); a line break within a paragraph is one space. An ATX `#` alone is an empty heading, and an
 * HTML block `<p></p>` an empty paragraph (Markdown has none: blank lines only separate blocks).
 */
import type { CouncilDocument, Result } from '@accord/model';
import { err } from '@accord/model';
import type { List, ListItem, Nodes, Paragraph, PhrasingContent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { DocumentAssembler, type ParseOptions } from './document-assembler';
import { type FormatError, formatError, lineAt } from './format-error';
import { type HeaderItem, type HeaderRun, recogniseHeader } from './header';
import {
  type FootnoteMark,
  flattenInline,
  flattenInlineKeepingSpaces,
  type InlinePiece,
  type InlineText,
  isBlank,
  normalizeSpace,
} from './inline-text';
import { MAX_TEXT_BYTES } from './limits';
import { checkMarkdownComplexity } from './markdown-complexity';

const SUP_OPEN = /^<sup\s*>$/i;
const SUP_CLOSE = /^<\/sup\s*>$/i;
const SUP_LABEL = /^\s*(\d{1,6})\s*$/;
const HTML_COMMENT = /^<!--[\s\S]*-->$/;
const EMPTY_HTML_PARAGRAPH = /^<p\s*>\s*<\/p\s*>$/i;
const LIST_MARKER = /^\s*([-*+]|\d{1,9}[.)])/;

export function parseMarkdown(
  source: string,
  options: ParseOptions = {},
): Result<CouncilDocument, FormatError> {
  // A string of n characters is at least n bytes of UTF-8.
  if (source.length > MAX_TEXT_BYTES) {
    return err(formatError('too-large', `the Markdown is larger than ${MAX_TEXT_BYTES} bytes`));
  }
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  if (normalizeSpace(text) === '') return err(formatError('empty', 'the file is empty'));
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return err(formatError('binary', 'the file is not text (it contains a NUL byte)', lineAt(text, nul)));
  }
  const tooComplex = checkMarkdownComplexity(text);
  if (tooComplex) return err(tooComplex);
  return new MarkdownReader(text, options).read();
}

class MarkdownReader {
  private readonly assembler: DocumentAssembler;

  constructor(
    private readonly source: string,
    options: ParseOptions,
  ) {
    this.assembler = new DocumentAssembler(options);
  }

  read(): Result<CouncilDocument, FormatError> {
    const nodes = fromMarkdown(this.source).children;
    const { items, nodeEnds } = this.readHeaderItems(nodes);
    const { metadata, consumed } = recogniseHeader(items);
    const bodyStart = consumed === 0 ? 0 : (nodeEnds[consumed - 1] ?? 0);
    const problem = this.readNodes(nodes.slice(bodyStart), true);
    if (problem) return err(problem);
    return this.assembler.finish(metadata);
  }

  /** The leading paragraphs and separators, as header items, with the node index after each. */
  private readHeaderItems(nodes: readonly RootContent[]) {
    const items: HeaderItem[] = [];
    const nodeEnds: number[] = [];
    let i = 0;
    while (i < nodes.length) {
      const node = nodes[i];
      if (node?.type === 'thematicBreak') {
        items.push({ type: 'separator' });
      } else if (node?.type === 'paragraph') {
        const lines = this.readHeaderLines(node.children, false);
        const following = nodes[i + 1];
        // CommonMark lets a list interrupt a paragraph: "Subject: …\n- Adoption" is one value.
        if (following?.type === 'list' && startLine(following) === endLine(node) + 1) {
          lines.push(...this.readListLines(following));
          i++;
        }
        items.push({ type: 'paragraph', lines });
      } else {
        break;
      }
      i++;
      nodeEnds.push(i);
    }
    return { items, nodeEnds };
  }

  private readHeaderLines(children: readonly PhrasingContent[], bold: boolean): HeaderRun[][] {
    const lines: HeaderRun[][] = [[]];
    const push = (text: string) => {
      const parts = text.split(/\r?\n/);
      parts.forEach((part, index) => {
        if (index > 0) lines.push([]);
        lines.at(-1)?.push({ text: part, bold });
      });
    };
    for (const child of children) {
      if (child.type === 'break') lines.push([]);
      else if (child.type === 'strong' || child.type === 'emphasis' || child.type === 'delete') {
        const inner = this.readHeaderLines(child.children, bold || child.type === 'strong');
        inner.forEach((line, index) => {
          if (index > 0) lines.push([]);
          lines.at(-1)?.push(...line);
        });
      } else push(this.readLiteral(child));
    }
    return lines;
  }

  private readListLines(list: List): HeaderRun[][] {
    return list.children.map((item): HeaderRun[] => {
      const marker = LIST_MARKER.exec(this.sourceOf(item))?.[1] ?? '-';
      const text = flattenInline(this.readBlockPieces(item.children)).text;
      return [{ text: `${marker} ${text}`, bold: false }];
    });
  }

  private readNodes(nodes: readonly RootContent[], topLevel: boolean): FormatError | null {
    for (const node of nodes) {
      const problem = this.readNode(node, topLevel);
      if (problem) return problem;
    }
    return null;
  }

  private readNode(node: RootContent, topLevel: boolean): FormatError | null {
    switch (node.type) {
      case 'paragraph':
        return this.readParagraph(node, topLevel);
      case 'heading':
        // CommonMark's empty heading: kept, as the exporter writes an empty heading so.
        return this.assembler.addBlock({ kind: 'heading', content: this.readPhrasing(node.children, false) });
      case 'thematicBreak':
        return null;
      case 'list':
        for (const item of node.children) {
          const problem = this.readListItem(item, node.ordered === true);
          if (problem) return problem;
        }
        return null;
      case 'blockquote':
        return this.readNodes(node.children, false);
      case 'html':
        if (HTML_COMMENT.test(node.value.trim())) return null;
        // HTML's empty paragraph, as the exporter writes one: Markdown has none of its own.
        if (EMPTY_HTML_PARAGRAPH.test(node.value.trim()))
          return this.assembler.addBlock({ kind: 'paragraph', content: flattenInline([]) });
        return this.addBlock('paragraph', flattenInline([{ type: 'text', value: node.value }]));
      case 'code':
        return this.addBlock('paragraph', flattenInline([{ type: 'text', value: node.value }]));
      default:
        if ('children' in node) return this.readNodes(node.children as RootContent[], false);
        return this.addBlock('paragraph', flattenInline([{ type: 'text', value: this.sourceOf(node) }]));
    }
  }

  private readListItem(item: ListItem, ordered: boolean): FormatError | null {
    const [first, ...rest] = item.children;
    const kind = ordered ? 'numbered' : 'bullet';
    const written = ordered ? Number(LIST_MARKER.exec(this.sourceOf(item))?.[1]?.slice(0, -1)) : Number.NaN;
    const writtenNumber = Number.isSafeInteger(written) ? written : undefined;
    const content =
      first?.type === 'paragraph' ? this.readPhrasing(first.children, false) : flattenInline([]);
    const problem = this.assembler.addBlock({
      kind,
      content,
      ...(writtenNumber === undefined ? {} : { writtenNumber }),
    });
    if (problem) return problem;
    return this.readNodes(first?.type === 'paragraph' ? rest : item.children, false);
  }

  private readParagraph(node: Paragraph, topLevel: boolean): FormatError | null {
    const label = supLabelAt(node.children, 0);
    // A second definition of a defined footnote is an error, not a new citation.
    if (label !== null && (this.assembler.awaitsDefinition(label) || this.assembler.isDefined(label))) {
      // A footnote's text is read as before: its spaces folded and trimmed.
      const content = flattenInline(this.readPieces(node.children.slice(3), false));
      return this.assembler.defineFootnote(label, content, startLine(node));
    }
    const content = this.readPhrasing(node.children, topLevel && label !== null);
    return this.addBlock(isBoldThroughout(node.children) ? 'heading' : 'paragraph', content);
  }

  private addBlock(kind: 'heading' | 'paragraph', content: InlineText): FormatError | null {
    // A paragraph of nothing but inline HTML without words (`<b></b>`) carries nothing.
    if (content.text === '' && content.marks.length === 0) return null;
    return this.assembler.addBlock({ kind, content });
  }

  private readPhrasing(children: readonly PhrasingContent[], opensWithDefinition: boolean): InlineText {
    return flattenInlineKeepingSpaces(this.readPieces(children, opensWithDefinition));
  }

  private readBlockPieces(children: readonly Nodes[]): InlinePiece[] {
    return children.flatMap((child): InlinePiece[] => {
      if (child.type === 'paragraph' || child.type === 'heading') {
        return [...this.readPieces(child.children, false), { type: 'text', value: ' ' }];
      }
      if ('children' in child) return this.readBlockPieces(child.children as Nodes[]);
      return [{ type: 'text', value: `${this.readLiteral(child)} ` }];
    });
  }

  private readPieces(children: readonly PhrasingContent[], opensWithDefinition: boolean): InlinePiece[] {
    const pieces: InlinePiece[] = [];
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as PhrasingContent;
      const label = supLabelAt(children, i);
      if (label !== null) {
        const mark: FootnoteMark = {
          label,
          line: startLine(child),
          ...(opensWithDefinition && i === 0 ? { opensParagraph: true } : {}),
        };
        pieces.push({ type: 'mark', mark });
        i += 2;
      } else if (child.type === 'break') {
        pieces.push({ type: 'text', value: ' ' });
      } else if (child.type === 'strong' || child.type === 'emphasis' || child.type === 'delete') {
        pieces.push(...this.readPieces(child.children, false));
      } else {
        pieces.push({ type: 'text', value: this.readLiteral(child) });
      }
    }
    return pieces;
  }

  /** The words of a leaf: its value, or for links and images the source as written. */
  private readLiteral(node: Nodes): string {
    switch (node.type) {
      case 'text':
      case 'inlineCode':
      case 'html':
        return node.value;
      case 'break':
        return '\n';
      default:
        return this.sourceOf(node);
    }
  }

  private sourceOf(node: Nodes): string {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    return start === undefined || end === undefined ? '' : this.source.slice(start, end);
  }
}

/** The footnote label when children[i..i+2] are `<sup>`, digits, `</sup>`. */
function supLabelAt(children: readonly PhrasingContent[], i: number): string | null {
  const open = children[i];
  const label = children[i + 1];
  const close = children[i + 2];
  if (open?.type !== 'html' || !SUP_OPEN.test(open.value)) return null;
  if (label?.type !== 'text' || close?.type !== 'html' || !SUP_CLOSE.test(close.value)) return null;
  const digits = SUP_LABEL.exec(label.value)?.[1];
  return digits === undefined ? null : String(Number(digits));
}

/** Bold throughout: only strong runs, footnote marks and spaces, and at least one strong run. */
function isBoldThroughout(children: readonly PhrasingContent[]): boolean {
  let strong = false;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (supLabelAt(children, i) !== null) i += 2;
    else if (child?.type === 'strong') strong = true;
    else if (!(child?.type === 'text' && isBlank(child.value))) return false;
  }
  return strong;
}

function startLine(node: Nodes): number {
  return node.position?.start.line ?? 0;
}

function endLine(node: Nodes): number {
  return node.position?.end.line ?? 0;
}

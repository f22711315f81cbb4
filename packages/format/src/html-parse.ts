/**
 * HTML → CouncilDocument, parsed with htmlparser2. Reads Accord's own HTML export exactly (see
 * html-render.ts) and any other HTML sensibly:
 *
 *   <header class="council-header"> (or else the leading <p>/<hr>)   header, via `recogniseHeader`;
 *   a leading <tr> whose first cell is a header label ("From:")      one labelled header line
 *   <p class="numbered"><span class="number">N.</span>, <ol><li>     numbered (N as written, or the
 *                                                                     list's start/value)
 *   <ul><li>                                                          bullet
 *   a <p> opening with a typed number ("1. ", "1.&nbsp;&nbsp;")       numbered, as written (typed-number.ts)
 *   a <p> opening with a typed indent ("–&nbsp;&nbsp;", "- ", "• ")   bullet, marker dropped (typed-bullet.ts)
 *   <h1>…<h6>, a <p> bold throughout                                  heading
 *   <p> and loose text in containers (div, td, blockquote …)          paragraph
 *   <sup><a href="#x">, or Word's <a href="#x"> around a              footnote mark; the element with
 *   <span class=MsoFootnoteReference>, where x is an element's id      id x, or the paragraph of the
 *   or an <a name="x">                                                 <a name="x">, is its text (links
 *                                                                      back into the text left out)
 * Scripts, styles and images carry no words and are skipped.
 *
 * A `<pre>`'s lines are paragraphs, each read as loose text (its line breaks are all the structure it
 * shows; the model has no line break inside a paragraph).
 *
 * Spaces follow HTML's white-space rules: folded and trimmed, unless the block (or an element around
 * it) has `white-space: pre`, `pre-wrap` or `break-spaces` in its style attribute, as our export writes
 * on a block whose spaces HTML would fold; there they are kept, a line break read as one space. An
 * empty block (no-break spaces alone count as empty: Word's `<p>&nbsp;</p>` spacing) is left out,
 * unless it is our export's `p.paragraph` or `h2.heading` (the document has an empty paragraph there),
 * a numbered paragraph or a list item. Other blocks lose the no-break spaces at their ends.
 */
import { type CouncilDocument, err, ok, type Result } from '@accord/model';
import { type ChildNode, type Document, DomHandler, type Element, isTag, isText, Text } from 'domhandler';
import { existsOne, findAll, getAttributeValue, textContent } from 'domutils';
import { Parser } from 'htmlparser2';
import { DocumentAssembler, type ParseOptions } from './document-assembler';
import { type FormatError, formatError, lineAt } from './format-error';
import { type HeaderRun, recogniseHeaderParagraphs, type TableCell } from './header';
import {
  flattenInline,
  flattenInlineKeepingSpaces,
  hasWords,
  type InlinePiece,
  isBlank,
  normalizeSpace,
  trimNoBreakSpaces,
} from './inline-text';
import { MAX_HTML_DEPTH, MAX_TEXT_BYTES } from './limits';
import { countHtmlTrackedChanges, describeTrackedChanges } from './tracked-changes';
import { readTypedMarker } from './typed-number';

type HtmlBlockKind = 'loose' | 'paragraph' | 'numbered' | 'bullet' | 'heading' | 'separator';

interface HtmlBlock {
  readonly kind: HtmlBlockKind;
  readonly pieces: InlinePiece[];
  readonly lines: HeaderRun[][];
  /** Bold throughout: every non-blank text bold, and at least one. */
  readonly bold: boolean;
  readonly empty: boolean;
  readonly writtenNumber?: number;
  /** Under `white-space: pre-wrap` or the like: its spaces are the text's. */
  readonly keepsSpaces: boolean;
  /** Written by our export (`p.paragraph`, `h2.heading`): its no-break spaces were typed. */
  readonly ours: boolean;
  readonly inCouncilHeader: boolean;
  /** The table cell holding the block; null outside tables and in a row that holds a table. */
  readonly cell: TableCell | null;
}

const SKIPPED = new Set(['head', 'script', 'style', 'template', 'noscript', 'title', 'img', 'svg', 'iframe']);

/** The style of Word's comment list, and of each comment in it, in a Web page saved from Word. */
const WORD_COMMENT = /mso-element:\s*comment(?:-list)?\s*(?:;|$)/i;

/**
 * Whether an element carries no words of the text: a script, an image… or a Word comment, which a Web
 * page saved from Word writes as a "[DE1]" anchor (`a.msocomanchor`) where it is attached and as a
 * list of paragraphs at the end (`mso-element:comment-list`). Read as text, a comment would become a
 * paragraph of the document and its anchor a square-bracketed span that keeps the paragraph open (the
 * anchor's `MsoCommentReference` span holds only a space); Word files' comments are not read either
 * (mammoth leaves them out).
 */
function isSkipped(element: Element): boolean {
  if (SKIPPED.has(element.name)) return true;
  const classes = (getAttributeValue(element, 'class') ?? '').split(/\s+/);
  if (classes.includes('msocomanchor') || classes.includes('MsoCommentReference')) return true;
  return WORD_COMMENT.test(getAttributeValue(element, 'style') ?? '');
}
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'br',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
]);
const BOLD = new Set(['b', 'strong']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const WRITTEN_NUMBER = /^\s*(\d{1,9})/;

export function parseHtml(source: string, options: ParseOptions = {}): Result<CouncilDocument, FormatError> {
  if (source.length > MAX_TEXT_BYTES) {
    return err(formatError('too-large', `the HTML is larger than ${MAX_TEXT_BYTES} bytes`));
  }
  if (normalizeSpace(source) === '') return err(formatError('empty', 'the file is empty'));
  const parsed = parseHtmlTree(source);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  const trackedChanges = countHtmlTrackedChanges(root);
  if (trackedChanges > 0) {
    return err(
      formatError('tracked-changes', describeTrackedChanges('page saved from Word', trackedChanges)),
    );
  }
  const anchors: Anchors = { ids: new Map(), names: new Map() };
  collectAnchors(root.children, anchors);
  const reader = new HtmlReader(anchors, root.children);
  reader.readBlocks(root.children, false);
  const blocks = reader.blocks;
  if (blocks.every((b) => b.empty)) return err(formatError('empty', 'the HTML page has no text'));

  // Our export's <header class="council-header"> holds the whole header; other HTML opens with it.
  const hasCouncilHeader = blocks.some((b) => b.inCouncilHeader);
  const { metadata, bodyStart } = recogniseHeaderParagraphs(
    blocks,
    (block) => {
      if (block.empty) return 'skip';
      const inHeader = hasCouncilHeader
        ? block.inCouncilHeader
        : block.kind === 'loose' || block.kind === 'separator';
      if (!inHeader) return 'end';
      return block.kind === 'separator' ? { type: 'separator' } : { type: 'paragraph', lines: block.lines };
    },
    (block) => (hasCouncilHeader && !block.inCouncilHeader ? null : block.cell),
  );

  const assembler = new DocumentAssembler(options);
  for (const block of blocks.slice(bodyStart)) {
    if (block.empty || block.kind === 'separator') continue;
    // A number or an indent typed in a plain paragraph ("1.&nbsp;&nbsp;&nbsp;", "–&nbsp;&nbsp;" in
    // Word's HTML) makes it numbered or a bullet, as in .docx; marked-up blocks keep their text.
    const typed = block.kind === 'loose' ? readTypedMarker(block.pieces) : null;
    const kind = typed?.kind ?? (block.kind !== 'loose' ? block.kind : block.bold ? 'heading' : 'paragraph');
    const pieces = typed?.pieces ?? block.pieces;
    const flat = block.keepsSpaces ? flattenInlineKeepingSpaces(pieces) : flattenInline(pieces);
    const content = block.ours || block.keepsSpaces ? flat : trimNoBreakSpaces(flat);
    const writtenNumber = typed?.kind === 'numbered' ? typed.number : block.writtenNumber;
    const problem = assembler.addBlock({
      kind,
      content,
      ...(writtenNumber === undefined ? {} : { writtenNumber }),
    });
    if (problem) return err(problem);
    for (const mark of content.marks) {
      const target = reader.definitionOf(mark.label);
      const text = target === undefined ? '' : normalizeSpace(readDefinition(target.children));
      const defined = assembler.defineFootnote(mark.label, { text, marks: [] });
      if (defined) return err(defined);
    }
  }
  return assembler.finish(metadata);
}

/**
 * A DOM handler that reports an element nested deeper than `MAX_HTML_DEPTH`: htmlparser2 shifts its
 * stack of open elements on every tag (14 s at 200,000 deep), and the reader walks the tree recursively.
 */
class DepthLimitedHandler extends DomHandler {
  constructor(private readonly onTooDeep: () => void) {
    super();
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    // The stack holds the document itself below the open elements.
    if (this.tagStack.length - 1 > MAX_HTML_DEPTH) this.onTooDeep();
  }
}

/** The DOM of `source`, or `too-complex` as soon as an element opens too deep (the rest is not read). */
function parseHtmlTree(source: string): Result<Document, FormatError> {
  let tooDeepAt: number | null = null;
  const handler = new DepthLimitedHandler(() => {
    tooDeepAt ??= parser.startIndex;
    parser.pause();
  });
  const parser = new Parser(handler);
  parser.write(source);
  if (tooDeepAt !== null) {
    const message = `the HTML nests elements more than ${MAX_HTML_DEPTH} deep`;
    return err(formatError('too-complex', message, lineAt(source, tooDeepAt)));
  }
  parser.end();
  return ok(handler.root);
}

class HtmlReader {
  readonly blocks: HtmlBlock[] = [];
  /** The table cell being read. */
  private cell: TableCell | null = null;
  /** Footnote calls (the <sup>, or Word's <a>) → the label they cite. */
  private readonly calls = new Map<Element, string>();
  /** Label → the element holding its footnote text. */
  private readonly texts = new Map<string, Element>();
  /** Elements that are footnote texts: read as footnotes, not as body. */
  private readonly definitions = new Set<Element>();

  constructor(anchors: Anchors, nodes: readonly ChildNode[]) {
    // Known before the walk, so a footnote text placed before its mark is not read as body. In document
    // order, so the link back from a footnote text to its call (Word marks both alike) is inside a
    // footnote text already known, and is not taken for a call.
    for (const element of findAll(isFootnoteCall, nodes as ChildNode[])) {
      if (hasAncestor(element, (e) => this.calls.has(e) || this.definitions.has(e))) continue;
      const label = callLabel(element);
      const target = label === null ? undefined : findFootnoteText(anchors, label);
      // A link to a place in its own paragraph, or to a paragraph holding it, cites no footnote.
      if (label === null || target === undefined || hasAncestor(element, (e) => e === target)) continue;
      this.calls.set(element, label);
      this.texts.set(label, target);
      this.definitions.add(target);
    }
  }

  /** The element holding the text of the footnote cited as `label`. */
  definitionOf(label: string): Element | undefined {
    return this.texts.get(label);
  }

  readBlocks(nodes: readonly ChildNode[], inHeader: boolean): void {
    let loose: ChildNode[] = [];
    const flush = () => {
      if (loose.length > 0) this.pushBlock('loose', loose, inHeader);
      loose = [];
    };
    for (const node of nodes) {
      if (isText(node) || (isTag(node) && INLINE.has(node.name))) {
        loose.push(node);
        continue;
      }
      flush();
      if (isTag(node)) this.readElement(node, inHeader);
    }
    flush();
  }

  private readElement(element: Element, inHeader: boolean): void {
    const name = element.name;
    const classes = (getAttributeValue(element, 'class') ?? '').split(/\s+/);
    if (isSkipped(element) || this.definitions.has(element) || classes.includes('footnotes')) return;
    if (name === 'hr') {
      this.blocks.push({
        kind: 'separator',
        pieces: [],
        lines: [],
        bold: false,
        empty: false,
        keepsSpaces: false,
        ours: false,
        inCouncilHeader: inHeader,
        cell: this.cell,
      });
    } else if (name === 'p') {
      if (classes.includes('numbered')) {
        const numberElement = element.children.find(
          (c): c is Element =>
            isTag(c) && (getAttributeValue(c, 'class') ?? '').split(/\s+/).includes('number'),
        );
        const written = WRITTEN_NUMBER.exec(numberElement ? textContent(numberElement) : '')?.[1];
        const rest = element.children.filter((c) => c !== numberElement);
        this.pushBlock('numbered', rest, inHeader, written === undefined ? undefined : Number(written));
      } else if (classes.includes('paragraph')) {
        this.pushBlock('paragraph', element.children, inHeader, undefined, true);
      } else {
        this.pushBlock('loose', element.children, inHeader);
      }
    } else if (HEADINGS.has(name)) {
      this.pushBlock('heading', element.children, inHeader, undefined, classes.includes('heading'));
    } else if (name === 'ul' || name === 'ol') {
      this.readList(element, inHeader);
    } else if (name === 'pre') {
      // Preformatted text shows its line breaks, the only structure it has (a plain-text e-mail's
      // points, say): each line is a paragraph, read as any loose text is, so a typed number counts.
      for (const line of splitLines(element)) this.pushBlock('loose', line, inHeader);
    } else if (name === 'tr' && !existsOne((e) => e.name === 'table', element.children)) {
      this.readRow(element, inHeader);
    } else {
      this.readBlocks(
        element.children,
        inHeader || (name === 'header' && classes.includes('council-header')),
      );
    }
  }

  /** A table row: each cell's blocks marked with the row and the cell's column. */
  private readRow(row: Element, inHeader: boolean): void {
    const outer = this.cell;
    let column = 0;
    for (const node of row.children) {
      if (isText(node) && isBlank(node.data)) continue;
      this.cell = { row, column: column++ };
      if (isTag(node) && (node.name === 'td' || node.name === 'th')) this.readBlocks(node.children, inHeader);
      else this.readBlocks([node], inHeader);
    }
    this.cell = outer;
  }

  private readList(list: Element, inHeader: boolean): void {
    const ordered = list.name === 'ol';
    let next = Number(getAttributeValue(list, 'start') ?? '1');
    if (!Number.isSafeInteger(next)) next = 1;
    for (const item of list.children) {
      if (!isTag(item)) continue;
      if (item.name !== 'li' || this.definitions.has(item)) {
        this.readElement(item, inHeader);
        continue;
      }
      const value = Number(getAttributeValue(item, 'value') ?? Number.NaN);
      if (Number.isSafeInteger(value)) next = value;
      const firstBlock = item.children.findIndex((c) => isTag(c) && !INLINE.has(c.name));
      const inline = firstBlock < 0 ? item.children : item.children.slice(0, firstBlock);
      this.pushBlock(ordered ? 'numbered' : 'bullet', inline, inHeader, ordered ? next : undefined);
      next++;
      if (firstBlock >= 0) this.readBlocks(item.children.slice(firstBlock), inHeader);
    }
  }

  /** `ours`: a block as our export writes one (`p.paragraph`, `h2.heading`), a block even when empty. */
  private pushBlock(
    kind: HtmlBlockKind,
    nodes: readonly ChildNode[],
    inHeader: boolean,
    writtenNumber?: number,
    ours = false,
  ) {
    const pieces: InlinePiece[] = [];
    const lines: HeaderRun[][] = [[]];
    let boldText = false;
    let plainText = false;
    const visit = (node: ChildNode, bold: boolean) => {
      if (isText(node)) {
        pieces.push({ type: 'text', value: node.data });
        lines.at(-1)?.push({ text: node.data, bold });
        // A no-break space alone is Word's spacing ("<p>&nbsp;</p>"), not text, nor plain beside bold.
        if (hasWords(node.data)) {
          if (bold) boldText = true;
          else plainText = true;
        }
        return;
      }
      if (!isTag(node) || isSkipped(node)) return;
      if (node.name === 'br') {
        pieces.push({ type: 'text', value: '\n' });
        lines.push([]);
        return;
      }
      const label = this.calls.get(node);
      if (label !== undefined) {
        pieces.push({ type: 'mark', mark: { label } });
        return;
      }
      for (const child of node.children) visit(child, bold || BOLD.has(node.name));
    };
    for (const node of nodes) visit(node, false);
    // A numbered paragraph or list item is content even without words: it carries a number or a dash.
    const listed = kind === 'numbered' || kind === 'bullet';
    const empty = !listed && !ours && !boldText && !plainText && !pieces.some((p) => p.type === 'mark');
    const parent = nodes[0]?.parent;
    this.blocks.push({
      kind,
      pieces,
      lines,
      bold: boldText && !plainText,
      empty,
      ...(writtenNumber === undefined ? {} : { writtenNumber }),
      keepsSpaces: parent !== null && parent !== undefined && isTag(parent) && keepsWhiteSpace(parent),
      ours,
      inCouncilHeader: inHeader,
      cell: this.cell,
    });
  }
}

/**
 * The nodes of a `<pre>`, line by line: its text split at each line break (a `<br>` too). An element
 * whose text runs over a line break stays whole on the line it opens on.
 */
function splitLines(pre: Element): ChildNode[][] {
  const lines: ChildNode[][] = [[]];
  for (const node of pre.children) {
    if (isText(node) && /[\r\n]/.test(node.data)) {
      node.data.split(/\r\n?|\n/).forEach((part, index) => {
        if (index > 0) lines.push([]);
        if (part === '') return;
        // Under the <pre>, so a white-space style around it applies to every line alike.
        const text = new Text(part);
        text.parent = pre;
        lines.at(-1)?.push(text);
      });
    } else if (isTag(node) && node.name === 'br') {
      lines.push([]);
    } else {
      lines.at(-1)?.push(node);
    }
  }
  return lines.filter((line) => line.length > 0);
}

/** `white-space` values under which HTML keeps spaces as written. */
const KEPT_WHITE_SPACE =
  /(?:^|;)\s*white-space\s*:\s*(?:pre|pre-wrap|break-spaces)\s*(?:!important\s*)?(?:;|$)/i;

/** Whether the style attribute of `element`, or of the nearest element around it that sets one, keeps spaces. */
function keepsWhiteSpace(element: Element): boolean {
  for (let node: Element | null = element; node !== null; ) {
    const style = getAttributeValue(node, 'style') ?? '';
    if (/(?:^|;)\s*white-space\s*:/i.test(style)) return KEPT_WHITE_SPACE.test(style);
    node = node.parent !== null && isTag(node.parent) ? node.parent : null;
  }
  return false;
}

/** Where an in-page link can land: elements by `id`, and `<a name>` anchors, which Word writes. */
interface Anchors {
  readonly ids: Map<string, Element>;
  readonly names: Map<string, Element>;
}

function collectAnchors(nodes: readonly ChildNode[], anchors: Anchors): void {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    const id = getAttributeValue(node, 'id');
    if (id !== undefined && !anchors.ids.has(id)) anchors.ids.set(id, node);
    const name = node.name === 'a' ? getAttributeValue(node, 'name') : undefined;
    if (name !== undefined && !anchors.names.has(name)) anchors.names.set(name, node);
    collectAnchors(node.children, anchors);
  }
}

const WORD_NOTE_REFERENCE = /^Mso(?:Footnote|Endnote)Reference$/i;
/** The style of the <div> Word puts each footnote (or endnote) in. */
const WORD_NOTE = /mso-element:\s*(?:footnote|endnote)\s*(?:;|$)/i;

/**
 * A footnote call: `<sup><a href="#x">` (mammoth, Markdown tools, our export), or Word's own HTML, an
 * `<a href="#_ftn1">` around a `<span class=MsoFootnoteReference>` that holds "[1]".
 */
function isFootnoteCall(element: Element): boolean {
  if (element.name === 'sup') return internalLink(element) !== null;
  if (element.name !== 'a' || callLabel(element) === null) return false;
  const style = getAttributeValue(element, 'style') ?? '';
  return (
    /mso-(?:footnote|endnote)-id/i.test(style) ||
    existsOne(
      (e) => (getAttributeValue(e, 'class') ?? '').split(/\s+/).some((c) => WORD_NOTE_REFERENCE.test(c)),
      element.children,
    )
  );
}

/** The `<a href="#…">` a <sup> holds, or the link itself. */
function internalLink(element: Element): Element | null {
  const link =
    element.name === 'a' ? element : element.children.find((c): c is Element => isTag(c) && c.name === 'a');
  return link !== undefined && getAttributeValue(link, 'href')?.startsWith('#') ? link : null;
}

/** The place a call's link points at, as its label. */
function callLabel(call: Element): string | null {
  const link = internalLink(call);
  const href = link === null ? undefined : getAttributeValue(link, 'href');
  return href === undefined ? null : safeDecode(href.slice(1));
}

/**
 * The element holding the footnote text a link to `label` lands on: the element with that id, or, for
 * an anchor inside a paragraph (`<p><a name="_ftn1">[1]</a> text</p>`), that paragraph; Word puts a
 * footnote of several paragraphs in a `<div style="mso-element:footnote">`, which is taken whole.
 */
function findFootnoteText(anchors: Anchors, label: string): Element | undefined {
  let target = anchors.ids.get(label) ?? anchors.names.get(label);
  while (target !== undefined && INLINE.has(target.name)) {
    target = target.parent !== null && isTag(target.parent) ? target.parent : undefined;
  }
  const around = target?.parent;
  if (around && isTag(around) && WORD_NOTE.test(getAttributeValue(around, 'style') ?? '')) return around;
  return target;
}

function hasAncestor(element: Element, test: (ancestor: Element) => boolean): boolean {
  for (let node = element.parent; node !== null; node = node.parent) {
    if (isTag(node) && test(node)) return true;
  }
  return false;
}

/** A footnote's text: its words, without the links back into the document. */
function readDefinition(nodes: readonly ChildNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (isText(node)) text += node.data;
    else if (isTag(node) && !isSkipped(node)) {
      const href = getAttributeValue(node, 'href');
      if (node.name === 'a' && href?.startsWith('#')) continue;
      text += `${readDefinition(node.children)}${INLINE.has(node.name) ? '' : ' '}`;
    }
  }
  return text;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

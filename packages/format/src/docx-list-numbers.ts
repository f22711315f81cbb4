/**
 * The numbers Word shows on level-0 list paragraphs, read from `word/numbering.xml` and
 * `word/document.xml` themselves: mammoth hands each paragraph only its list level, shared by every
 * list built on one definition, so it cannot tell a list that restarts ("Restart at 1", which Word
 * writes as a new `w:num` with a `w:startOverride`) from one that continues.
 *
 * Word's rule, as followed here: paragraphs of all `w:num`s built on one `w:abstractNum` share its
 * count, which starts at the level's `w:start`; the first paragraph of a `w:num` that overrides the
 * level's start restarts the count there. `w:numId` 0 takes a paragraph out of its list. A paragraph
 * without its own `w:numPr` takes its style's (`word/styles.xml`, as Word's "List Number" styles and
 * the Council's numbered-paragraph styles do), and an `w:abstractNum` that only links to a list style
 * (`w:numStyleLink`) counts with the definition of that style (`w:styleLink`), as mammoth reads them.
 * Tracked changes are read as accepted, as mammoth reads them: a paragraph whose mark is deleted (a
 * deleted or moved-away paragraph of a redline) joins the next and takes no number, and words moved
 * away (`w:moveFrom`) are no paragraph's text; else the numbers would not line up with mammoth's
 * paragraphs and every list would be counted from 1.
 */
import type { Element } from 'domhandler';
import { findAll, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type JSZip from 'jszip';

/** A level-0 paragraph of an ordered list: the number Word shows, and its text to align it by. */
export interface ListNumber {
  readonly number: number;
  readonly text: string;
}

interface AbstractLevel {
  readonly start: number;
  readonly ordered: boolean;
}

interface Num {
  readonly abstractId: string;
  readonly startOverride: number | null;
}

/** A `w:numPr`: which list, at which level. */
interface ListRef {
  readonly numId: string;
  readonly level: string;
}

interface Numbering {
  readonly levels: ReadonlyMap<string, AbstractLevel>;
  readonly nums: ReadonlyMap<string, Num>;
  /** `w:abstractNumId` → the list style it only links to (`w:numStyleLink`). */
  readonly styleLinks: ReadonlyMap<string, string>;
  /** Style id → the list its own `w:numPr` names (paragraph and numbering styles alike). */
  readonly styleNums: ReadonlyMap<string, ListRef>;
}

/** How many list styles a link may pass through before it is taken for a loop. */
const MAX_STYLE_LINKS = 8;

/** The numbered list paragraphs in document order, or null when the parts cannot be read. */
export async function readListNumbers(zip: JSZip): Promise<ListNumber[] | null> {
  try {
    const numberingXml = await zip.file('word/numbering.xml')?.async('string');
    const documentXml = await zip.file('word/document.xml')?.async('string');
    if (documentXml === undefined) return null;
    if (numberingXml === undefined) return [];
    // Styles matter here only for lists: a document without numbering skips reading them.
    const stylesXml = await zip.file('word/styles.xml')?.async('string');
    const styles = stylesXml === undefined ? [] : parseXml(stylesXml);
    return numberParagraphs(parseXml(documentXml), readNumbering(parseXml(numberingXml), styles));
  } catch {
    return null;
  }
}

function parseXml(xml: string): Element[] {
  return findAll(() => true, parseDocument(xml, { xmlMode: true }).children);
}

function readNumbering(elements: Element[], styles: Element[]): Numbering {
  const levels = new Map<string, AbstractLevel>();
  const nums = new Map<string, Num>();
  const styleLinks = new Map<string, string>();
  const styleNums = new Map<string, ListRef>();
  for (const style of styles) {
    if (style.name !== 'w:style') continue;
    const numPr = findChildPath(style, ['w:pPr', 'w:numPr']);
    const list = numPr === undefined ? null : readListRef(numPr);
    const id = getAttributeValue(style, 'w:styleId');
    if (id !== undefined && list !== null) styleNums.set(id, list);
  }
  for (const element of elements) {
    if (element.name === 'w:abstractNum') {
      const id = getAttributeValue(element, 'w:abstractNumId') ?? '';
      const link = childValue(element, 'w:numStyleLink');
      if (link !== undefined) styleLinks.set(id, link);
      const level = element.children.find(
        (child): child is Element =>
          isElement(child, 'w:lvl') && (getAttributeValue(child, 'w:ilvl') ?? '0') === '0',
      );
      if (level === undefined) continue;
      const start = readNumber(childValue(level, 'w:start')) ?? 1;
      levels.set(id, { start, ordered: childValue(level, 'w:numFmt') !== 'bullet' });
    } else if (element.name === 'w:num') {
      const id = getAttributeValue(element, 'w:numId') ?? '';
      const abstractId = childValue(element, 'w:abstractNumId');
      if (abstractId === undefined) continue;
      const override = element.children.find(
        (child): child is Element =>
          isElement(child, 'w:lvlOverride') && (getAttributeValue(child, 'w:ilvl') ?? '0') === '0',
      );
      const startOverride =
        override === undefined ? null : readNumber(childValue(override, 'w:startOverride'));
      nums.set(id, { abstractId, startOverride: startOverride ?? null });
    }
  }
  return { levels, nums, styleLinks, styleNums };
}

/** The definition a list counts with: its own, or that of the list style it links to. */
function definitionOf(abstractId: string, numbering: Numbering): string | undefined {
  let id = abstractId;
  for (let hops = 0; hops <= MAX_STYLE_LINKS; hops++) {
    const link = numbering.styleLinks.get(id);
    if (link === undefined) return id;
    const styleList = numbering.styleNums.get(link);
    const linked = styleList === undefined ? undefined : numbering.nums.get(styleList.numId);
    if (linked === undefined) return undefined;
    id = linked.abstractId;
  }
  return undefined;
}

/** The list a paragraph belongs to: its own `w:numPr`, or its paragraph style's. */
function listOf(paragraph: Element, numbering: Numbering): ListRef | null {
  const numPr = findChildPath(paragraph, ['w:pPr', 'w:numPr']);
  if (numPr !== undefined) return readListRef(numPr);
  const style = findChildPath(paragraph, ['w:pPr', 'w:pStyle']);
  const styleId = style === undefined ? undefined : getAttributeValue(style, 'w:val');
  return (styleId === undefined ? undefined : numbering.styleNums.get(styleId)) ?? null;
}

function readListRef(numPr: Element): ListRef | null {
  const numId = childValue(numPr, 'w:numId');
  return numId === undefined ? null : { numId, level: childValue(numPr, 'w:ilvl') ?? '0' };
}

function numberParagraphs(elements: Element[], numbering: Numbering): ListNumber[] {
  const counts = new Map<string, number>();
  const seenNums = new Set<string>();
  const numbers: ListNumber[] = [];
  // The text of paragraphs whose mark is a tracked deletion, waiting for the paragraph they join.
  let joined = '';
  for (const paragraph of elements) {
    if (paragraph.name !== 'w:p') continue;
    // Read as accepted, as mammoth reads it: a paragraph whose mark is deleted is no paragraph of its
    // own but the start of the next, which keeps its own list.
    if (findChildPath(paragraph, ['w:pPr', 'w:rPr', 'w:del']) !== undefined) {
      joined += acceptedText(paragraph);
      continue;
    }
    const text = joined + acceptedText(paragraph);
    joined = '';
    const list = listOf(paragraph, numbering);
    if (list === null || list.level !== '0') continue;
    const { numId } = list;
    const num = numbering.nums.get(numId);
    const definition = num === undefined ? undefined : definitionOf(num.abstractId, numbering);
    const level = definition === undefined ? undefined : numbering.levels.get(definition);
    if (num === undefined || definition === undefined || level === undefined || !level.ordered) continue;
    let count = counts.get(definition) ?? level.start - 1;
    if (!seenNums.has(numId)) {
      seenNums.add(numId);
      if (num.startOverride !== null) count = num.startOverride - 1;
    }
    count += 1;
    counts.set(definition, count);
    numbers.push({ number: count, text });
  }
  return numbers;
}

/** A paragraph's words once its tracked changes are accepted: those moved away are not its own. */
function acceptedText(paragraph: Element): string {
  return findAll((e) => e.name === 'w:t' && !insideMovedAway(e, paragraph), paragraph.children)
    .map((t) => textContent(t))
    .join('');
}

function insideMovedAway(element: Element, paragraph: Element): boolean {
  for (let node = element.parent; node !== null && node !== paragraph; node = node.parent) {
    if ((node as Element).name === 'w:moveFrom') return true;
  }
  return false;
}

function isElement(node: unknown, name: string): node is Element {
  return (node as Element).type === 'tag' && (node as Element).name === name;
}

function findChildPath(element: Element, path: readonly string[]): Element | undefined {
  let current: Element | undefined = element;
  for (const name of path)
    current = current?.children.find((child) => isElement(child, name)) as Element | undefined;
  return current;
}

function childValue(element: Element, name: string): string | undefined {
  const child = element.children.find((c) => isElement(c, name)) as Element | undefined;
  return child === undefined ? undefined : getAttributeValue(child, 'w:val');
}

function readNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}

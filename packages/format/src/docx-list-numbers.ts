/**
 * The numbers Word shows on level-0 list paragraphs, read from `word/numbering.xml` and
 * `word/document.xml` themselves: mammoth hands each paragraph only its list level, shared by every
 * list built on one definition, so it cannot tell a list that restarts ("Restart at 1", which Word
 * writes as a new `w:num` with a `w:startOverride`) from one that continues.
 *
 * Word's rule, as followed here: paragraphs of all `w:num`s built on one `w:abstractNum` share its
 * count, which starts at the level's `w:start`; the first paragraph of a `w:num` that overrides the
 * level's start restarts the count there. `w:numId` 0 takes a paragraph out of its list.
 */
import type { Element } from 'domhandler';
import { findAll, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import JSZip from 'jszip';

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

/** The numbered list paragraphs in document order, or null when the parts cannot be read. */
export async function readListNumbers(bytes: Uint8Array): Promise<ListNumber[] | null> {
  try {
    const zip = await JSZip.loadAsync(bytes);
    const numberingXml = await zip.file('word/numbering.xml')?.async('string');
    const documentXml = await zip.file('word/document.xml')?.async('string');
    if (documentXml === undefined) return null;
    if (numberingXml === undefined) return [];
    return numberParagraphs(parseXml(documentXml), readNumbering(parseXml(numberingXml)));
  } catch {
    return null;
  }
}

function parseXml(xml: string): Element[] {
  return findAll(() => true, parseDocument(xml, { xmlMode: true }).children);
}

function readNumbering(elements: Element[]) {
  const levels = new Map<string, AbstractLevel>();
  const nums = new Map<string, Num>();
  for (const element of elements) {
    if (element.name === 'w:abstractNum') {
      const id = getAttributeValue(element, 'w:abstractNumId') ?? '';
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
  return { levels, nums };
}

function numberParagraphs(
  elements: Element[],
  { levels, nums }: ReturnType<typeof readNumbering>,
): ListNumber[] {
  const counts = new Map<string, number>();
  const seenNums = new Set<string>();
  const numbers: ListNumber[] = [];
  for (const paragraph of elements) {
    if (paragraph.name !== 'w:p') continue;
    const numPr = findChildPath(paragraph, ['w:pPr', 'w:numPr']);
    if (numPr === undefined) continue;
    if ((childValue(numPr, 'w:ilvl') ?? '0') !== '0') continue;
    const numId = childValue(numPr, 'w:numId');
    const num = numId === undefined ? undefined : nums.get(numId);
    const level = num === undefined ? undefined : levels.get(num.abstractId);
    if (numId === undefined || num === undefined || level === undefined || !level.ordered) continue;
    let count = counts.get(num.abstractId) ?? level.start - 1;
    if (!seenNums.has(numId)) {
      seenNums.add(numId);
      if (num.startOverride !== null) count = num.startOverride - 1;
    }
    count += 1;
    counts.set(num.abstractId, count);
    const text = findAll((e) => e.name === 'w:t', paragraph.children)
      .map((t) => textContent(t))
      .join('');
    numbers.push({ number: count, text });
  }
  return numbers;
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

/**
 * How a block is cited in the room: "paragraph 3", "paragraph 3, second subparagraph", "paragraph 5,
 * first indent", "part 2, paragraph 1". One name per block in a document, so that the Presidency's
 * board, the margin and the redline never show two rows as "¶ 1".
 *
 * Follows the Council's drafting words: the text of a numbered paragraph is its first subparagraph and
 * each unnumbered paragraph after it the next; dashed items are indents. A numbering that restarts
 * (the conclusions in an annex after a cover note) opens a new part, from the first heading after the
 * cover's last numbered paragraph (the annex's label or title) when there is one. Parts are named
 * only when a document has more than one: a part opening with an annex's label ("ANNEX", "Annex II")
 * by it, as the Council cites it ("Annex, paragraph 1"; several labelled "ANNEX" alone are Annex I,
 * Annex II in order), any other "part 3".
 * Two parts and no label: a cover note and its annex, as an I/A item note or a NOTE lays them out (the
 * note says "as set out in the Annex"; the Council's 9916/17 has no "ANNEX" heading): the second is
 * "Annex", the text an item note forwards (`selectForwardedText`). A first part followed by annexes
 * alone is the cover note, whose numbered paragraphs are points: "cover note, point 3".
 */
import type { Block, BlockKind } from './document';

export interface BlockCitation {
  /** 1, 2, … where numbering restarts; null when the document has a single numbering. */
  readonly part: number | null;
  /**
   * The part's name: an annex's ("Annex", "Annex II"), or `COVER_NOTE` for a first part before annexes
   * alone; else it is cited "part N".
   */
  readonly partName?: string | null;
  /** The numbered paragraph the block is or stands under; null before its part's first one. */
  readonly paragraph: string | null;
  readonly kind: BlockKind;
  /**
   * Unnumbered blocks: which of the blocks of their kind under `paragraph` (or before the part's first
   * numbered paragraph) they are, from 1. Null for a numbered paragraph.
   */
  readonly ordinal: number | null;
}

/** `title` starts with a capital ("Paragraph 3, first indent"), `inline` does not, `short` is for tables. */
export type CitationForm = 'title' | 'inline' | 'short';

/** A block's text is read only for an annex's label; without it, a part is cited by its number. */
type CitedBlock = Pick<Block, 'kind' | 'number'> & { readonly text?: string };

/**
 * The citation of every block, in order. Reads only kinds and derived numbers, so it works on any
 * list the API gives: a numbered paragraph whose number does not go past the part's last one opens a
 * new part.
 */
export function citeBlocks(blocks: readonly CitedBlock[]): BlockCitation[] {
  const parts = assignParts(blocks);
  const partCount = parts.length === 0 ? 0 : (parts[parts.length - 1] as number);
  const names = partCount > 1 ? nameAnnexes(blocks, parts) : new Map<number, string>();
  if (isCoverNote(names, partCount)) names.set(1, COVER_NOTE);
  const citations: BlockCitation[] = [];
  let part = 0;
  let paragraph: string | null = null;
  let counts = new Map<BlockKind, number>();
  blocks.forEach((block, index) => {
    const blockPart = parts[index] as number;
    if (blockPart !== part) {
      part = blockPart;
      paragraph = null;
      counts = new Map();
    }
    let ordinal: number | null = null;
    if (block.kind === 'numbered') {
      paragraph = block.number;
      counts = new Map();
    } else {
      ordinal = (counts.get(block.kind) ?? 0) + 1;
      counts.set(block.kind, ordinal);
    }
    const partName = names.get(part);
    citations.push({
      part: partCount > 1 ? part : null,
      ...(partName === undefined ? {} : { partName }),
      paragraph,
      kind: block.kind,
      ordinal,
    });
  });
  return citations;
}

/** Each block's name by id, in one form: what a screen labels its blocks with. */
export function nameBlocks(
  blocks: readonly (CitedBlock & Pick<Block, 'id'>)[],
  form: CitationForm,
): Map<string, string> {
  const citations = citeBlocks(blocks);
  return new Map(
    blocks.map((block, index) => [block.id, describeCitation(citations[index] as BlockCitation, form)]),
  );
}

/** Each block's part, from 1: a restart opens one, and takes the headings right before it. */
function assignParts(blocks: readonly CitedBlock[]): number[] {
  const parts: number[] = [];
  let part = 1;
  let last: number | null = null;
  blocks.forEach((block, index) => {
    const number = block.kind === 'numbered' && block.number !== null ? Number(block.number) : Number.NaN;
    if (!Number.isNaN(number)) {
      if (last !== null && number <= last) {
        part += 1;
        // The annex opens at its first heading after the cover's last numbered paragraph: its label,
        // its title and the line that opens the conclusions ("The Council adopted …") are the annex's,
        // while unnumbered lines before that heading follow the cover's last point.
        let opens = index;
        for (let back = index - 1; back >= 0 && blocks[back]?.kind !== 'numbered'; back--) {
          if (blocks[back]?.kind === 'heading') opens = back;
        }
        for (let back = opens; back < index; back++) parts[back] = part;
      }
      last = number;
    }
    parts.push(part);
  });
  return parts;
}

/** The name of a first part that only covers annexes: the Council cites "point 3 of the cover note". */
export const COVER_NOTE = 'cover note';

/** A first part is a cover note when every part after it is an annex (named by its label or as the second of two). */
function isCoverNote(names: ReadonlyMap<number, string>, partCount: number): boolean {
  if (partCount < 2 || names.has(1)) return false;
  for (let part = 2; part <= partCount; part++) if (!names.has(part)) return false;
  return true;
}

/** "ANNEX", "Annex I", "ANNEX 2.": a heading that only labels the annex that follows. */
const ANNEX_LABEL = /^annex(?:\s+([ivxlcdm]+|\d+))?\.?$/i;

/** The annex a label names ("Annex", "Annex II"); null for any other text. */
export function readAnnexLabel(text: string): { readonly numeral: string | null } | null {
  const match = ANNEX_LABEL.exec(text.trim());
  return match === null ? null : { numeral: match[1]?.toUpperCase() ?? null };
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'] as const;

/**
 * The parts opening with an annex's label, by part, named as it: "Annex II". Several labelled "ANNEX"
 * alone are numbered in order (Annex I, Annex II). A name already taken leaves its part "part N".
 */
function nameAnnexes(blocks: readonly CitedBlock[], parts: readonly number[]): Map<number, string> {
  const labels: [number, string | null][] = [];
  blocks.forEach((block, index) => {
    const part = parts[index] as number;
    if (block.kind !== 'heading' || (index > 0 && parts[index - 1] === part)) return;
    const label = readAnnexLabel(block.text ?? '');
    if (label !== null) labels.push([part, label.numeral]);
  });
  const names = new Map<number, string>();
  const partCount = parts.at(-1) ?? 0;
  if (labels.length === 0 && partCount === 2) return names.set(2, 'Annex');
  const bare = labels.filter(([, numeral]) => numeral === null).length;
  const taken = new Set<string>();
  let order = 0;
  for (const [part, numeral] of labels) {
    order += 1;
    const name =
      numeral !== null ? `Annex ${numeral}` : bare > 1 ? `Annex ${ROMAN[order - 1] ?? order}` : 'Annex';
    if (taken.has(name)) continue;
    taken.add(name);
    names.set(part, name);
  }
  return names;
}

const ORDINAL_WORDS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
] as const;

function ordinalWord(n: number): string {
  return ORDINAL_WORDS[n - 1] ?? ordinalFigure(n);
}

/** "1st", "2nd", "3rd", "11th", "22nd". */
function ordinalFigure(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** The words of a citation: in full for sentences and labels, abbreviated for the board's rows. */
interface Vocabulary {
  readonly paragraph: string;
  readonly nth: (n: number) => string;
  readonly subparagraph: string;
  readonly introductory: string;
  readonly unnumbered: string;
}

const FULL: Vocabulary = {
  paragraph: 'paragraph',
  nth: ordinalWord,
  subparagraph: 'subparagraph',
  introductory: 'introductory',
  unnumbered: 'paragraph',
};

const SHORT: Vocabulary = {
  paragraph: '¶',
  nth: ordinalFigure,
  subparagraph: 'subpara.',
  introductory: 'intro.',
  unnumbered: 'para.',
};

/** "paragraph 3, second subparagraph" (inline), "Paragraph 3, …" (title) or "¶ 3, 2nd subpara." (short). */
export function describeCitation(citation: BlockCitation, form: CitationForm): string {
  const text = cite(citation, form === 'short' ? SHORT : FULL);
  return form === 'inline' ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

function cite({ part, partName, paragraph, kind, ordinal }: BlockCitation, words: Vocabulary): string {
  const prefix = part === null ? '' : `${partName ?? `part ${part}`}, `;
  const nth = ordinal ?? 1;
  // A cover note's numbered paragraphs are its points.
  const numbered = partName === COVER_NOTE ? 'point' : words.paragraph;
  const under = paragraph === null ? null : `${numbered} ${paragraph}`;
  switch (kind) {
    case 'numbered':
      return `${prefix}${under ?? numbered}`;
    case 'paragraph':
      // The numbered paragraph's own text is its first subparagraph.
      return under === null
        ? `${prefix}${words.nth(nth)} ${words.introductory} ${words.unnumbered}`
        : `${prefix}${under}, ${words.nth(nth + 1)} ${words.subparagraph}`;
    case 'bullet':
      return under === null
        ? `${prefix}${words.nth(nth)} ${words.introductory} indent`
        : `${prefix}${under}, ${words.nth(nth)} indent`;
    case 'heading': {
      const heading = nth === 1 ? 'heading' : `${words.nth(nth)} heading`;
      return under === null ? `${prefix}${heading}` : `${prefix}${heading} after ${under}`;
    }
  }
}

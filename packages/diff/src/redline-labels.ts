/** The words every redline (HTML, Word, terminal) uses for what happened to a block. */
import { type BlockCitation, type BlockKind, citeBlocks, describeCitation, isBlockKind } from '@accord/model';
import type { BlockDiff, DocumentDiff, MetadataField, MetadataValue } from './document-diff';

export interface RedlineOptions {
  /** The page or document title, e.g. "7923/2/17 REV 2 compared with REV 1". */
  readonly title: string;
  /** The version compared with, usually the older, e.g. "7923/1/17 REV 1". */
  readonly fromLabel: string;
  /** The version shown, usually the newer, e.g. "7923/2/17 REV 2". */
  readonly toLabel: string;
  /** How insertions are marked; deletions are always struck through. @default 'bold-underline' */
  readonly insertions?: InsertionStyle;
  /**
   * The comparison goes back: `fromLabel` is the later version, so what it added is struck through and
   * what it removed inserted. The cover says so (`describeComparison`, `describeConvention`).
   * @default false
   */
  readonly backwards?: boolean;
  /**
   * `fromLabel` is the version just before `toLabel` (REV 1 for REV 2, the latest revision for the live
   * text): the convention line says "the previous version", in the words of the Council's covers.
   * @default false
   */
  readonly againstPrevious?: boolean;
}

/**
 * How a Presidency marks insertions: the Council's usual bold underline, or bold alone, which some
 * Presidencies use. The cover says which (`describeConvention`).
 */
export const INSERTION_STYLES = ['bold-underline', 'bold'] as const;
export type InsertionStyle = (typeof INSERTION_STYLES)[number];

export function isInsertionStyle(value: unknown): value is InsertionStyle {
  return typeof value === 'string' && (INSERTION_STYLES as readonly string[]).includes(value);
}

/** An option as a user gave it: not given is the Council's bold underline; an unknown one is null. */
export function readInsertionStyle(value: string | undefined): InsertionStyle | null {
  if (value === undefined) return 'bold-underline';
  return isInsertionStyle(value) ? value : null;
}

const INSERTION_WORDS: Record<InsertionStyle, string> = { 'bold-underline': 'bold underline', bold: 'bold' };

type ComparisonLabels = Pick<RedlineOptions, 'fromLabel' | 'toLabel' | 'backwards'>;

/**
 * The redline's title, the page's and the Word file's heading and the revisions screen's summary:
 * "7923/2/17 REV 2 compared with 7923/1/17 REV 1", or going back "7923/1/17 REV 1 compared with
 * 7923/2/17 REV 2, a later version (going back)", so that a reader of a title alone does not take
 * the insertions for what the later version added. Labels as given (the caller capitalises).
 */
export function describeRedlineTitle(options: ComparisonLabels): string {
  const title = `${options.toLabel} compared with ${options.fromLabel}`;
  return options.backwards ? `${title}, a later version (going back)` : title;
}

/**
 * What a redline going back marks, said plainly where the counts are read ("3 inserted" are
 * paragraphs the later version removed): "Going back in time: what 7923/2/17 REV 2 added is shown
 * deleted, and what it removed inserted."
 * @param fromLabel the later version, compared with.
 */
export function describeGoingBack(fromLabel: string): string {
  return `Going back in time: what ${fromLabel} added is shown deleted, and what it removed inserted.`;
}

/**
 * The redline's first cover line, without its full stop (the terminal's has none): "Changes from
 * 7923/17 to 7923/1/17 REV 1: 1 modified", or going back "Changes from 7923/2/17 REV 2 back to
 * 7923/17: …". `markLabel` writes each label as the format needs it (the HTML escapes it in a span);
 * `summary` stands as given.
 */
export function describeComparison(
  options: ComparisonLabels,
  summary: string,
  markLabel: (label: string, side: 'from' | 'to') => string = (label) => label,
): string {
  const from = markLabel(options.fromLabel, 'from');
  const to = markLabel(options.toLabel, 'to');
  return `Changes from ${from} ${options.backwards ? 'back to' : 'to'} ${to}: ${summary}`;
}

/**
 * The redline's convention line, saying what the marks are against: "Changes compared to the previous
 * version are marked in bold underline (insertions) and strikethrough (deletions)." as the Council's
 * covers say it, when it is the previous version; else naming it ("Changes compared to 7923/17 are
 * marked in …"), or going back "Changes compared to 7923/2/17 REV 2, a later version, are marked in …".
 */
export function describeConvention(
  options: Pick<RedlineOptions, 'fromLabel' | 'backwards' | 'insertions' | 'againstPrevious'>,
): string {
  const against = options.backwards
    ? `${options.fromLabel}, a later version,`
    : options.againstPrevious
      ? 'the previous version'
      : options.fromLabel;
  return `Changes compared to ${against} are marked in ${INSERTION_WORDS[options.insertions ?? 'bold-underline']} (insertions) and strikethrough (deletions).`;
}

const CONVENTION_START = 'Changes compared to ';
/** `describeConvention`'s line, whatever it is against. */
const CONVENTION_LINE = new RegExp(
  `^${CONVENTION_START}.+ are marked in (?:${Object.values(INSERTION_WORDS).join('|')}) \\(insertions\\) and strikethrough \\(deletions\\)\\.$`,
);

/**
 * Whether a document is one of our redlines (Word or HTML) rather than a text: it carries the cover
 * line `describeConvention` writes (or wrote). Taken in as a text, it would bring its cover lines, its
 * "Header changes" and its list of footnotes into the body, and the deleted words too unless every
 * change was accepted first.
 */
export function isRedline(doc: { readonly blocks: readonly { readonly text: string }[] }): boolean {
  return doc.blocks.some((block) => {
    const text = block.text.trim();
    return text.startsWith(CONVENTION_START) && CONVENTION_LINE.test(text);
  });
}

const KIND_NAMES: Record<BlockKind, string> = {
  numbered: 'a numbered paragraph',
  paragraph: 'an unnumbered paragraph',
  bullet: 'a bullet',
  heading: 'a heading',
};

const METADATA_LABELS: Record<MetadataField, string> = {
  number: 'Document number',
  place: 'Place',
  date: 'Date',
  language: 'Original language',
  codes: 'Subject codes',
  marking: 'Marking',
  type: 'Type',
  from: 'From',
  to: 'To',
  previous: 'Previous documents',
  subject: 'Subject',
};

/**
 * What a "moved from" label reads of a block's entry in a diff: a `BlockDiff`, or its JSON in the
 * diff API, which the web app labels with this same module (`@accord/diff/labels`).
 */
export interface MovedBlock {
  readonly change: string;
  readonly old: { readonly number: string | null; readonly kind: string } | null;
  readonly movedFrom?: string | null;
  readonly movedFromOrdinal?: number | null;
  readonly movedFromPart?: number | null;
  readonly movedFromPartName?: string | null;
}

/**
 * Where a moved block stood, cited in the old version's numbering as the room cites blocks (the new
 * number may be the same): "Moved from paragraph 4 of 7923/1/17 REV 1", "Moved from paragraph 3,
 * second indent of …" (so a bullet moved within its list says which it was), "Moved from part 2,
 * paragraph 1 of …" where the old version's numbering restarts.
 * @param fromLabel the old version, e.g. "7923/1/17 REV 1"; "the old version" when not given.
 */
export function describeMove(block: MovedBlock, fromLabel = 'the old version'): string | null {
  if (block.change !== 'moved') return null;
  const part = block.movedFromPart ?? null;
  const partName = block.movedFromPartName ?? null;
  const old = block.old;
  if (old?.number) {
    const citation = { part, partName, paragraph: old.number, kind: 'numbered' as const, ordinal: null };
    return `Moved from ${describeCitation(citation, 'inline')} of ${fromLabel}`;
  }
  if (old && isBlockKind(old.kind) && block.movedFromOrdinal) {
    const citation = {
      part,
      partName,
      paragraph: block.movedFrom ?? null,
      kind: old.kind,
      ordinal: block.movedFromOrdinal,
    };
    return `Moved from ${describeCitation(citation, 'inline')} of ${fromLabel}`;
  }
  // Without its place among its kind, where it stood alone.
  return `Moved from ${block.movedFrom ? `under paragraph ${block.movedFrom}` : 'the start'} of ${fromLabel}`;
}

/**
 * What the marker at a moved block's old place reads: where the block now stands, cited in the new
 * version's numbering, which the redline shows ("Moved to paragraph 7", "Moved to paragraph 3, second
 * indent"), as Word's "moved from" text at the old place answers the "Moved from" at the new one.
 * @param citedAt the moved block as the new version cites it (`citeNewBlocks`).
 */
export function describeMoveTo(citedAt: BlockCitation | null | undefined): string {
  return citedAt ? `Moved to ${describeCitation(citedAt, 'inline')}` : 'Moved to another place';
}

/** What placing a move's old place reads of a block's entry in a diff (or its JSON in the diff API). */
export interface PlaceableBlock {
  readonly change: string;
  readonly oldIndex?: number | null;
  readonly new: { readonly id: string } | null;
  readonly splitAt?: number;
  readonly joinedInto?: string;
}

/** A block where the redline shows it, or the marker where a moved block stood in the old version. */
export interface RedlineEntry<B> {
  readonly block: B;
  readonly place: 'here' | 'moved-away';
}

/**
 * The redline's blocks in their order with, for each moved block, a marker where it stood in the old
 * version (`moved-away`), labelled with `describeMoveTo`: right after the last entry that stood
 * before it in the old version and has not moved, or first. Blocks joined with a moved one went with
 * it, so they place nothing; a marker never stands between the parts of a split paragraph.
 */
export function placeMovedAway<B extends PlaceableBlock>(blocks: readonly B[]): RedlineEntry<B>[] {
  const movedIds = new Set(blocks.flatMap((b) => (b.change === 'moved' && b.new ? [b.new.id] : [])));
  const entries: RedlineEntry<B>[] = blocks.map((block) => ({ block, place: 'here' }));
  if (movedIds.size === 0) return entries;
  const goneWithMove = (block: B) =>
    block.change === 'moved' || (block.joinedInto !== undefined && movedIds.has(block.joinedInto));
  const oldPlace = ({ block, place }: RedlineEntry<B>) =>
    place === 'here' && goneWithMove(block) ? null : (block.oldIndex ?? null);
  const moved = blocks
    .filter((block) => block.change === 'moved' && typeof block.oldIndex === 'number')
    .sort((a, b) => (a.oldIndex as number) - (b.oldIndex as number));
  for (const block of moved) {
    const target = block.oldIndex as number;
    let at = entries.findLastIndex((entry) => (oldPlace(entry) ?? Number.POSITIVE_INFINITY) < target);
    while (at >= 0 && entries[at]?.place === 'here' && entries[at]?.block.splitAt !== undefined) at++;
    entries.splice(at + 1, 0, { block, place: 'moved-away' });
  }
  return entries;
}

/** The sign every redline shows for a paragraph mark inserted (a split) or deleted (a join). */
export const PARAGRAPH_MARK = '\u00b6';

/** What a split or join label reads of a block's entry in a diff (or its JSON in the diff API). */
export interface SplitOrJoinedBlock {
  readonly splitFrom?: string;
  readonly splitFromCitation?: CitedBlock;
  readonly joinedInto?: string;
  readonly joinedToCitation?: CitedBlock;
  readonly splitAt?: number;
  readonly joinedAt?: number;
}

interface CitedBlock {
  readonly part: number | null;
  readonly paragraph: string | null;
  readonly kind: string;
  readonly ordinal: number | null;
}

/**
 * Where a part split off a paragraph came from, or which paragraph an old one was joined with, cited in
 * the old version's numbering as moves are: "Split from paragraph 5 of 7923/1/17 REV 1", "Joined with
 * paragraph 5, first indent of …". Null for any other block (the part that kept the old paragraph's
 * place says it with its paragraph mark alone).
 * @param fromLabel the old version, e.g. "7923/1/17 REV 1"; "the old version" when not given.
 */
export function describeSplitOrJoin(block: SplitOrJoinedBlock, fromLabel = 'the old version'): string | null {
  if (block.splitFrom !== undefined) return `Split from ${citeOld(block.splitFromCitation)} of ${fromLabel}`;
  if (block.joinedInto !== undefined) return `Joined with ${citeOld(block.joinedToCitation)} of ${fromLabel}`;
  return null;
}

function citeOld(citation: CitedBlock | undefined): string {
  if (citation === undefined || !isBlockKind(citation.kind)) return 'another paragraph';
  return describeCitation({ ...citation, kind: citation.kind }, 'inline');
}

/**
 * A paragraph inserted or deleted with no words in it, as a stray Enter leaves: its paragraph mark is
 * all there is of it, so every redline shows that mark inserted (or struck through) rather than
 * nothing under a change the cover counts. Null for any other block. Reads only what the diff API's
 * JSON also has, so the web app shows it too.
 */
export function emptyParagraphMark(
  block: SplitOrJoinedBlock & {
    readonly change: string;
    readonly old: { readonly text: string } | null;
    readonly new: { readonly text: string } | null;
  },
): 'inserted' | 'deleted' | null {
  if (block.splitFrom !== undefined || block.joinedInto !== undefined) return null;
  if (block.change === 'inserted' && block.new !== null && block.new.text.trim() === '') return 'inserted';
  if (block.change === 'deleted' && block.old !== null && block.old.text.trim() === '') return 'deleted';
  return null;
}

/** Whether a paragraph mark was inserted at the end of the block (a split) or deleted there (a join). */
export function changedParagraphMark(block: SplitOrJoinedBlock): 'inserted' | 'deleted' | null {
  if (block.splitAt !== undefined) return 'inserted';
  if (block.joinedAt !== undefined) return 'deleted';
  return null;
}

/**
 * "Now cited in paragraph 3" for a footnote whose call moved to another block, "Moved within paragraph
 * 3" for one whose call moved inside its block; `citedIn` is the citing block as the new version cites
 * it (`citeNewBlocks`), so an unnumbered one is named too ("paragraph 1, second subparagraph") and a
 * document whose numbering restarts says which part ("part 2, paragraph 3").
 */
export function describeFootnoteMove(
  note: { readonly change: string; readonly movedWithinBlock?: boolean },
  citedIn: BlockCitation | null,
): string | null {
  if (note.change !== 'moved') return null;
  const where = citedIn ? describeCitation(citedIn, 'inline') : null;
  if (note.movedWithinBlock) return where ? `Moved within ${where}` : 'Moved within its paragraph';
  return where ? `Now cited in ${where}` : 'Now cited in another paragraph';
}

/**
 * Every block of the new version as the room cites it in that version, by id, for footnote labels.
 * Reads only what the diff API's JSON also has, so the web app labels its footnotes with it too.
 */
export function citeNewBlocks(
  blocks: readonly {
    readonly new: {
      readonly id: string;
      readonly number: string | null;
      readonly kind: string;
      readonly text?: string;
    } | null;
  }[],
): ReadonlyMap<string, BlockCitation> {
  const sides = blocks.flatMap((block) => {
    const side = block.new;
    return side && isBlockKind(side.kind)
      ? [{ id: side.id, number: side.number, kind: side.kind, text: side.text ?? '' }]
      : [];
  });
  const citations = citeBlocks(sides);
  return new Map(sides.map((side, index) => [side.id, citations[index] as BlockCitation]));
}

/**
 * "Was a bullet" when the kind changed. Reads only what the diff API's JSON also has, so the web app
 * labels its blocks with it too.
 */
export function describeKindChange(block: {
  readonly kindChanged: boolean;
  readonly old: { readonly kind: string } | null;
}): string | null {
  return block.kindChanged && block.old && isBlockKind(block.old.kind)
    ? `Was ${KIND_NAMES[block.old.kind]}`
    : null;
}

/** The number a block shows: its new number, or its old one for a deleted block. */
export function shownNumber(block: BlockDiff): string | null {
  return block.new ? block.new.number : (block.old?.number ?? null);
}

/**
 * The old number when a kept block was renumbered ("was 2"), except for moves, whose label says it.
 * Reads only what the diff API's JSON also has, so the web app's inline view says it too.
 */
export function previousNumber(block: {
  readonly change: string;
  readonly old: { readonly number: string | null } | null;
  readonly new: { readonly number: string | null } | null;
}): string | null {
  if (!block.old || !block.new || block.change === 'moved') return null;
  return block.old.number !== null && block.old.number !== block.new.number ? block.old.number : null;
}

/** "Subject", "Previous documents": a header field as a reader knows it (the diff JSON's name as given when unknown). */
export function describeMetadataField(field: MetadataField | string): string {
  return Object.hasOwn(METADATA_LABELS, field) ? METADATA_LABELS[field as MetadataField] : field;
}

export function formatMetadataValue(value: MetadataValue): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : value.join(', ');
}

/**
 * "2 modified, 1 inserted, 1 moved, 1 footnote changed" — or "No changes" — as every redline's cover
 * and the revisions screen (with `separator` " · ") say it.
 */
export function describeSummary(
  diff: {
    readonly summary: Omit<DocumentDiff['summary'], 'split' | 'joined'> &
      Partial<Pick<DocumentDiff['summary'], 'split' | 'joined'>>;
    readonly footnotes: readonly { readonly change: string }[];
    readonly metadata: readonly unknown[];
  },
  separator = ', ',
): string {
  const { summary } = diff;
  // Parts split off are inserted blocks and paragraphs joined on deleted ones: each is counted once,
  // under what happened to it.
  const split = summary.split ?? 0;
  const joined = summary.joined ?? 0;
  const counts = {
    modified: summary.modified,
    inserted: summary.inserted - split,
    deleted: summary.deleted - joined,
    moved: summary.moved,
    split,
    joined,
  };
  const parts = (['modified', 'inserted', 'deleted', 'moved', 'split', 'joined'] as const)
    .filter((change) => counts[change] > 0)
    .map((change) => `${counts[change]} ${change}`);
  const footnotes = diff.footnotes.filter((f) => f.change !== 'unchanged').length;
  if (footnotes > 0) parts.push(`${footnotes} footnote${footnotes === 1 ? '' : 's'} changed`);
  if (diff.metadata.length > 0)
    parts.push(`${diff.metadata.length} header field${diff.metadata.length === 1 ? '' : 's'} changed`);
  return parts.length === 0 ? 'No changes' : parts.join(separator);
}

/**
 * The redline as a Word document carrying Word's own tracked changes: insertions and deletions are
 * `w:ins` / `w:del` runs by one author at one date, so Word shows them in its usual markup, "Accept
 * All" gives the new version and "Reject All" the old one. Whole inserted or deleted blocks have their
 * paragraph mark tracked too, so accepting or rejecting leaves no empty paragraph behind. Numbered
 * paragraphs are numbered by Word's list numbering (`assignNumberedLists`): renumbering (the
 * paragraphs after an inserted one) is then no change, Word numbers either version as it is shown;
 * a redline where a paragraph becomes numbered or unnumbered types its numbers instead, a number
 * that changed struck and the new one inserted. Inserted runs are also bold and underlined and deleted runs struck through as
 * direct formatting, the Council's convention, so the changes show with Word's markup display off
 * (and stay so once accepted or rejected: direct formatting is not a change). Blocks are in the plain
 * export's Council styles (`blockParagraphOptions`), so the redline, accepted or rejected, reads back
 * with its headings, bullets and numbered paragraphs as the export does; a block whose kind changed
 * is in its new style, the old one recorded as a formatting change (`w:pPrChange`).
 *
 * A paragraph split is Word's tracked split: the paragraph mark at the end of each part but the last is
 * a tracked insertion (`w:pPr/w:rPr/w:ins`) and the words are plain; two joined are its tracked join,
 * the first one's mark a tracked deletion (`w:pPr/w:rPr/w:del`). Word shows such a mark as a ¶ in its
 * revision marks. The last part keeps the paragraph's own mark, untracked, and the new paragraph's
 * layout, which Word (and mammoth) give the paragraph once the changes are accepted; rejected, the
 * paragraph takes the old layout back from the mark's `w:pPrChange`. The parts after the first carry
 * a comment "Split from paragraph 5 of 7923/1/17 REV 1" or "Joined with …".
 *
 * A moved block is Word's tracked move: its runs moved away (`w:moveFrom`, struck) where it stood in
 * the old version and moved here (`w:moveTo`) where it stands, in a pair of ranges of one name (the
 * parts split off it and the blocks joined with it move with it); the new place carries a double rule
 * on the left and a comment "Moved from paragraph 3 of 7923/1/17 REV 1", the old place one saying where it
 * went ("Moved to paragraph 7"). A change of kind carries a comment "Was a bullet". Footnotes are
 * Word's own, numbered by Word as the plain export's are, so a footnote only renumbered carries no
 * tracked change, and accepting or rejecting every change leaves each version's numbers: a call added
 * is a reference tracked as an insertion, one removed a reference tracked as a deletion (its footnote's
 * text struck too), one kept a plain reference whose footnote's words carry their changes; a kept call
 * that would read out of its old order is removed where it stood and added where it stands (see
 * `redline-footnote-calls.ts`), and a moved one carries a comment "Now cited in paragraph 3". While
 * the changes are shown, Word numbers every reference, the deleted ones too, as its own comparison does.
 *
 * It opens with "COUNCIL OF THE EUROPEAN UNION" (`COUNCIL_NAME_LINE`), as every export does, then its title,
 * the comparison and the convention, untracked: they belong to the redline, not to either version.
 *
 * The date is passed in (no clock), and also written into the document properties that the `docx`
 * package would otherwise stamp with the current time.
 */

import {
  blockParagraphOptions,
  councilDocumentOptions,
  type NumberedList,
  packDocx,
  xmlText,
} from '@accord/format';
import { type BlockCitation, type BlockKind, COUNCIL_NAME_LINE, parseTimestamp } from '@accord/model';
import {
  BorderStyle,
  BuilderElement,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  FootnoteReferenceRun,
  type ICommentOptions,
  InsertedTextRun,
  type IParagraphOptions,
  Paragraph,
  type ParagraphChild,
  TextRun,
  UnderlineType,
  type XmlComponent,
} from 'docx';
import type { BlockDiff, DocumentDiff, FootnoteDiff } from './document-diff';
import { findRunPoint, type RunPoint } from './op-offsets';
import {
  type FootnoteCall,
  type FootnoteCallStatus,
  listFootnoteCalls,
  peelEdgeSpaces,
  placeFootnoteCalls,
  type RedlinePiece,
} from './redline-footnote-calls';

/** The text of one tracked run and what sets it apart. */
interface TrackedRun {
  readonly text: string;
  readonly break?: number;
}

/** Who and when of one tracked change, as Word records it. */
interface TrackedChange {
  readonly id: number;
  readonly author: string;
  readonly date: string;
}

import {
  citeNewBlocks,
  describeComparison,
  describeConvention,
  describeFootnoteMove,
  describeKindChange,
  describeMetadataField,
  describeMove,
  describeMoveTo,
  describeSplitOrJoin,
  describeSummary,
  formatMetadataValue,
  type InsertionStyle,
  type RedlineOptions,
} from './redline-labels';
import type { DiffOp } from './word-diff';

export interface RedlineDocxOptions extends RedlineOptions {
  /** Named as the author of every tracked change and comment. @default 'Accord' */
  readonly author?: string;
  /** When the changes were made, an ISO 8601 instant such as "2017-06-07T10:00:00.000Z". */
  readonly date: string;
}

export const DEFAULT_REDLINE_AUTHOR = 'Accord';

/** The Council's convention, as direct formatting of tracked runs (see `describeConvention`). */
const INSERTED_FORMATS = {
  'bold-underline': { bold: true, underline: { type: UnderlineType.SINGLE } },
  bold: { bold: true },
} as const satisfies Record<InsertionStyle, object>;
const DELETED_FORMAT = { strike: true } as const;

export async function renderRedlineDocx(
  diff: DocumentDiff,
  options: RedlineDocxOptions,
): Promise<Uint8Array> {
  // Labels and names come from users (any editor can change a document's number): XML-safe first.
  const title = xmlText(options.title);
  const fromLabel = xmlText(options.fromLabel);
  const toLabel = xmlText(options.toLabel);
  const newCitations = citeNewBlocks(diff.blocks);
  const writer = new RedlineWriter(
    xmlText(options.author ?? DEFAULT_REDLINE_AUTHOR),
    options.date,
    options.insertions ?? 'bold-underline',
    labelFootnoteMoves(diff.footnotes, newCitations),
  );
  const children: Paragraph[] = [
    // A redline is a Council document the Secretariat circulates: it opens as every export does.
    new Paragraph({ children: [new TextRun({ text: COUNCIL_NAME_LINE, bold: true })] }),
    new Paragraph({ children: [new TextRun({ text: title, bold: true, size: 28 })] }),
    new Paragraph({
      children: [
        new TextRun({
          text: `${describeComparison({ ...options, fromLabel, toLabel }, describeSummary(diff))}.`,
          italics: true,
        }),
      ],
    }),
    new Paragraph({
      children: [new TextRun({ text: describeConvention({ ...options, fromLabel }), italics: true })],
    }),
  ];
  if (diff.metadata.length > 0) {
    children.push(new Paragraph({ children: [new TextRun({ text: 'Header changes', bold: true })] }));
    for (const change of diff.metadata) {
      const ops: DiffOp[] = [];
      const before = formatMetadataValue(change.old);
      const after = formatMetadataValue(change.new);
      if (before !== '') ops.push({ op: 'delete', text: before });
      if (after !== '') ops.push({ op: 'insert', text: after });
      children.push(
        new Paragraph({
          children: [new TextRun(`${describeMetadataField(change.field)}: `), ...writer.runs(ops)],
        }),
      );
    }
  }
  children.push(new Paragraph({ children: [] }));
  const calls = listFootnoteCalls(diff);
  const kinds = blockKinds(diff);
  const placedBlocks = placeBlocks(diff);
  const lists = assignNumberedLists(placedBlocks, diff);
  for (const placed of placedBlocks) {
    children.push(writer.block(placed, calls, fromLabel, kinds, newCitations, lists?.get(placed)));
  }
  // Word cannot remove the document's last paragraph mark: a deleted (or moved-away) last paragraph
  // would stay behind, empty, once the changes are accepted.
  children.push(new Paragraph({ children: [] }));

  const document = new Document({
    title,
    creator: writer.author,
    lastModifiedBy: writer.author,
    ...councilDocumentOptions(lists === null ? [] : listStarts(lists)),
    comments: { children: writer.comments },
    footnotes: writer.footnotes,
    sections: [{ children }],
  });
  return packDocx(document, { coreProperties: coreProperties(title, writer.author, writer.date) });
}

class RedlineWriter {
  readonly comments: ICommentOptions[] = [];
  /** The footnotes the references in the text cite, by Word id (from 1). */
  readonly footnotes: Record<number, { children: Paragraph[] }> = {};
  private readonly moveNames = new Map<BlockDiff, string>();
  readonly date: string;
  // Word wants one id space for comments and tracked changes alike.
  private lastId = -1;

  constructor(
    readonly author: string,
    date: string,
    private readonly insertions: InsertionStyle,
    /** What a moved footnote's call says where it stands now ("Now cited in paragraph 3"). */
    private readonly footnoteMoves: ReadonlyMap<FootnoteDiff, string>,
  ) {
    const parsed = parseTimestamp(date);
    if (!parsed.ok) throw new Error(`renderRedlineDocx: ${parsed.error.message}`);
    // Word writes revision dates without fractions of a second.
    this.date = parsed.value.replace(/\.\d+Z$/, 'Z');
  }

  /**
   * One block's paragraph. A moved block is written twice: where it was, every run moved away
   * (`w:moveFrom`), and where it is, every run moved here (`w:moveTo`), as Word tracks a move.
   */
  block(
    { block, place, shares = [block], move: moved = block }: PlacedBlock,
    calls: ReadonlyMap<BlockDiff, readonly FootnoteCall[]>,
    fromLabel: string,
    kinds: BlockKinds,
    newCitations: ReadonlyMap<string, BlockCitation>,
    lists?: ParagraphLists,
  ): Paragraph {
    const notes =
      place === 'moved-from'
        ? block === moved
          ? [describeMoveTo(newCitations.get(block.new?.id ?? ''))]
          : []
        : [
            describeMove(block, fromLabel),
            describeSplitOrJoin(block, fromLabel),
            describeKindChange(block),
          ].filter((note): note is string => note !== null);
    const move = place === 'here' ? null : this.moveRange(moved, place);
    const children: ParagraphChild[] = [];
    if (move) children.push(move.start);
    if (lists === undefined) children.push(...this.number(block, place));
    const side = place === 'moved-from' ? 'old' : 'both';
    for (const share of place === 'moved-from' ? shares : [block]) {
      const placed = peelEdgeSpaces(
        placeFootnoteCalls(share.ops, splitCallsOutOfOldOrder(share.ops, calls.get(share) ?? []), side),
      );
      children.push(...this.pieces(placed, place));
    }
    if (move) children.push(move.end);
    return new Paragraph({
      children: notes.length > 0 ? this.commented(children, notes.join('. ')) : children,
      ...(place === 'moved-to'
        ? { border: { left: { style: BorderStyle.DOUBLE, size: 12, color: '1F4E9A', space: 6 } } }
        : {}),
      ...this.layout(block, kinds, place, lists ?? {}),
    });
  }

  /**
   * A block's number typed as text, where Word does not number the redline's paragraphs
   * (`assignNumberedLists`), so that accepting every change leaves its new number and rejecting
   * every one its old: a number that changed is struck and the new one inserted.
   */
  private number(block: BlockDiff, place: BlockPlace): ParagraphChild[] {
    const before = place === 'moved-to' ? null : (block.old?.number ?? null);
    const after = place === 'moved-from' ? null : (block.new?.number ?? null);
    if (place !== 'here') {
      const number = before ?? after;
      return number === null ? [] : this.pieces([{ type: 'run', op: 'equal', text: `${number}.\t` }], place);
    }
    return this.changedNumber(before, after, '.\t');
  }

  /** A number and what follows it ("3."), the old one struck and the new inserted when they differ. */
  private changedNumber(before: string | null, after: string | null, suffix: string): ParagraphChild[] {
    if (before === after) return before === null ? [] : [new TextRun(`${before}${suffix}`)];
    if (before === null) return [this.inserted({ text: `${after}${suffix}` })];
    if (after === null) return [this.deleted({ text: `${before}${suffix}` })];
    return [this.deleted({ text: before }), this.inserted({ text: after }), new TextRun(suffix)];
  }

  /**
   * The paragraph's style and its tracked mark. A paragraph whose mark is inserted is there only once
   * the changes are accepted: it takes the new version's layout; one whose mark is deleted is there
   * only once they are rejected: the old version's. Any other stays either way: the new layout, and
   * the old one recorded as a formatting change (`w:pPrChange`) for Word to put back on rejecting.
   * A numbered paragraph is in Word's list of its run of numbers (`assignNumberedLists`): a paragraph
   * only renumbered stays in its list, and a change of list (a restart that moved) is a formatting
   * change too.
   */
  private layout(
    block: BlockDiff,
    kinds: BlockKinds,
    place: BlockPlace,
    lists: ParagraphLists,
  ): ParagraphLayout {
    const after = block.new?.kind ?? kinds.new.get(block.joinedInto ?? '');
    const before = block.old?.kind ?? kinds.old.get(block.splitFrom ?? '');
    const mark =
      place === 'here'
        ? this.blockParagraphMark(block)
        : place === 'moved-from'
          ? this.paragraphMark('deleted')
          : // Moved here and joined with the next: gone whether the changes are accepted or rejected.
            {
              run: {
                insertion: this.change(),
                ...(block.joinedAt !== undefined ? { deletion: this.change() } : {}),
              },
            };
    if (mark.run?.insertion) return { ...mark, ...(after ? blockParagraphOptions(after, lists.new) : {}) };
    if (mark.run?.deletion) return { ...mark, ...(before ? blockParagraphOptions(before, lists.old) : {}) };
    if (after === undefined && before === undefined) return mark;
    const [layout, list] = after !== undefined ? [after, lists.new] : [before, lists.old];
    return {
      ...mark,
      ...blockParagraphOptions(layout as BlockKind, list),
      ...(before !== undefined && (before !== layout || lists.old !== list)
        ? { revision: { ...this.change(), ...blockParagraphOptions(before, lists.old) } }
        : {}),
    };
  }

  runs(ops: readonly DiffOp[]): ParagraphChild[] {
    return this.pieces(
      ops.map((op) => ({ type: 'run', op: op.op, text: op.text })),
      'here',
    );
  }

  /**
   * Runs and calls, tracked as inserted or deleted; in a moved block's two places every run moved
   * (where it is, a word deleted in the move is deleted inside it, so that neither accepting nor
   * rejecting leaves it there).
   */
  private pieces(pieces: readonly RedlinePiece[], place: BlockPlace): ParagraphChild[] {
    const children: ParagraphChild[] = [];
    for (let index = 0; index < pieces.length; index++) {
      const group = place === 'moved-from' ? [] : changeWithItsSpaces(pieces, index);
      if (group.length > 1) {
        children.push(this.trackedGroup(group, place));
        index += group.length - 1;
      } else children.push(...this.piece(pieces[index] as RedlinePiece, place));
    }
    return children;
  }

  /**
   * A change's words with the space beside them (`peelEdgeSpaces`) as one tracked change, as Word
   * counts and lists it, its runs formatted but for the space.
   */
  private trackedGroup(group: readonly RunPiece[], place: BlockPlace): ParagraphChild {
    const op = (group[0] as RunPiece).op;
    const runs = group.flatMap((piece) =>
      linesOf(piece.text).map((line) => {
        if (op === 'insert')
          return new TextRun({ ...line, ...(piece.plain ? {} : INSERTED_FORMATS[this.insertions]) });
        // The docx package writes a deleted run's text as w:delText only inside its w:del: its run.
        const deleted = new DeletedTextRun({
          ...line,
          ...(piece.plain ? {} : DELETED_FORMAT),
          ...this.change(),
        });
        return (deleted as unknown as { deletedTextRunWrapper: XmlComponent }).deletedTextRunWrapper;
      }),
    );
    const change = trackedElement(op === 'insert' ? 'w:ins' : 'w:del', this.changeAttributes(), runs);
    return op === 'delete' && place === 'moved-to'
      ? trackedElement('w:moveTo', this.changeAttributes(), [change as unknown as XmlComponent])
      : change;
  }

  private piece(piece: RedlinePiece, place: BlockPlace): ParagraphChild[] {
    if (piece.type === 'call') return this.call(piece.call, place);
    return linesOf(piece.text).flatMap((line): ParagraphChild[] => {
      if (place === 'moved-from') {
        return piece.op === 'insert'
          ? []
          : [this.moved('w:moveFrom', new TextRun({ ...line, ...DELETED_FORMAT }))];
      }
      // The space beside a change's words is tracked with it but not formatted: the words are marked.
      const plain = piece.plain === true;
      if (piece.op === 'insert') return [this.inserted(line, plain)];
      if (piece.op === 'delete') {
        const deleted = this.deleted(line, plain);
        return place === 'moved-to' ? [this.moved('w:moveTo', deleted)] : [deleted];
      }
      return place === 'moved-to' ? [this.moved('w:moveTo', new TextRun(line))] : [new TextRun(line)];
    });
  }

  /**
   * A footnote call: a reference to a Word footnote of its own, which Word numbers, tracked when
   * added or removed. Where a block moved to, a removed call is inside the move: rejected, the move
   * takes it away; a moved footnote's call where it stands now carries a comment saying so.
   */
  private call(call: FootnoteCall, place: BlockPlace): ParagraphChild[] {
    if (place === 'moved-from') {
      if (call.status === 'added') return [];
      return [this.moved('w:moveFrom', this.reference(call.note, 'removed'))];
    }
    if (call.status === 'added') {
      const added = trackedElement('w:ins', this.changeAttributes(), [this.reference(call.note, 'added')]);
      const label = this.footnoteMoves.get(call.note);
      return label === undefined ? [added] : this.commented([added], label);
    }
    const reference =
      call.status === 'removed'
        ? (trackedElement('w:del', this.changeAttributes(), [
            this.reference(call.note, 'removed'),
          ]) as unknown as XmlComponent)
        : this.reference(call.note, 'kept');
    return [
      place === 'moved-to' ? this.moved('w:moveTo', reference) : (reference as unknown as ParagraphChild),
    ];
  }

  /**
   * A reference to a new footnote holding the note's words as the call shows them: with their
   * changes tracked where the call is kept, all inserted where it is added, all struck where removed.
   */
  private reference(note: FootnoteDiff, status: FootnoteCallStatus): XmlComponent {
    const id = Object.keys(this.footnotes).length + 1;
    const ops: DiffOp[] =
      status === 'kept'
        ? [...note.ops]
        : [
            {
              op: status === 'added' ? 'insert' : 'delete',
              text: (status === 'added' ? note.new : note.old)?.text ?? '',
            },
          ];
    this.footnotes[id] = {
      children: [new Paragraph({ children: this.runs(ops.filter((op) => op.text !== '')) })],
    };
    return new FootnoteReferenceRun(id);
  }

  /** A run moved away from here or to here, by the move's author at its date. */
  private moved(name: 'w:moveFrom' | 'w:moveTo', run: XmlComponent): ParagraphChild {
    return trackedElement(name, this.changeAttributes(), [run]);
  }

  /**
   * The named range Word wants around each place of a move: both places of one block share the name,
   * which pairs them.
   */
  private moveRange(
    moved: BlockDiff,
    place: 'moved-from' | 'moved-to',
  ): { start: ParagraphChild; end: ParagraphChild } {
    let name = this.moveNames.get(moved);
    if (name === undefined) {
      name = `move${this.moveNames.size + 1}`;
      this.moveNames.set(moved, name);
    }
    const element = place === 'moved-from' ? 'w:moveFromRange' : 'w:moveToRange';
    const id = { key: 'w:id', value: this.nextId() };
    return {
      start: trackedElement(`${element}Start`, {
        id,
        name: { key: 'w:name', value: name },
        author: { key: 'w:author', value: this.author },
        date: { key: 'w:date', value: this.date },
      }),
      end: trackedElement(`${element}End`, { id }),
    };
  }

  private changeAttributes() {
    const { id, author, date } = this.change();
    return {
      id: { key: 'w:id', value: id },
      author: { key: 'w:author', value: author },
      date: { key: 'w:date', value: date },
    };
  }

  private inserted(run: TrackedRun, plain = false): InsertedTextRun {
    return new InsertedTextRun({
      ...run,
      ...(plain ? {} : INSERTED_FORMATS[this.insertions]),
      ...this.change(),
    });
  }

  private deleted(run: TrackedRun, plain = false): DeletedTextRun {
    return new DeletedTextRun({ ...run, ...(plain ? {} : DELETED_FORMAT), ...this.change() });
  }

  /** Tracks the paragraph mark of a whole inserted or deleted block. */
  private paragraphMark(change: BlockDiff['change']): {
    run?: { insertion?: TrackedChange; deletion?: TrackedChange };
  } {
    if (change === 'inserted') return { run: { insertion: this.change() } };
    if (change === 'deleted') return { run: { deletion: this.change() } };
    return {};
  }

  /**
   * A block's paragraph mark: inserted at the end of a part split off but the last, deleted at the end
   * of a paragraph joined with the next, untracked at the end of the last part (the paragraph's own
   * mark), else tracked with a whole inserted or deleted block.
   */
  private blockParagraphMark(block: BlockDiff): ReturnType<RedlineWriter['paragraphMark']> {
    // No direct formatting on the mark: the docx package would write it before the w:ins / w:del,
    // which the schema wants first, and Word shows a tracked mark in its revision colour anyway.
    if (block.splitAt !== undefined) return { run: { insertion: this.change() } };
    if (block.joinedAt !== undefined) return { run: { deletion: this.change() } };
    if (block.splitFrom !== undefined || block.joinedInto !== undefined) return {};
    return this.paragraphMark(block.change);
  }

  private change(): TrackedChange {
    return { id: this.nextId(), author: this.author, date: this.date };
  }

  private nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  private commented(children: ParagraphChild[], text: string): ParagraphChild[] {
    const id = this.nextId();
    this.comments.push({
      id,
      author: this.author,
      // By code point: half of a surrogate pair is not XML either.
      initials: Array.from(this.author).slice(0, 2).join('').toUpperCase(),
      date: new Date(this.date),
      children: [new Paragraph(text)],
    });
    return [
      new CommentRangeStart(id),
      ...children,
      new CommentRangeEnd(id),
      new TextRun({ children: [new CommentReference(id)] }),
    ];
  }
}

/** Where a block's paragraph stands: its one place, or for a moved block, where it was or where it is. */
type BlockPlace = 'here' | 'moved-from' | 'moved-to';

interface BlockKinds {
  readonly old: ReadonlyMap<string, BlockKind>;
  readonly new: ReadonlyMap<string, BlockKind>;
}

type ParagraphLayout = Omit<IParagraphOptions, 'children'>;

/** Each block's kind in the old and the new version, by id: the layout of a split's or join's parts. */
function blockKinds(diff: DocumentDiff): BlockKinds {
  const sides = (side: 'old' | 'new') =>
    new Map(diff.blocks.flatMap((b) => (b[side] ? [[b[side].id, b[side].kind] as const] : [])));
  return { old: sides('old'), new: sides('new') };
}

/** The Word lists a numbered paragraph is counted in, in the new version and in the old. */
interface ParagraphLists {
  readonly new?: NumberedList;
  readonly old?: NumberedList;
}

/**
 * Which versions a paragraph of the redline is part of, as its tracked mark says: one whose mark is
 * inserted is gone once the changes are rejected, one whose mark is deleted once they are accepted
 * (as `RedlineWriter.layout` marks them). Its number in each, where it is numbered there; a part of a
 * split or join takes the number of the whole on the side where it is not a block of its own.
 */
function numbersOf(
  { block, place }: PlacedBlock,
  numbers: { old: ReadonlyMap<string, string | null>; new: ReadonlyMap<string, string | null> },
): { new: number | null; old: number | null } {
  const { inserted, deleted } = trackedMark(block, place);
  const after = block.new?.number ?? numbers.new.get(block.joinedInto ?? '') ?? null;
  const before = block.old?.number ?? numbers.old.get(block.splitFrom ?? '') ?? null;
  return {
    new: deleted || after === null ? null : Number(after),
    old: inserted || before === null ? null : Number(before),
  };
}

/** Whether a paragraph's mark is a tracked insertion or deletion, as `RedlineWriter.layout` writes it. */
function trackedMark(block: BlockDiff, place: BlockPlace): { inserted: boolean; deleted: boolean } {
  if (place === 'moved-from') return { inserted: false, deleted: true };
  if (place === 'moved-to') return { inserted: true, deleted: block.joinedAt !== undefined };
  if (block.splitAt !== undefined) return { inserted: true, deleted: false };
  if (block.joinedAt !== undefined) return { inserted: false, deleted: true };
  if (block.splitFrom !== undefined || block.joinedInto !== undefined)
    return { inserted: false, deleted: false };
  return { inserted: block.change === 'inserted', deleted: block.change === 'deleted' };
}

/**
 * The Word list of each numbered paragraph, on each side, so that Word's own numbering gives the new
 * numbers once every change is accepted and the old ones once every change is rejected. Each run of
 * consecutive numbers on a side is one list, restarting at its first number; a run of the new version
 * and one of the old that start at the same number and share the most paragraphs are the same list,
 * so a paragraph only renumbered (one inserted or deleted before it) carries no change at all.
 * Null where a paragraph kept in both versions is numbered in one alone: the redline types its numbers.
 */
function assignNumberedLists(
  placed: readonly PlacedBlock[],
  diff: DocumentDiff,
): Map<PlacedBlock, ParagraphLists> | null {
  const numbers = {
    old: new Map(diff.blocks.flatMap((b) => (b.old ? [[b.old.id, b.old.number] as const] : []))),
    new: new Map(diff.blocks.flatMap((b) => (b.new ? [[b.new.id, b.new.number] as const] : []))),
  };
  const numbered = placed.map((entry) => numbersOf(entry, numbers));
  // A paragraph numbered in one version alone, not inserted or deleted, would need Word to put its
  // list back from the formatting change on Reject All; LibreOffice (7.4) puts it in a list of its
  // own and numbers it 1, the paragraphs after it not counting it. Such a redline keeps typed numbers.
  const switches = placed.some((entry, index) => {
    const { inserted, deleted } = trackedMark(entry.block, entry.place);
    const paragraph = numbered[index] as { new: number | null; old: number | null };
    return !inserted && !deleted && (paragraph.new === null) !== (paragraph.old === null);
  });
  if (switches) return null;
  const runsOf = (side: 'old' | 'new') => {
    const runOf = new Map<number, number>();
    const starts: number[] = [];
    let previous: number | null = null;
    numbered.forEach((paragraph, index) => {
      const number = paragraph[side];
      if (number === null) return;
      if (previous === null || number !== previous + 1) starts.push(number);
      runOf.set(index, starts.length - 1);
      previous = number;
    });
    return { runOf, starts };
  };
  const runs = { old: runsOf('old'), new: runsOf('new') };
  const instances = new Map<number, number>();
  const newList = (start: number): NumberedList => {
    const instance = instances.get(start) ?? 0;
    instances.set(start, instance + 1);
    return { start, instance };
  };
  // Each new run shares the list of the old run holding most of its paragraphs, when it starts alike.
  const oldLists = new Map<number, NumberedList>();
  const newLists = runs.new.starts.map((start, run) => {
    const shared = new Map<number, number>();
    for (const [index, newRun] of runs.new.runOf) {
      const oldRun = runs.old.runOf.get(index);
      if (newRun === run && oldRun !== undefined) shared.set(oldRun, (shared.get(oldRun) ?? 0) + 1);
    }
    const [best] = [...shared]
      .filter(([oldRun]) => runs.old.starts[oldRun] === start && !oldLists.has(oldRun))
      .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const list = newList(start);
    if (best !== undefined) oldLists.set(best[0], list);
    return list;
  });
  runs.old.starts.forEach((start, run) => {
    if (!oldLists.has(run)) oldLists.set(run, newList(start));
  });
  const lists = new Map<PlacedBlock, ParagraphLists>();
  placed.forEach((entry, index) => {
    const newRun = runs.new.runOf.get(index);
    const oldRun = runs.old.runOf.get(index);
    lists.set(entry, {
      ...(newRun === undefined ? {} : { new: newLists[newRun] }),
      ...(oldRun === undefined ? {} : { old: oldLists.get(oldRun) }),
    });
  });
  return lists;
}

/** Every start a list of the redline has, for the numbering part. */
function listStarts(lists: ReadonlyMap<PlacedBlock, ParagraphLists>): number[] {
  return [...lists.values()].flatMap((list) => [list.new?.start ?? [], list.old?.start ?? []].flat());
}

/** A paragraph of the redline: a block at its place, and for a moved one where it stood, the old words of every part it was split into. */
interface PlacedBlock {
  readonly block: BlockDiff;
  readonly place: BlockPlace;
  /** Moved away: the entries holding its old words, in order (itself, and the parts split off it). */
  readonly shares?: readonly BlockDiff[];
  /** The block whose move this one is part of (its own, or that of the paragraph it was split from or joined with). */
  readonly move?: BlockDiff;
}

/**
 * The paragraphs in the redline's order: the diff's (the new version's, each deleted block where it
 * stood), and each moved block a second time where it stood in the old version, right after the
 * block that preceded it there, so that rejecting every change gives the old order back. The parts
 * split off a moved block, and the blocks joined with one, move with it.
 */
function placeBlocks(diff: DocumentDiff): PlacedBlock[] {
  const byOldId = new Map(diff.blocks.flatMap((b) => (b.old ? [[b.old.id, b] as const] : [])));
  const byNewId = new Map(diff.blocks.flatMap((b) => (b.new ? [[b.new.id, b] as const] : [])));
  const moveOf = (block: BlockDiff): BlockDiff | undefined => {
    const pair =
      block.splitFrom !== undefined
        ? byOldId.get(block.splitFrom)
        : block.joinedInto !== undefined
          ? byNewId.get(block.joinedInto)
          : block;
    return pair?.change === 'moved' ? pair : undefined;
  };
  const placed: PlacedBlock[] = diff.blocks.map((block) => {
    const move = moveOf(block);
    return move ? { block, place: 'moved-to', move } : { block, place: 'here' };
  });
  const oldIndex = ({ block, place }: PlacedBlock) => (place === 'moved-to' ? null : block.oldIndex);
  // Each old block of a move (a split part has none of its own) is moved away from where it stood.
  const movedAway = placed
    .filter((entry) => entry.place === 'moved-to' && entry.block.oldIndex !== null)
    .sort((a, b) => (a.block.oldIndex ?? 0) - (b.block.oldIndex ?? 0));
  for (const { block, move } of movedAway) {
    const shares = [
      block,
      ...diff.blocks
        .filter((part) => block.old !== null && part.splitFrom === block.old.id)
        .sort((a, b) => (a.splitOffset ?? 0) - (b.splitOffset ?? 0)),
    ];
    let at = placed.findLastIndex(
      (entry) => (oldIndex(entry) ?? Number.POSITIVE_INFINITY) < (block.oldIndex ?? 0),
    );
    // Not between the parts of a split: rejected, a part's inserted mark joins it with the next.
    while (at >= 0 && placed[at]?.place !== 'moved-from' && placed[at]?.block.splitAt !== undefined) at++;
    placed.splice(at + 1, 0, { block, place: 'moved-from', shares, ...(move ? { move } : {}) });
  }
  return placed;
}

/**
 * Each kept call that would stand in the old text out of its old order, as a removed call at its old
 * place and an added one at its new. A kept call stands where both texts reach its offsets, which may
 * be after words inserted before it (or nowhere, the words around it reworded: then at its new
 * place); a removed call at the same old offset stands before those words, and so before it, though
 * it came after it in the old text.
 */
function splitCallsOutOfOldOrder(ops: readonly DiffOp[], calls: readonly FootnoteCall[]): FootnoteCall[] {
  const samePoint = (a: RunPoint | null, b: RunPoint | null) =>
    a !== null && b !== null && a.op === b.op && a.at === b.at;
  return calls.flatMap((call): FootnoteCall[] => {
    if (call.status !== 'kept') return [call];
    const both = findRunPoint(ops, call.oldOffset, call.newOffset);
    const removedBeside = calls.some(
      (other) => other.status === 'removed' && other.oldOffset === call.oldOffset,
    );
    if (both !== null && (!removedBeside || samePoint(both, findRunPoint(ops, call.oldOffset, null)))) {
      return [call];
    }
    return [
      { ...call, status: 'removed', newOffset: null },
      { ...call, status: 'added', oldOffset: null },
    ];
  });
}

/** What each moved footnote's call says where it stands now, by its entry in the diff. */
function labelFootnoteMoves(
  notes: readonly FootnoteDiff[],
  newCitations: ReadonlyMap<string, BlockCitation>,
): Map<FootnoteDiff, string> {
  const labels = new Map<FootnoteDiff, string>();
  for (const note of notes) {
    const label = describeFootnoteMove(note, note.new ? (newCitations.get(note.new.blockId) ?? null) : null);
    if (label !== null) labels.set(note, label);
  }
  return labels;
}

/**
 * An element the docx package has no class for (a move and its range), as a paragraph's child: the
 * package writes any element it is given.
 */
type RunPiece = Extract<RedlinePiece, { type: 'run' }>;

/**
 * The inserted or deleted run at `index` with the plain spaces beside it (`peelEdgeSpaces`), in order;
 * none when the piece there is no change, or has no such space.
 */
function changeWithItsSpaces(pieces: readonly RedlinePiece[], index: number): RunPiece[] {
  const first = pieces[index];
  if (first?.type !== 'run' || first.op === 'equal') return [];
  const group: RunPiece[] = [first];
  for (let next = index + 1; next < pieces.length; next++) {
    const piece = pieces[next] as RedlinePiece;
    const last = group[group.length - 1] as RunPiece;
    if (piece.type !== 'run' || piece.op !== first.op || !(piece.plain || last.plain)) break;
    group.push(piece);
  }
  return group;
}

function trackedElement(
  name: string,
  attributes: Record<string, { key: string; value: string | number }>,
  children: XmlComponent[] = [],
): ParagraphChild {
  return new BuilderElement({ name, attributes, children }) as unknown as ParagraphChild;
}

/** A text as runs: a line break in the text becomes a break before the next run. */
function linesOf(text: string): { text: string; break?: number }[] {
  const lines = xmlText(text).split(/\r?\n/);
  return lines.map((line, index) => (index === 0 ? { text: line } : { text: line, break: 1 }));
}

function coreProperties(title: string, author: string, date: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `<dc:title>${escapeXml(title)}</dc:title>`,
    `<dc:creator>${escapeXml(author)}</dc:creator>`,
    `<cp:lastModifiedBy>${escapeXml(author)}</cp:lastModifiedBy>`,
    '<cp:revision>1</cp:revision>',
    `<dcterms:created xsi:type="dcterms:W3CDTF">${escapeXml(date)}</dcterms:created>`,
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${escapeXml(date)}</dcterms:modified>`,
    '</cp:coreProperties>',
  ].join('');
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

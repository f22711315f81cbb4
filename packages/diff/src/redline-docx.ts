/**
 * The redline as a Word document carrying Word's own tracked changes: insertions and deletions are
 * `w:ins` / `w:del` runs by one author at one date, so Word shows them in its usual markup and
 * "Accept all" gives the new text. Whole inserted or deleted blocks have their paragraph mark and
 * their number tracked too, so accepting (or rejecting) leaves no empty paragraph or stray number
 * behind. Inserted runs are also bold and underlined and deleted runs struck through as direct
 * formatting, the Council's convention, so the changes show with Word's markup display off. Blocks
 * are in the plain export's Council styles (`blockParagraphOptions`), so the redline, its changes
 * accepted, reads back with its headings, bullets and numbered paragraphs as the export does.
 *
 * A paragraph split is Word's tracked split: the paragraph mark at the end of each part but the last is
 * a tracked insertion (`w:pPr/w:rPr/w:ins`) and the words are plain; two joined are its tracked join,
 * the first one's mark a tracked deletion (`w:pPr/w:rPr/w:del`). Word shows such a mark as a ¶ in its
 * revision marks. The last part keeps the paragraph's own mark, untracked, and for a join the new paragraph's
 * layout, which Word (and mammoth) give the joined paragraph once the deletion is accepted. The parts
 * after the first carry a comment "Split from paragraph 5 of 7923/1/17 REV 1" or "Joined with …".
 *
 * Moved blocks carry a double rule on the left and a comment "Moved from paragraph 3 of 7923/1/17
 * REV 1"; a change of kind carries a comment "Was a bullet". Footnote calls stand in the text as
 * superscript numbers referring to the footnote list at the end (an added call tracked as an
 * insertion, a removed one as a deletion; see `redline-footnote-calls.ts`): real Word footnotes would
 * be renumbered by Word, deleted ones included, and no longer match the list.
 *
 * The date is passed in (no clock), and also written into the document properties that the `docx`
 * package would otherwise stamp with the current time.
 */

import { blockParagraphOptions, councilDocumentOptions, packDocx, xmlText } from '@accord/format';
import { type BlockKind, parseTimestamp } from '@accord/model';
import {
  BorderStyle,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  type ICommentOptions,
  InsertedTextRun,
  Paragraph,
  type ParagraphChild,
  TextRun,
  UnderlineType,
} from 'docx';
import type { BlockDiff, DocumentDiff, FootnoteDiff } from './document-diff';
import {
  type FootnoteCall,
  listFootnoteCalls,
  placeFootnoteCalls,
  type RedlinePiece,
} from './redline-footnote-calls';

/** The text of one tracked run and what sets it apart. */
interface TrackedRun {
  readonly text: string;
  readonly break?: number;
  readonly superScript?: boolean;
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
  describeSplitOrJoin,
  describeSummary,
  formatMetadataValue,
  type InsertionStyle,
  type RedlineOptions,
  shownNumber,
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
  const writer = new RedlineWriter(
    xmlText(options.author ?? DEFAULT_REDLINE_AUTHOR),
    options.date,
    options.insertions ?? 'bold-underline',
  );
  const children: Paragraph[] = [
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
  // A block joined onto another is laid out as the paragraph it is now part of.
  const newKinds = new Map(diff.blocks.flatMap((b) => (b.new ? [[b.new.id, b.new.kind] as const] : [])));
  for (const block of diff.blocks) {
    const kind = block.joinedInto !== undefined ? newKinds.get(block.joinedInto) : undefined;
    children.push(writer.block(block, calls.get(block) ?? [], fromLabel, kind));
  }
  if (diff.footnotes.length > 0) {
    children.push(new Paragraph({ children: [new TextRun({ text: 'Footnotes', bold: true })] }));
    const citations = citeNewBlocks(diff.blocks);
    for (const note of diff.footnotes) {
      const citedIn = note.new ? (citations.get(note.new.blockId) ?? null) : null;
      children.push(writer.footnote(note, describeFootnoteMove(note, citedIn)));
    }
  }

  const document = new Document({
    title,
    creator: writer.author,
    lastModifiedBy: writer.author,
    ...councilDocumentOptions(),
    comments: { children: writer.comments },
    sections: [{ children }],
  });
  return packDocx(document, { coreProperties: coreProperties(title, writer.author, writer.date) });
}

class RedlineWriter {
  readonly comments: ICommentOptions[] = [];
  readonly date: string;
  // Word wants one id space for comments and tracked changes alike.
  private lastId = -1;

  constructor(
    readonly author: string,
    date: string,
    private readonly insertions: InsertionStyle,
  ) {
    const parsed = parseTimestamp(date);
    if (!parsed.ok) throw new Error(`renderRedlineDocx: ${parsed.error.message}`);
    // Word writes revision dates without fractions of a second.
    this.date = parsed.value.replace(/\.\d+Z$/, 'Z');
  }

  block(
    block: BlockDiff,
    calls: readonly FootnoteCall[],
    fromLabel: string,
    layoutKind: BlockKind | undefined,
  ): Paragraph {
    const number = shownNumber(block);
    const kind = layoutKind ?? (block.new ?? block.old)?.kind;
    const notes = [
      describeMove(block, fromLabel),
      describeSplitOrJoin(block, fromLabel),
      describeKindChange(block),
    ].filter((note): note is string => note !== null);
    const children: ParagraphChild[] = [];
    if (number !== null) {
      const prefix = `${number}.\t`;
      children.push(
        block.change === 'deleted'
          ? this.deleted({ text: prefix })
          : block.change === 'inserted'
            ? this.inserted({ text: prefix })
            : new TextRun(prefix),
      );
    }
    children.push(...this.pieces(placeFootnoteCalls(block.ops, calls, 'both')));
    return new Paragraph({
      children: notes.length > 0 ? this.commented(children, notes.join('. ')) : children,
      // In the export's Council styles, so that the text read back has the same kinds of block.
      ...(kind === undefined ? {} : blockParagraphOptions(kind)),
      ...(block.change === 'moved'
        ? { border: { left: { style: BorderStyle.DOUBLE, size: 12, color: '1F4E9A', space: 6 } } }
        : {}),
      ...this.blockParagraphMark(block),
    });
  }

  footnote(note: FootnoteDiff, move: string | null): Paragraph {
    const number = `${note.new?.number ?? note.old?.number ?? ''})\t`;
    const children: ParagraphChild[] = [
      note.change === 'deleted' ? this.deleted({ text: number }) : new TextRun(number),
    ];
    children.push(...this.runs(note.ops));
    return new Paragraph({
      children: move !== null ? this.commented(children, move) : children,
      ...this.paragraphMark(note.change),
    });
  }

  runs(ops: readonly DiffOp[]): ParagraphChild[] {
    return this.pieces(ops.map((op) => ({ type: 'run', op: op.op, text: op.text })));
  }

  private pieces(pieces: readonly RedlinePiece[]): ParagraphChild[] {
    return pieces.flatMap((piece) => {
      if (piece.type === 'call') return [this.call(piece.call)];
      return linesOf(piece.text).map((line) => {
        if (piece.op === 'insert') return this.inserted(line);
        if (piece.op === 'delete') return this.deleted(line);
        return new TextRun(line);
      });
    });
  }

  /** A footnote call: its number in superscript, tracked when added or removed. */
  private call(call: FootnoteCall): ParagraphChild {
    const mark = { text: String(call.number), superScript: true };
    if (call.status === 'added') return this.inserted(mark);
    if (call.status === 'removed') return this.deleted(mark);
    return new TextRun(mark);
  }

  private inserted(run: TrackedRun): InsertedTextRun {
    return new InsertedTextRun({ ...run, ...INSERTED_FORMATS[this.insertions], ...this.change() });
  }

  private deleted(run: TrackedRun): DeletedTextRun {
    return new DeletedTextRun({ ...run, ...DELETED_FORMAT, ...this.change() });
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

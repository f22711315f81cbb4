/**
 * CouncilDocument → .docx in Council layout (see docx-layout.ts): the header block (place and date,
 * number and marking on the right, codes, the type centred, then From/To, previous documents and
 * subject as labelled lines under rules), numbered paragraphs with their number and a hanging indent,
 * follow-on paragraphs aligned with the text, dash bullets (Word list numbering), bold headings, and
 * real Word footnotes.
 */
import { type Block, type CouncilDocument, type Footnote, normalizeDocument } from '@accord/model';
import {
  AlignmentType,
  BorderStyle,
  Document,
  FootnoteReferenceRun,
  Paragraph,
  type ParagraphChild,
  Tab,
  TabStopType,
  TextRun,
} from 'docx';
import { blockParagraphOptions, councilDocumentOptions } from './docx-blocks';
import { DocxStyle, LABEL_COLUMN_TWIPS, NUMBER_FONT_SIZE } from './docx-layout';
import { packDocx } from './docx-pack';
import {
  describeTitleNumber,
  type HeaderItem,
  type HeaderLayoutOptions,
  type HeaderLine,
  type HeaderRole,
  layoutHeader,
} from './header';
import { xmlText } from './xml-text';

export async function renderDocx(
  doc: CouncilDocument,
  options: HeaderLayoutOptions = {},
): Promise<Uint8Array> {
  const { metadata, blocks, footnotes } = normalizeDocument(doc);
  const notesByBlock = new Map<string, Footnote[]>();
  for (const note of footnotes)
    notesByBlock.set(note.blockId, [...(notesByBlock.get(note.blockId) ?? []), note]);

  const paragraphs = [
    ...layoutHeader(metadata, options).flatMap(renderHeaderItem),
    ...blocks.flatMap((block) => renderBlock(block, notesByBlock.get(block.id) ?? [])),
  ];
  const titleNumber = describeTitleNumber(metadata.number, options);
  const document = new Document({
    title: titleNumber === null ? undefined : xmlText(titleNumber),
    subject: metadata.subject === null ? undefined : xmlText(metadata.subject),
    ...councilDocumentOptions(),
    footnotes: Object.fromEntries(
      footnotes.map((note) => [note.number, { children: [new Paragraph({ children: [text(note.text)] })] }]),
    ),
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1418, bottom: 1418, left: 1418, right: 1418 },
          },
        },
        children: paragraphs,
      },
    ],
  });
  return packDocx(document);
}

const HEADER_ALIGNMENT: Record<HeaderRole, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  institution: AlignmentType.LEFT,
  place: AlignmentType.RIGHT,
  number: AlignmentType.RIGHT,
  draft: AlignmentType.RIGHT,
  marking: AlignmentType.RIGHT,
  codes: AlignmentType.LEFT,
  type: AlignmentType.CENTER,
  labels: AlignmentType.LEFT,
};

function renderHeaderItem(item: HeaderItem): Paragraph[] {
  if (item.type === 'separator') {
    return [
      new Paragraph({
        style: DocxStyle.header.id,
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'auto', space: 1 } },
      }),
    ];
  }
  const role = item.role ?? 'labels';
  if (role !== 'labels') {
    return [
      new Paragraph({
        style: DocxStyle.header.id,
        alignment: HEADER_ALIGNMENT[role],
        children: item.lines.flatMap((line, lineIndex) =>
          line.map(
            (run, runIndex) =>
              new TextRun({
                text: xmlText(run.text),
                bold: run.bold,
                ...(lineIndex > 0 && runIndex === 0 ? { break: 1 } : {}),
                ...(role === 'number' ? { size: NUMBER_FONT_SIZE } : {}),
              }),
          ),
        ),
      }),
    ];
  }
  // One paragraph per label, its value after a tab and its continuation lines under the value: the
  // hanging indent lines them up in a column.
  const groups: HeaderLine[][] = [];
  for (const line of item.lines) {
    if (line[0]?.bold || groups.length === 0) groups.push([line]);
    else groups.at(-1)?.push(line);
  }
  return groups.map(
    (lines) =>
      new Paragraph({
        style: DocxStyle.header.id,
        indent: { left: LABEL_COLUMN_TWIPS, hanging: LABEL_COLUMN_TWIPS },
        tabStops: [{ type: TabStopType.LEFT, position: LABEL_COLUMN_TWIPS }],
        children: lines.flatMap((line, lineIndex) =>
          line.map((run, runIndex) => {
            const isValue = lineIndex === 0 && runIndex === 1 && line[0]?.bold === true;
            return new TextRun({
              ...(isValue
                ? { children: [new Tab(), xmlText(run.text.replace(/^ /, ''))] }
                : { text: xmlText(run.text) }),
              bold: run.bold,
              ...(lineIndex > 0 && runIndex === 0 ? { break: 1 } : {}),
            });
          }),
        ),
      }),
  );
}

function renderBlock(block: Block, notes: readonly Footnote[]): Paragraph[] {
  const bold = block.kind === 'heading';
  const runs = inlineRuns(block.text, notes, bold);
  switch (block.kind) {
    case 'numbered':
      return [
        new Paragraph({
          ...blockParagraphOptions('numbered'),
          children: [new TextRun({ children: [`${block.number ?? ''}.`, new Tab()] }), ...runs],
        }),
      ];
    case 'bullet':
      return [new Paragraph({ ...blockParagraphOptions('bullet'), children: runs })];
    case 'heading':
    case 'paragraph':
      // Written even when empty: the document has the block (a stray Enter the redline counts), and
      // Word carries an empty paragraph. Reading Word, importers still skip empty paragraphs.
      return [new Paragraph({ ...blockParagraphOptions(block.kind), children: runs })];
  }
}

function inlineRuns(value: string, notes: readonly Footnote[], bold: boolean): ParagraphChild[] {
  const sorted = [...notes].sort((a, b) => a.offset - b.offset || a.number - b.number);
  const runs: ParagraphChild[] = [];
  let at = 0;
  for (const note of sorted) {
    const offset = Math.min(Math.max(note.offset, at), value.length);
    if (offset > at) runs.push(text(value.slice(at, offset), bold));
    runs.push(new FootnoteReferenceRun(note.number));
    at = offset;
  }
  if (at < value.length) runs.push(text(value.slice(at), bold));
  return runs;
}

function text(value: string, bold = false): TextRun {
  return new TextRun({ text: xmlText(value), ...(bold ? { bold: true } : {}) });
}

/**
 * How Accord writes a block of each kind in Word, shared by the plain export (`docx-render.ts`) and the
 * Word redline (`@accord/diff`), so that both read back through `docx-parse.ts` as the kinds they were:
 * each kind its Council paragraph style (the parser's first rule), bullets also in the dash list, the
 * numbered paragraph's tab stop after its typed number (or Word's list number, in the redline).
 * `councilDocumentOptions` defines the styles and the lists for a `Document`.
 */
import type { BlockKind } from '@accord/model';
import {
  AlignmentType,
  type IParagraphOptions,
  type IParagraphStyleOptions,
  type IParagraphStylePropertiesOptions,
  type IPropertiesOptions,
  LevelFormat,
  TabStopType,
} from 'docx';
import {
  BULLET_NUMBERING,
  BULLET_TEXT,
  DocxStyle,
  FONT,
  FONT_SIZE,
  INDENT_TWIPS,
  NUMBERED_LIST_PREFIX,
} from './docx-layout';

/**
 * A run of numbered paragraphs Word numbers itself, from `start` on: one list instance (a `w:num`
 * restarting at `start`) per run, so that Word renumbers the paragraphs when one is added or removed.
 */
export interface NumberedList {
  readonly start: number;
  /** Tells apart the runs that start at the same number. */
  readonly instance: number;
}

/**
 * The paragraph properties of a block of `kind`: its style, and its list or tab stop. A numbered
 * paragraph carries its number as typed text, as the plain export writes it, unless `list` has Word
 * number it (the Word redline, where renumbering is then no change).
 */
export function blockParagraphOptions(
  kind: BlockKind,
  list?: NumberedList,
): Pick<IParagraphOptions, 'style' | 'numbering' | 'tabStops'> {
  switch (kind) {
    case 'numbered':
      return {
        style: DocxStyle.numbered.id,
        tabStops: [{ type: TabStopType.LEFT, position: INDENT_TWIPS }],
        ...(list === undefined
          ? {}
          : {
              numbering: { reference: numberedListReference(list.start), level: 0, instance: list.instance },
            }),
      };
    case 'bullet':
      return { style: DocxStyle.bullet.id, numbering: { reference: BULLET_NUMBERING, level: 0 } };
    case 'heading':
    case 'paragraph':
      return { style: DocxStyle[kind].id };
  }
}

/**
 * The Council styles, the dash list and the default font, for a `Document` whose blocks use
 * `blockParagraphOptions`; and a numbered list definition for each start its numbered lists have.
 */
export function councilDocumentOptions(
  numberedStarts: Iterable<number> = [],
): Pick<IPropertiesOptions, 'styles' | 'numbering'> {
  return {
    styles: {
      default: { document: { run: { font: FONT, size: FONT_SIZE } } },
      paragraphStyles: [
        paragraphStyle(DocxStyle.header, { spacing: { after: 120 } }),
        paragraphStyle(DocxStyle.numbered, {
          indent: { left: INDENT_TWIPS, hanging: INDENT_TWIPS },
          spacing: { after: 240 },
        }),
        paragraphStyle(DocxStyle.paragraph, { indent: { left: INDENT_TWIPS }, spacing: { after: 240 } }),
        paragraphStyle(DocxStyle.bullet, { spacing: { after: 120 } }),
        paragraphStyle(DocxStyle.heading, { alignment: AlignmentType.CENTER, spacing: { after: 240 } }, true),
      ],
    },
    numbering: {
      config: [
        {
          reference: BULLET_NUMBERING,
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: BULLET_TEXT,
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 2 * INDENT_TWIPS, hanging: INDENT_TWIPS } } },
            },
          ],
        },
        // The docx package restarts each instance of a list at its definition's start: one per start.
        ...[...new Set(numberedStarts)].map((start) => ({
          reference: numberedListReference(start),
          levels: [
            {
              level: 0,
              start,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: INDENT_TWIPS, hanging: INDENT_TWIPS } } },
            },
          ],
        })),
      ],
    },
  };
}

function numberedListReference(start: number): string {
  return `${NUMBERED_LIST_PREFIX}${start}`;
}

function paragraphStyle(
  style: { id: string; name: string },
  paragraph: IParagraphStylePropertiesOptions,
  bold = false,
): IParagraphStyleOptions {
  return {
    id: style.id,
    name: style.name,
    basedOn: 'Normal',
    next: style.id,
    quickFormat: true,
    paragraph,
    ...(bold ? { run: { bold: true } } : {}),
  };
}

/**
 * How Accord writes a block of each kind in Word, shared by the plain export (`docx-render.ts`) and the
 * Word redline (`@accord/diff`), so that both read back through `docx-parse.ts` as the kinds they were:
 * each kind its Council paragraph style (the parser's first rule), bullets also in the dash list, the
 * numbered paragraph's tab stop after its typed number. `councilDocumentOptions` defines the styles and
 * the list for a `Document`.
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
import { BULLET_NUMBERING, BULLET_TEXT, DocxStyle, FONT, FONT_SIZE, INDENT_TWIPS } from './docx-layout';

/** The paragraph properties of a block of `kind`: its style, and its list or tab stop. */
export function blockParagraphOptions(
  kind: BlockKind,
): Pick<IParagraphOptions, 'style' | 'numbering' | 'tabStops'> {
  switch (kind) {
    case 'numbered':
      return {
        style: DocxStyle.numbered.id,
        tabStops: [{ type: TabStopType.LEFT, position: INDENT_TWIPS }],
      };
    case 'bullet':
      return { style: DocxStyle.bullet.id, numbering: { reference: BULLET_NUMBERING, level: 0 } };
    case 'heading':
    case 'paragraph':
      return { style: DocxStyle[kind].id };
  }
}

/** The Council styles, the dash list and the default font, for a `Document` whose blocks use `blockParagraphOptions`. */
export function councilDocumentOptions(): Pick<IPropertiesOptions, 'styles' | 'numbering'> {
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
      ],
    },
  };
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

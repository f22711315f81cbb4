/**
 * The Word layout Accord writes and reads back. Every paragraph carries one of these paragraph styles, so
 * an Accord .docx round-trips exactly even after someone edits it in Word; a file without them (any
 * other Word document) is read by its lists, heading styles and bold lines instead.
 *
 * Numbered paragraphs carry their number as text ("1." and a tab, with a hanging indent), not Word
 * list numbering: the number and any restart (the annex conclusions starting again at 1) are then
 * visible to every reader, mammoth included, and survive copy and paste. The Word redline alone has
 * Word number them (`NumberedList`), so that a paragraph only renumbered is no tracked change.
 */
export const DocxStyle = {
  header: { id: 'CouncilHeader', name: 'Council Header' },
  numbered: { id: 'CouncilNumbered', name: 'Council Numbered' },
  paragraph: { id: 'CouncilParagraph', name: 'Council Paragraph' },
  bullet: { id: 'CouncilBullet', name: 'Council Bullet' },
  heading: { id: 'CouncilHeading', name: 'Council Heading' },
} as const;

export const COUNCIL_STYLE_PREFIX = 'Council ';
export const BULLET_NUMBERING = 'council-bullet';
/** Word's numbered lists of the redline, one per start: `council-numbered-1`, … */
export const NUMBERED_LIST_PREFIX = 'council-numbered-';
/** The Council uses a dash for list items. */
export const BULLET_TEXT = '–';

/** Twips (1/1440 inch). */
export const INDENT_TWIPS = 567;
export const LABEL_COLUMN_TWIPS = 1701;
export const FONT = 'Times New Roman';
/** Half-points. */
export const FONT_SIZE = 24;
export const NUMBER_FONT_SIZE = 28;

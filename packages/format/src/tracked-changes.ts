/**
 * Tracked changes a Word file (or a Web page saved from Word) still holds, not yet accepted or
 * rejected. mammoth reads such a file as
 * if every change were accepted (inserted text kept, deleted text dropped, moved text at its new place),
 * so a text sent with a delegation's proposals in tracked changes would come in with all of them taken,
 * and nobody told. They are counted here so that the upload can be refused and the person asked to
 * decide on them in Word first.
 *
 * Counted: insertions, deletions and moves of text and of paragraph marks (`w:ins`, `w:del`,
 * `w:moveFrom`, `w:moveTo`) in the body, the footnotes and the endnotes. Not counted: formatting
 * changes (`w:rPrChange`, `w:pPrChange`), which change no words. Word writes its main namespace with
 * the `w` prefix; the parts are matched as text, which for a count is as good as parsing them.
 *
 * A Web page saved from Word shows them as `<ins>` and `<del>` with the author (`cite`) and the time
 * (`datetime`), inside spans of class `msoIns` / `msoDel`; a page's own `<ins>` and `<del>` without
 * them (our redline's, or strikethrough in a text) are formatting and read as text.
 */
import type { Document, Element } from 'domhandler';
import { findAll, getAttributeValue, hasAttrib } from 'domutils';
import type JSZip from 'jszip';

/** The parts of a .docx that hold text, where tracked changes are. */
export const DOCX_TEXT_PARTS = ['word/document.xml', 'word/footnotes.xml', 'word/endnotes.xml'];
const TRACKED_CHANGE = /<w:(?:ins|del|moveFrom|moveTo)[\s/>]/g;

export async function countDocxTrackedChanges(zip: JSZip): Promise<number> {
  let count = 0;
  for (const name of DOCX_TEXT_PARTS) {
    const xml = await zip.file(name)?.async('string');
    if (xml !== undefined) count += xml.match(TRACKED_CHANGE)?.length ?? 0;
  }
  return count;
}

/** Why a file with tracked changes is refused, and what to do: "the Word document has 3 tracked …". */
export function describeTrackedChanges(what: string, count: number): string {
  const changes = count === 1 ? 'a tracked change' : `${count} tracked changes`;
  return `the ${what} has ${changes} not yet accepted or rejected: accept or reject ${count === 1 ? 'it' : 'them'} in Word (Review, Accept or Reject) and upload it again`;
}

const WORD_HTML_CHANGE_CLASS = /\bmso(?:Ins|Del)\b/;

export function countHtmlTrackedChanges(root: Document): number {
  const isChange = (element: Element) =>
    (element.name === 'ins' || element.name === 'del') &&
    (hasAttrib(element, 'datetime') || hasAttrib(element, 'cite'));
  const changes = findAll(isChange, root.children).length;
  // A span of Word's class around a change without its own attributes still marks one.
  const spans = findAll(
    (element) =>
      WORD_HTML_CHANGE_CLASS.test(getAttributeValue(element, 'class') ?? '') &&
      findAll(isChange, element.children).length === 0,
    root.children,
  ).length;
  return changes + spans;
}

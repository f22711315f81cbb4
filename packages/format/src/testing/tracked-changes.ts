import JSZip from 'jszip';
import { DOCX_TEXT_PARTS } from '../tracked-changes';

/**
 * A .docx with every tracked change accepted, as Word's "Accept All Changes" leaves it: deleted and
 * moved-away runs gone, inserted and moved-here runs kept without their marks, the marks on paragraph
 * marks dropped (first: a self-closing `<w:del/>` must not be read as opening a deleted run), and a
 * paragraph whose mark was deleted joined with the next, as Word joins them.
 */
export async function acceptTrackedChanges(
  bytes: Uint8Array | ArrayBuffer,
): Promise<Uint8Array<ArrayBuffer>> {
  const zip = await JSZip.loadAsync(bytes);
  for (const part of DOCX_TEXT_PARTS) {
    const xml = await zip.file(part)?.async('string');
    if (xml === undefined) continue;
    zip.file(
      part,
      joinDeletedParagraphMarks(xml)
        .replace(/<w:(?:ins|del|moveFrom|moveTo)\b[^>]*\/>/g, '')
        .replace(/<w:(del|moveFrom)\b[^>]*>.*?<\/w:\1>/gs, '')
        .replace(/<w:(ins|moveTo)\b[^>]*>(.*?)<\/w:\1>/gs, '$2'),
    );
  }
  return new Uint8Array(await zip.generateAsync({ type: 'arraybuffer' }));
}

/** A paragraph (not nested: the parts our tests write have none in text boxes), or an empty one. */
const PARAGRAPH = /<w:p(?:\s[^>]*)?\/>|<w:p(?:\s[^>]*)?>(.*?)<\/w:p>/gs;
const PROPERTIES = /^(\s*<w:pPr\b[^>]*>.*?<\/w:pPr>)?(.*)$/s;
/** A deleted paragraph mark: a deletion in the paragraph's own properties (`w:pPr/w:rPr/w:del`). */
const DELETED_MARK = /<w:rPr\b[^>]*>(?:(?!<\/w:rPr>).)*<w:del\b/s;

/**
 * Each paragraph whose mark was deleted, its runs put at the start of the next paragraph, which keeps
 * its own properties: the mark that is left is that paragraph's, as in Word. A deleted mark with no
 * paragraph after it is kept (Word cannot delete the last one).
 */
function joinDeletedParagraphMarks(xml: string): string {
  const paragraphs = [...xml.matchAll(PARAGRAPH)];
  let out = '';
  let last = 0;
  let carried = '';
  paragraphs.forEach((match, index) => {
    const [whole, body = ''] = match;
    const [, properties = '', runs = ''] = PROPERTIES.exec(body) ?? [];
    const deleted = DELETED_MARK.test(properties) && index < paragraphs.length - 1;
    out += xml.slice(last, match.index);
    last = match.index + whole.length;
    if (deleted) {
      carried += runs;
      return;
    }
    if (carried === '') {
      out += whole;
      return;
    }
    const open = /^<w:p(?:\s[^>]*?)?(\/?)>/.exec(whole)?.[0] ?? '<w:p>';
    out += `${open.replace(/\/>$/, '>')}${properties}${carried}${runs}</w:p>`;
    carried = '';
  });
  return out + xml.slice(last);
}

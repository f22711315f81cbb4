import JSZip from 'jszip';
import { DOCX_TEXT_PARTS } from '../tracked-changes';

/**
 * A .docx with every tracked change accepted, as Word's "Accept All Changes" leaves it: deleted and
 * moved-away runs gone, inserted and moved-here runs kept without their marks, the marks on paragraph
 * marks dropped (first: a self-closing `<w:del/>` must not be read as opening a deleted run), a
 * paragraph whose mark was deleted joined with the next, as Word joins them, and formatting changes
 * (`w:pPrChange`, `w:rPrChange`) dropped, the formatting they record as it was before being left behind.
 */
export async function acceptTrackedChanges(
  bytes: Uint8Array | ArrayBuffer,
): Promise<Uint8Array<ArrayBuffer>> {
  return rewriteTextParts(bytes, (xml) =>
    joinParagraphsWithRemovedMarks(xml.replace(FORMATTING_CHANGE, '').replace(MOVE_RANGE, ''), (properties) =>
      DELETED_MARK.test(properties),
    )
      .replace(/<w:(?:ins|del|moveFrom|moveTo)\b[^>]*\/>/g, '')
      .replace(/<w:(del|moveFrom)\b[^>]*>.*?<\/w:\1>/gs, '')
      .replace(/<w:(ins|moveTo)\b[^>]*>(.*?)<\/w:\1>/gs, '$2'),
  );
}

/**
 * A .docx with every tracked change rejected, as Word's "Reject All Changes" leaves it: inserted and
 * moved-here runs gone, deleted and moved-away runs kept as text (`w:delText` read as `w:t` again), a
 * paragraph whose mark was inserted (or moved here) joined with the next, a deleted paragraph mark
 * kept, and the formatting each `w:pPrChange` / `w:rPrChange` records put back.
 */
export async function rejectTrackedChanges(
  bytes: Uint8Array | ArrayBuffer,
): Promise<Uint8Array<ArrayBuffer>> {
  return rewriteTextParts(bytes, (xml) =>
    joinParagraphsWithRemovedMarks(restoreFormatting(xml).replace(MOVE_RANGE, ''), (properties) =>
      INSERTED_MARK.test(properties),
    )
      .replace(/<w:(?:ins|del|moveFrom|moveTo)\b[^>]*\/>/g, '')
      .replace(/<w:(ins|moveTo)\b[^>]*>.*?<\/w:\1>/gs, '')
      .replace(/<w:(del|moveFrom)\b[^>]*>(.*?)<\/w:\1>/gs, '$2')
      .replace(/<(\/?)w:del(Text|InstrText)\b/g, (_, slash: string, name: string) =>
        name === 'Text' ? `<${slash}w:t` : `<${slash}w:instrText`,
      ),
  );
}

async function rewriteTextParts(
  bytes: Uint8Array | ArrayBuffer,
  rewrite: (xml: string) => string,
): Promise<Uint8Array<ArrayBuffer>> {
  const zip = await JSZip.loadAsync(bytes);
  for (const part of DOCX_TEXT_PARTS) {
    const xml = await zip.file(part)?.async('string');
    if (xml !== undefined) zip.file(part, rewrite(xml));
  }
  return new Uint8Array(await zip.generateAsync({ type: 'arraybuffer' }));
}

/** A tracked change of formatting, holding the properties as they were (a `w:pPr` or `w:rPr` inside). */
const FORMATTING_CHANGE = /<w:(pPrChange|rPrChange)\b[^>]*>.*?<\/w:\1>/gs;
/** The bookmarks around a move's two places, which carry no text. */
const MOVE_RANGE = /<w:move(?:From|To)Range(?:Start|End)\b[^>]*\/>/g;
/** Paragraph properties with a formatting change: before it, the properties now; in it, the old ones. */
const CHANGED_PARAGRAPH_PROPERTIES =
  /<w:pPr>((?:(?!<\/w:pPr>).)*?)<w:pPrChange\b[^>]*>\s*(?:<w:pPr\/>|<w:pPr>(.*?)<\/w:pPr>)\s*<\/w:pPrChange>\s*<\/w:pPr>/gs;
const CHANGED_RUN_PROPERTIES =
  /<w:rPr>(?:(?!<\/w:rPr>).)*?<w:rPrChange\b[^>]*>\s*(?:<w:rPr\/>|<w:rPr>(.*?)<\/w:rPr>)\s*<\/w:rPrChange>\s*<\/w:rPr>/gs;
/** The paragraph mark's own run properties, which a `w:pPrChange` does not record. */
const MARK_PROPERTIES = /<w:rPr\b[^>]*>.*?<\/w:rPr>|<w:rPr\/>/s;

/** Each `w:pPr` / `w:rPr` with a formatting change put back as it was, the paragraph mark's run properties kept. */
function restoreFormatting(xml: string): string {
  return xml
    .replace(CHANGED_RUN_PROPERTIES, (_, old = '') => `<w:rPr>${old}</w:rPr>`)
    .replace(CHANGED_PARAGRAPH_PROPERTIES, (_, now: string, old = '') => {
      const mark = MARK_PROPERTIES.exec(now)?.[0] ?? '';
      return `<w:pPr>${old}${mark}</w:pPr>`;
    });
}

/** A paragraph (not nested: the parts our tests write have none in text boxes), or an empty one. */
const PARAGRAPH = /<w:p(?:\s[^>]*)?\/>|<w:p(?:\s[^>]*)?>(.*?)<\/w:p>/gs;
const PROPERTIES = /^(\s*<w:pPr\b[^>]*>.*?<\/w:pPr>)?(.*)$/s;
/** A deleted paragraph mark: a deletion in the paragraph's own properties (`w:pPr/w:rPr/w:del`). */
const DELETED_MARK = /<w:rPr\b[^>]*>(?:(?!<\/w:rPr>).)*<w:(?:del|moveFrom)\b/s;
/** An inserted paragraph mark (`w:pPr/w:rPr/w:ins`), or one moved here. */
const INSERTED_MARK = /<w:rPr\b[^>]*>(?:(?!<\/w:rPr>).)*<w:(?:ins|moveTo)\b/s;

/**
 * Each paragraph whose mark goes (`removed` says which, from its properties), its runs put at the
 * start of the next paragraph, which keeps its own properties: the mark that is left is that
 * paragraph's, as in Word. A mark with no paragraph after it is kept (Word cannot remove the last one).
 */
function joinParagraphsWithRemovedMarks(xml: string, removed: (properties: string) => boolean): string {
  const paragraphs = [...xml.matchAll(PARAGRAPH)];
  let out = '';
  let last = 0;
  let carried = '';
  paragraphs.forEach((match, index) => {
    const [whole, body = ''] = match;
    const [, properties = '', runs = ''] = PROPERTIES.exec(body) ?? [];
    const joined = removed(properties) && index < paragraphs.length - 1;
    out += xml.slice(last, match.index);
    last = match.index + whole.length;
    if (joined) {
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

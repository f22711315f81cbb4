/**
 * What a file holds that Accord does not take in as text of the document, counted so that the person
 * uploading it is told rather than finding it gone: Word comments (Accord's comments are on
 * paragraphs, by delegation, and are added there) and images in the body (a header's logo, in Word's
 * header part, is not counted: every Council file has one, and the export draws its own header).
 */
import JSZip from 'jszip';
import { type DocumentFormat, decodeText } from './parse-document';

export interface LeftOut {
  readonly comments: number;
  readonly images: number;
}

export const NOTHING_LEFT_OUT: LeftOut = Object.freeze({ comments: 0, images: 0 });

const WORD_COMMENT = /<w:comment[\s>]/g;
/** An image in a paragraph: DrawingML (Word 2007 on), or VML in older files (and as DrawingML's fallback, so counted only without it). */
const WORD_DRAWING = /<w:drawing[\s>]/g;
const WORD_VML_IMAGE = /<v:imagedata[\s/>]/g;
/** Each comment of a Web page saved from Word, in its comment list. */
const HTML_WORD_COMMENT = /mso-element:\s*comment\s*(?:;|["'])/gi;
const HTML_IMAGE = /<img[\s/>]/gi;

const count = (text: string | undefined, pattern: RegExp) => text?.match(pattern)?.length ?? 0;

/** What `bytes`, a file of `format` that reads as a document, holds that is not taken in. */
export async function countLeftOut(bytes: Uint8Array, format: DocumentFormat): Promise<LeftOut> {
  if (format === 'markdown') return NOTHING_LEFT_OUT;
  if (format === 'html') {
    const html = decodeText(bytes, 'html');
    if (!html.ok) return NOTHING_LEFT_OUT;
    return { comments: count(html.value, HTML_WORD_COMMENT), images: count(html.value, HTML_IMAGE) };
  }
  const zip = await JSZip.loadAsync(bytes).catch(() => null);
  if (zip === null) return NOTHING_LEFT_OUT;
  const [comments, body] = await Promise.all([
    zip.file('word/comments.xml')?.async('string'),
    zip.file('word/document.xml')?.async('string'),
  ]);
  const drawings = count(body, WORD_DRAWING);
  return {
    comments: count(comments, WORD_COMMENT),
    images: drawings > 0 ? drawings : count(body, WORD_VML_IMAGE),
  };
}

/**
 * How the editor reads HTML pasted from elsewhere (Word above all, a web page, another editor) into
 * the blocks of a Council text, as parse rules of the schema's nodes. Without them ProseMirror kept
 * only text: Word's list numbers and bullets stayed as typed characters ("1.   Text", "·  Text") in a
 * plain paragraph, list items and headings came in as plain paragraphs, and a Word footnote came in as
 * its reference "[1]", square brackets that the text then counted as not agreed, with the footnote's
 * own text pasted after it as a paragraph of its own. The same readings as the HTML import's
 * (`@accord/format`'s html-parse.ts), for what a clipboard holds.
 */
import type { BlockKind } from '@accord/model';

/** Word's list marker, which it writes before a list paragraph's text (`mso-list:Ignore`). */
function isWordListMarker(element: HTMLElement): boolean {
  return /mso-list:\s*ignore/i.test(element.getAttribute('style') ?? '');
}

/** What a Word list marker's text makes of its paragraph: a number or a bullet glyph; null otherwise. */
function readWordMarker(text: string): BlockKind | null {
  const marker = text.replace(/\s+/g, '');
  if (/^\d{1,4}[.)]?$/.test(marker)) return 'numbered';
  if (/^[·•\-–o§]$/.test(marker)) return 'bullet';
  return null;
}

/** The kind of a pasted `<p>`: a Word list paragraph's, else none (the block's own `data-kind`). */
export function readPastedParagraphKind(element: HTMLElement): BlockKind | null {
  if (!/mso-list:/i.test(element.getAttribute('style') ?? '')) return null;
  const marker = Array.from(element.querySelectorAll('span')).find(isWordListMarker);
  return marker ? readWordMarker(marker.textContent ?? '') : null;
}

/** The kind of a pasted list item: numbered in an `<ol>`, a bullet in a `<ul>`. */
export function readListItemKind(element: HTMLElement): BlockKind {
  return element.parentElement?.closest('ol, ul')?.tagName === 'OL' ? 'numbered' : 'bullet';
}

/** Whether a list item holds paragraphs of its own, which then take its kind (the item is no block). */
export function holdsParagraphs(element: HTMLElement): boolean {
  return Array.from(element.children).some((child) => child.tagName === 'P');
}

/** The kind of a `<p>` inside a list item, from the list; null outside a list. */
export function readListParagraphKind(element: HTMLElement): BlockKind | null {
  const item = element.parentElement;
  return item?.tagName === 'LI' ? readListItemKind(item) : null;
}

/** Word's marker of a list paragraph that `readPastedParagraphKind` read: not text of the paragraph. */
export function isReadWordListMarker(element: HTMLElement): boolean {
  return isWordListMarker(element) && readWordMarker(element.textContent ?? '') !== null;
}

/**
 * The text of the footnote a Word footnote reference (`<a href="#_ftn1">`) calls, from the footnote
 * Word puts with the copied text (`<a name="_ftn1">` in its footnote's `<div>`), without its number;
 * null when the reference is not one of Word's or its footnote is not there.
 */
export function readWordFootnoteText(element: HTMLElement): string | null {
  const target = /^#(_ftn\d+)$/.exec(element.getAttribute('href') ?? '')?.[1];
  if (target === undefined) return null;
  const root = element.getRootNode() as ParentNode;
  const anchor = Array.from(root.querySelectorAll('a[name]')).find(
    (candidate) => candidate.getAttribute('name') === target,
  );
  const note = anchor?.closest('div') ?? anchor?.closest('p');
  if (!anchor || !note) return null;
  const copy = note.cloneNode(true) as HTMLElement;
  for (const reference of Array.from(copy.querySelectorAll('a[name]')))
    if (reference.getAttribute('name') === target) reference.remove();
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Word's list of footnotes after the copied text: read through the references, not pasted as text. */
export function isWordFootnoteList(element: HTMLElement): boolean {
  return /mso-element:\s*footnote-list/i.test(element.getAttribute('style') ?? '');
}

/**
 * A Word comment on the clipboard, as Word writes one (the same as in a Web page saved from Word, which
 * the HTML import skips): its "[DE1]" anchor where it is attached (`a.msocomanchor`) and the anchor's
 * reference span in the text, and the list of comments after the text (`mso-element:comment-list`).
 * Pasted as text, the anchor was a square-bracketed span that kept the paragraph open, and each
 * comment a paragraph of the text. Comments are added on the paragraphs here.
 */
export function isWordComment(element: HTMLElement): boolean {
  if (element.classList.contains('msocomanchor') || element.classList.contains('MsoCommentReference'))
    return true;
  return /mso-element:\s*comment(?:-list)?\s*(?:;|$)/i.test(element.getAttribute('style') ?? '');
}

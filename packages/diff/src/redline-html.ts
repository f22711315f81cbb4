/**
 * The redline as HTML, in the Council's convention: insertions bold and underlined inside `<ins>` (or
 * bold alone, `insertions: 'bold'`, as the cover line then says),
 * deletions struck through inside `<del>`, moved blocks labelled ("Moved from paragraph 3 of 7923/1/17
 * REV 1") and edged, and inline their old place marked ("Moved to paragraph 7"), whole inserted or deleted blocks entirely inside `<ins>` / `<del>`. A paragraph
 * split shows an inserted paragraph mark (`<ins class="paragraph-mark">¶</ins>`) at the end of each
 * part but the last, and two joined a deleted one, the words that went with it kept; the parts after
 * the first are labelled ("Split from paragraph 5 of …", "Joined with paragraph 5 of …"). Every text is
 * escaped. Footnote calls
 * stand in the text as in the normal HTML export (`<sup class="footnote-ref">`, linked to the footnote
 * list at the end), an added call inside `<ins>` and a removed one inside `<del>` (see
 * `redline-footnote-calls.ts`).
 *
 * Its header opens with "COUNCIL OF THE EUROPEAN UNION" (`COUNCIL_NAME_LINE`), as every export does.
 *
 * `renderRedlineHtml` gives a complete self-contained page; `renderRedlineFragment` gives the
 * `<article>` alone (styled by `REDLINE_CSS`) for the web app to show inline or side by side. Side by
 * side on a narrow screen, each paragraph's old text stands above its new one, named by its version.
 */

import { escapeHtml } from '@accord/format';
import { type BlockCitation, COUNCIL_NAME_LINE } from '@accord/model';
import type { BlockDiff, DocumentDiff, FootnoteDiff } from './document-diff';
import {
  type FootnoteCall,
  listFootnoteCalls,
  peelEdgeSpaces,
  placeFootnoteCalls,
  type RedlinePiece,
  type RedlineSide,
} from './redline-footnote-calls';
import {
  changedParagraphMark,
  citeNewBlocks,
  describeComparison,
  describeConvention,
  describeFootnoteMove,
  describeKindChange,
  describeMetadataField,
  describeMove,
  describeMoveTo,
  describeSplitOrJoin,
  describeSummary,
  emptyParagraphMark,
  formatMetadataValue,
  PARAGRAPH_MARK,
  placeMovedAway,
  previousNumber,
  type RedlineOptions,
  shownNumber,
} from './redline-labels';
import type { DiffOp } from './word-diff';

export const REDLINE_LAYOUTS = ['inline', 'side-by-side'] as const;
export type RedlineLayout = (typeof REDLINE_LAYOUTS)[number];

export interface RedlineHtmlOptions extends RedlineOptions {
  /**
   * One column with deletions and insertions interleaved, or the old text (with its deletions) beside
   * the new text (with its insertions).
   * @default 'inline'
   */
  readonly layout?: RedlineLayout;
}

export const REDLINE_CSS = `
.redline { font-family: "Times New Roman", Times, serif; font-size: 12pt; line-height: 1.5; color: #000; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; }
.redline h1 { font-size: 1.3em; text-align: center; }
.redline h2 { font-size: 1.1em; margin-top: 2em; }
.redline .institution { margin: 0 0 1.2em; }
.redline .redline-body { margin-top: 2em; }
.redline ins { font-weight: bold; text-decoration: underline; background: none; color: inherit; }
.redline.insertions-bold ins { text-decoration: none; }
.redline del { text-decoration: line-through; color: inherit; }
.redline .redline-meta { text-align: center; font-style: italic; }
.redline .block { margin: 0 0 0.75em; }
.redline .block-text { white-space: pre-wrap; }
.redline .block-number { display: inline-block; min-width: 2.5em; }
.redline .old-number { font-size: 0.8em; color: #555; margin-right: 0.4em; }
.redline .kind-bullet { padding-left: 2.5em; text-indent: -1em; }
.redline .kind-bullet::before { content: "\\2013"; display: inline-block; width: 1em; text-indent: 0; }
.redline .kind-paragraph { padding-left: 2.5em; }
.redline .kind-heading { font-weight: bold; text-align: center; }
.redline .change-moved { background: #eef3fb; }
.redline .moved-away { color: #1f4e9a; }
.redline .label { font: 0.75em/1.2 system-ui, sans-serif; color: #1f4e9a; border: 1px solid currentColor; border-radius: 3px; padding: 0 0.3em; margin-right: 0.4em; white-space: nowrap; }
.redline table { border-collapse: collapse; width: 100%; }
.redline th, .redline td { border: 1px solid #bbb; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
.redline .side-by-side td { width: 50%; }
.redline .side-by-side .block { margin: 0; }
@media (max-width: 40rem) {
  .redline .side-by-side thead { display: none; }
  .redline .side-by-side tr, .redline .side-by-side td { display: block; width: auto; }
  .redline .side-by-side td { border-bottom: 0; }
  .redline .side-by-side td:empty { display: none; }
  .redline .side-by-side td::before { content: attr(data-version); display: block; font: 600 0.75em system-ui, sans-serif; color: #555; }
  .redline .side-by-side tr { border-bottom: 1px solid #bbb; margin-bottom: 0.4em; }
}
.redline .footnote-ref { font-size: 0.75em; line-height: 0; vertical-align: super; }
.redline .footnote-ref a { color: inherit; text-decoration: none; }
.redline .footnote-number { display: inline-block; min-width: 2em; vertical-align: super; font-size: 0.8em; }
`;

/** A complete HTML page: the redline with its styles, nothing loaded from elsewhere. */
export function renderRedlineHtml(diff: DocumentDiff, options: RedlineHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${REDLINE_CSS}</style>
</head>
<body>
${renderRedlineFragment(diff, options)}
</body>
</html>
`;
}

/** The redline as one `<article class="redline">`, to be styled with `REDLINE_CSS`. */
export function renderRedlineFragment(diff: DocumentDiff, options: RedlineHtmlOptions): string {
  const parts = [
    `<article class="${options.insertions === 'bold' ? 'redline insertions-bold' : 'redline'}">`,
    '<header>',
    // A redline is a Council document the Secretariat circulates: it opens as every export does.
    `<p class="institution"><strong>${escapeHtml(COUNCIL_NAME_LINE)}</strong></p>`,
    `<h1>${escapeHtml(options.title)}</h1>`,
    `<p class="redline-meta">${describeComparison(options, escapeHtml(describeSummary(diff)), markLabel)}.</p>`,
    `<p class="redline-meta redline-convention">${escapeHtml(describeConvention(options))}</p>`,
    '</header>',
    renderMetadata(diff),
    options.layout === 'side-by-side' ? renderSideBySide(diff, options) : renderInline(diff, options),
    renderFootnotes(diff),
    '</article>',
  ];
  return parts.filter((part) => part !== '').join('\n');
}

/** A version's label on the cover, escaped, in a span that names its side. */
function markLabel(label: string, side: 'from' | 'to'): string {
  return `<span class="${side}-label">${escapeHtml(label)}</span>`;
}

function renderInline(diff: DocumentDiff, options: RedlineOptions): string {
  const calls = listFootnoteCalls(diff);
  const citations = citeNewBlocks(diff.blocks);
  const blocks = placeMovedAway(diff.blocks).map(({ block, place }) =>
    place === 'moved-away'
      ? renderMovedAway(block, citations)
      : renderBlock(block, 'both', calls.get(block) ?? [], options.fromLabel),
  );
  return `<section class="redline-body">\n${blocks.join('\n')}\n</section>`;
}

function renderSideBySide(diff: DocumentDiff, options: RedlineOptions): string {
  const calls = listFootnoteCalls(diff);
  const rows = diff.blocks.map(
    (block) =>
      `<tr class="change-${block.change}"><td class="old" data-version="${escapeHtml(options.fromLabel)}">${hasOldWords(block) ? renderBlock(block, 'old', calls.get(block) ?? [], options.fromLabel) : ''}</td><td class="new" data-version="${escapeHtml(options.toLabel)}">${hasNewWords(block) ? renderBlock(block, 'new', calls.get(block) ?? [], options.fromLabel) : ''}</td></tr>`,
  );
  return [
    '<section class="redline-body">',
    '<table class="side-by-side">',
    `<thead><tr><th>${escapeHtml(options.fromLabel)}</th><th>${escapeHtml(options.toLabel)}</th></tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    '</section>',
  ].join('\n');
}

/** Where a moved block stood in the old version, saying where it went. */
function renderMovedAway(block: BlockDiff, citations: ReadonlyMap<string, BlockCitation>): string {
  const id = block.new?.id ?? '';
  const label = describeMoveTo(citations.get(id));
  return `<p class="block moved-away" data-moved-to="${escapeHtml(id)}"><span class="label moved-to-label">${escapeHtml(label)}</span></p>`;
}

/** A block with words in the old text: its own, or those of the paragraph it was split from. */
function hasOldWords(block: BlockDiff): boolean {
  return block.old !== null || block.splitFrom !== undefined;
}

/** A block with words in the new text: its own, or those it brought to the paragraph it joined. */
function hasNewWords(block: BlockDiff): boolean {
  return block.new !== null || block.joinedInto !== undefined;
}

function renderBlock(
  block: BlockDiff,
  side: RedlineSide,
  calls: readonly FootnoteCall[],
  fromLabel: string,
): string {
  const shown = side === 'old' ? block.old : side === 'new' ? block.new : (block.new ?? block.old);
  const classes = ['block', `change-${block.change}`, `kind-${shown?.kind ?? 'paragraph'}`];
  if (block.rewritten) classes.push('rewritten');
  const number =
    side === 'old'
      ? (block.old?.number ?? null)
      : side === 'new'
        ? (block.new?.number ?? null)
        : shownNumber(block);
  const labels = [
    side !== 'old' ? describeMove(block, fromLabel) : null,
    side !== 'old' ? describeSplitOrJoin(block, fromLabel) : null,
    side !== 'old' ? describeKindChange(block) : null,
    block.rewritten ? 'Rewritten' : null,
  ].filter((label): label is string => label !== null);
  const wasNumber = side === 'both' ? previousNumber(block) : null;
  const deletedOnly = block.change === 'deleted';

  let html = `<p class="${classes.join(' ')}" data-change="${block.change}" data-id="${escapeHtml(shown?.id ?? '')}">`;
  if (number !== null) {
    const numberText = escapeHtml(`${number}.`);
    const marked = deletedOnly
      ? `<del>${numberText}</del>`
      : block.change === 'inserted'
        ? `<ins>${numberText}</ins>`
        : numberText;
    html += `<span class="block-number">${marked}</span>`;
  }
  if (wasNumber !== null) html += `<span class="old-number">(was ${escapeHtml(wasNumber)})</span>`;
  for (const label of labels) {
    html += `<span class="label ${labelClass(label)}">${escapeHtml(label)}</span>`;
  }
  // An empty paragraph's white space, struck or underlined, would be a stray line beside its mark.
  const words =
    emptyParagraphMark(block) !== null && calls.length === 0
      ? ''
      : renderPieces(peelEdgeSpaces(placeFootnoteCalls(block.ops, calls, side)), side);
  html += `<span class="block-text">${words}${renderParagraphMark(block, side)}</span></p>`;
  return html;
}

function labelClass(label: string): string {
  if (label === 'Rewritten') return 'rewritten-label';
  if (label.startsWith('Moved')) return 'moved-label';
  if (label.startsWith('Split')) return 'split-label';
  if (label.startsWith('Joined')) return 'join-label';
  return 'kind-label';
}

/**
 * The paragraph mark inserted at the end of a part split off, or deleted at the end of one joined; and
 * that of an empty paragraph inserted or deleted.
 */
function renderParagraphMark(block: BlockDiff, side: RedlineSide): string {
  const mark = changedParagraphMark(block) ?? emptyParagraphMark(block);
  if (mark === 'inserted' && side !== 'old') return `<ins class="paragraph-mark">${PARAGRAPH_MARK}</ins>`;
  if (mark === 'deleted' && side !== 'new') return `<del class="paragraph-mark">${PARAGRAPH_MARK}</del>`;
  return '';
}

function renderPieces(pieces: readonly RedlinePiece[], side: RedlineSide): string {
  return pieces
    .map((piece) => {
      if (piece.type === 'call') return renderCall(piece.call);
      // The space beside a change's words: on its side, unmarked.
      if (piece.plain) return showsOp(piece.op, side) ? escapeHtml(piece.text) : '';
      return renderOps([piece], side);
    })
    .join('');
}

function showsOp(op: DiffOp['op'], side: RedlineSide): boolean {
  return op === 'equal' || (op === 'insert' ? side !== 'old' : side !== 'new');
}

/** A footnote call as the normal HTML export writes it, linked to its entry in the list. */
function renderCall(call: FootnoteCall): string {
  const sup = `<sup class="footnote-ref"><a href="#${footnoteAnchor(call.index)}">${call.number}</a></sup>`;
  if (call.status === 'added') return `<ins>${sup}</ins>`;
  if (call.status === 'removed') return `<del>${sup}</del>`;
  return sup;
}

/** The id of a footnote's entry in the list: its place in the diff, as numbers may repeat there. */
function footnoteAnchor(index: number): string {
  return `redline-fn-${index + 1}`;
}

function renderOps(ops: readonly DiffOp[], side: RedlineSide): string {
  return ops
    .map((op) => {
      if (op.op === 'equal') return escapeHtml(op.text);
      if (op.op === 'insert') return side === 'old' ? '' : `<ins>${escapeHtml(op.text)}</ins>`;
      return side === 'new' ? '' : `<del>${escapeHtml(op.text)}</del>`;
    })
    .join('');
}

function renderMetadata(diff: DocumentDiff): string {
  if (diff.metadata.length === 0) return '';
  const rows = diff.metadata.map((change) => {
    const before = formatMetadataValue(change.old);
    const after = formatMetadataValue(change.new);
    return `<tr data-field="${change.field}"><th scope="row">${escapeHtml(describeMetadataField(change.field))}</th><td>${before === '' ? '' : `<del>${escapeHtml(before)}</del>`}</td><td>${after === '' ? '' : `<ins>${escapeHtml(after)}</ins>`}</td></tr>`;
  });
  return [
    '<section class="redline-metadata">',
    '<h2>Header changes</h2>',
    '<table><thead><tr><th>Field</th><th>Was</th><th>Now</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody></table>`,
    '</section>',
  ].join('\n');
}

function renderFootnotes(diff: DocumentDiff): string {
  if (diff.footnotes.length === 0) return '';
  const citations = citeNewBlocks(diff.blocks);
  const items = diff.footnotes.map((note, index) => renderFootnote(note, index, citations));
  return ['<section class="redline-footnotes">', '<h2>Footnotes</h2>', ...items, '</section>'].join('\n');
}

function renderFootnote(
  note: FootnoteDiff,
  index: number,
  citations: ReadonlyMap<string, BlockCitation>,
): string {
  const number = String(note.new?.number ?? note.old?.number ?? '');
  const numberText = escapeHtml(number);
  const label = describeFootnoteMove(note, note.new ? (citations.get(note.new.blockId) ?? null) : null);
  return `<p class="footnote change-${note.change}" id="${footnoteAnchor(index)}" data-change="${note.change}"><span class="footnote-number">${
    note.change === 'deleted' ? `<del>${numberText}</del>` : numberText
  }</span>${label ? `<span class="label moved-label">${escapeHtml(label)}</span>` : ''}${renderOps(note.ops, 'both')}</p>`;
}

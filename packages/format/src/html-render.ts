/**
 * CouncilDocument → one self-contained HTML page in Council layout (inline CSS, no scripts, no external
 * resources). Every piece of text goes through `escapeHtml`, attributes included. The structure is also
 * what `parseHtml` reads back exactly:
 *
 *   <header class="council-header">   header paragraphs (<strong> for bold runs, <br> between lines)
 *                                      and <hr> rules, as laid out by `layoutHeader`: the Council's
 *                                      name first (<p class="institution">), as the drafting room shows
 *   <p class="numbered"><span class="number">1.</span> …</p>
 *   <p class="paragraph">…</p>   <ul class="bullets"><li>…</li></ul>   <h2 class="heading">…</h2>
 *   <sup class="footnote-ref"><a href="#fn-1" id="fnref-1">1</a></sup>
 *   <section class="footnotes"><ol><li id="fn-1">… <a href="#fnref-1">↩</a></li></ol></section>
 *
 * A block whose spaces HTML would fold (one at an end, a double space) carries
 * `style="white-space: pre-wrap"`, so a browser shows them and `parseHtml` reads them back as typed.
 */
import { type Block, type CouncilDocument, type Footnote, normalizeDocument } from '@accord/model';
import { describeTitleNumber, type HeaderItem, type HeaderLayoutOptions, layoutHeader } from './header';

const STYLE = `
body { margin: 0; background: #f3f3f3; }
.council-document { box-sizing: border-box; max-width: 21cm; margin: 1cm auto; padding: 2.5cm; background: #fff;
  font: 12pt/1.4 "Times New Roman", Times, serif; color: #000; }
.council-header p { margin: 0 0 0.6em; }
.council-header .institution { margin-bottom: 1.2em; }
.council-header .place, .council-header .number, .council-header .draft, .council-header .marking { text-align: right; }
.council-header .number { font-size: 14pt; }
.council-header .type { text-align: center; }
.council-header .labels { display: grid; grid-template-columns: 3cm 1fr; }
.council-header hr, .footnotes hr { border: 0; border-top: 1px solid #000; margin: 0.8em 0; }
.numbered { padding-left: 1cm; text-indent: -1cm; }
.numbered .number { display: inline-block; min-width: 1cm; text-indent: 0; }
.paragraph { padding-left: 1cm; }
.bullets { padding-left: 2cm; list-style-type: "\\2013\\00a0\\00a0"; }
.heading { font-size: 12pt; text-align: center; }
.footnotes { font-size: 10pt; }
.footnotes hr { width: 5cm; }
.footnote-ref a, .footnote-back { text-decoration: none; }
`;

export function renderHtml(doc: CouncilDocument, options: HeaderLayoutOptions = {}): string {
  const { metadata, blocks, footnotes } = normalizeDocument(doc);
  const notesByBlock = new Map<string, Footnote[]>();
  for (const note of footnotes)
    notesByBlock.set(note.blockId, [...(notesByBlock.get(note.blockId) ?? []), note]);

  const header = layoutHeader(metadata, options);
  const body: string[] = [];
  let bullets: string[] = [];
  const flushBullets = () => {
    if (bullets.length > 0) body.push(`<ul class="bullets">\n${bullets.join('\n')}\n</ul>`);
    bullets = [];
  };
  for (const block of blocks) {
    const inline = renderInline(block.text, notesByBlock.get(block.id) ?? []);
    if (block.kind === 'bullet') {
      bullets.push(`<li${keepSpaces(block.text)}>${inline}</li>`);
      continue;
    }
    flushBullets();
    body.push(renderBlock(block, inline));
  }
  flushBullets();

  const title =
    [describeTitleNumber(metadata.number, options), metadata.subject?.split('\n')[0]]
      .filter((t) => t)
      .join(' – ') || 'Council document';
  const lang = metadata.language && /^[a-z]{2,3}$/i.test(metadata.language) ? metadata.language : 'en';
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<article class="council-document">',
    ...(header.length > 0
      ? ['<header class="council-header">', ...header.map(renderHeaderItem), '</header>']
      : []),
    '<main>',
    ...body,
    '</main>',
    ...(footnotes.length > 0 ? [renderFootnotes(footnotes)] : []),
    '</article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderHeaderItem(item: HeaderItem): string {
  if (item.type === 'separator') return '<hr>';
  const lines = item.lines.map((line) => line.filter((run) => run.text !== ''));
  if (item.role !== 'labels') {
    const html = lines.map((line) => line.map((run) => renderRun(run.text, run.bold)).join(''));
    return `<p class="${item.role ?? 'labels'}">${html.join('<br>')}</p>`;
  }
  // One row per label: the label in the first column, its value lines in the second.
  const rows: string[] = [];
  for (const line of lines) {
    const [label, ...value] = line;
    if (label?.bold) {
      const text = value
        .map((run) => run.text)
        .join('')
        .replace(/^ /, '');
      rows.push(
        `<p class="labels"><strong>${escapeHtml(label.text)}</strong> <span>${escapeHtml(text)}</span></p>`,
      );
    } else {
      const html = line.map((run) => renderRun(run.text, run.bold)).join('');
      // A function, not a string: `$&` or `$$` in the text would be read as replacement patterns.
      rows[rows.length - 1] = (rows.at(-1) ?? '<p class="labels"><span></span></p>').replace(
        /<\/span><\/p>$/,
        () => `<br>${html}</span></p>`,
      );
    }
  }
  return rows.join('\n');
}

function renderRun(text: string, bold: boolean): string {
  return bold ? `<strong>${escapeHtml(text)}</strong>` : escapeHtml(text);
}

function renderBlock(block: Block, inline: string): string {
  const style = keepSpaces(block.text);
  switch (block.kind) {
    case 'numbered':
      return `<p class="numbered"${style}><span class="number">${escapeHtml(block.number ?? '')}.</span>${inline}</p>`;
    case 'heading':
      return `<h2 class="heading"${style}>${inline}</h2>`;
    default:
      return `<p class="paragraph"${style}>${inline}</p>`;
  }
}

/** White space HTML folds: at either end of a text, or more than one character of it in a row. */
const FOLDED_SPACE = /^[ \t\n\r\f]|[ \t\n\r\f]$|[ \t\n\r\f]{2}/;

/** The style attribute that keeps a text's spaces as typed, when HTML would fold them. */
function keepSpaces(text: string): string {
  return FOLDED_SPACE.test(text) ? ' style="white-space: pre-wrap"' : '';
}

function renderInline(text: string, notes: readonly Footnote[]): string {
  const sorted = [...notes].sort((a, b) => a.offset - b.offset || a.number - b.number);
  let html = '';
  let at = 0;
  for (const note of sorted) {
    const offset = Math.min(Math.max(note.offset, at), text.length);
    html += escapeHtml(text.slice(at, offset));
    html += `<sup class="footnote-ref"><a href="#fn-${note.number}" id="fnref-${note.number}">${note.number}</a></sup>`;
    at = offset;
  }
  return html + escapeHtml(text.slice(at));
}

function renderFootnotes(footnotes: readonly Footnote[]): string {
  const items = footnotes.map(
    (note) =>
      `<li id="fn-${note.number}">${escapeHtml(note.text)} ` +
      `<a href="#fnref-${note.number}" class="footnote-back" aria-label="Back to the text">↩</a></li>`,
  );
  return [
    '<section class="footnotes" aria-label="Footnotes">',
    '<hr>',
    '<ol>',
    ...items,
    '</ol>',
    '</section>',
  ].join('\n');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text for HTML, in content or a quoted attribute: the five characters that could open markup or end
 * the attribute, as entities.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

import { type Block, type CouncilDocument, EMPTY_METADATA } from '@accord/model';
import { describe, expect, it } from 'vitest';
import { parseHtml } from './html-parse';
import { renderHtml } from './html-render';
import { MAX_HTML_DEPTH } from './limits';
import { parseMarkdown } from './markdown-parse';
import { COUNCIL_9916_17_MD, expectCouncil991617 } from './testing';

function parseMarkdownOk(source: string): CouncilDocument {
  const result = parseMarkdown(source);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function parseHtmlOk(source: string): CouncilDocument {
  const result = parseHtml(source);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const HOSTILE = `<script>alert("x")</script> & 'quotes' <img src=x onerror=alert(1)> [bracket] </p>`;

describe('renderHtml', () => {
  it('writes a complete page in Council layout that reads back to the same document', () => {
    const doc = parseMarkdownOk(COUNCIL_9916_17_MD);
    const html = renderHtml(doc);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<title>9916/17 – Draft Council Conclusions on a Framework');
    expect(html).toContain(
      '<header class="council-header">\n<p class="institution"><strong>COUNCIL OF THE EUROPEAN UNION</strong></p>\n<p class="place">',
    );
    expect(html).toContain('<p class="number"><strong>9916/17</strong></p>');
    expect(html).toContain(
      '<p class="labels"><strong>From:</strong> <span>General Secretariat of the Council</span></p>',
    );
    expect(html).toContain('<p class="numbered"><span class="number">1.</span>The EU recognises');
    expect(html).toContain(
      '<h2 class="heading">The Council of the European Union adopted the following conclusions:</h2>',
    );
    expect(html).toContain('<ul class="bullets">\n<li>serve to protect');
    const back = parseHtmlOk(html);
    expect(back).toEqual(doc);
    expectCouncil991617(back);
  });

  it('lists footnotes in order with links both ways', () => {
    const html = renderHtml(parseMarkdownOk(COUNCIL_9916_17_MD));
    expect(html).toContain(
      'EU Cybersecurity strategy<sup class="footnote-ref"><a href="#fn-3" id="fnref-3">3</a></sup>, in particular',
    );
    expect(html).toContain(
      '<li id="fn-3">12109/13. <a href="#fnref-3" class="footnote-back" aria-label="Back to the text">↩</a></li>',
    );
    const order = [...html.matchAll(/<li id="fn-(\d+)">/g)].map((m) => m[1]);
    expect(order).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('is self-contained: no scripts, no external resources', () => {
    const html = renderHtml(parseMarkdownOk(COUNCIL_9916_17_MD));
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|https?:/i);
  });

  it('escapes every text, in the header, the title, the blocks and the footnotes', () => {
    const blocks: Block[] = (['numbered', 'paragraph', 'bullet', 'heading'] as const).map((kind, i) => ({
      id: `b${i + 1}`,
      kind,
      number: null,
      text: `${kind} ${HOSTILE}`,
    }));
    const doc: CouncilDocument = {
      metadata: { ...EMPTY_METADATA, number: '1/24', subject: HOSTILE, from: HOSTILE, codes: [] },
      blocks,
      footnotes: [{ id: 'fn1', number: 1, blockId: 'b2', offset: 3, text: HOSTILE }],
    };
    const html = renderHtml(doc);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    const back = parseHtmlOk(html);
    expect(back.metadata).toEqual(doc.metadata);
    expect(back.blocks.map((b) => b.text)).toEqual(blocks.map((b) => b.text));
    expect(back.footnotes).toEqual([{ id: 'fn1', number: 1, blockId: 'b2', offset: 3, text: HOSTILE }]);
  });

  it.each(['Budget\nUSD 5$$ and $& and $` here', 'Line one\n$`'])(
    'keeps a header line continued with %j as written',
    (subject) => {
      const doc: CouncilDocument = {
        metadata: { ...EMPTY_METADATA, number: '9916/17', subject },
        blocks: [{ id: 'b1', kind: 'numbered', number: '1', text: 'Text.' }],
        footnotes: [],
      };
      expect(parseHtmlOk(renderHtml(doc)).metadata.subject).toBe(subject);
    },
  );
});

describe('renderHtml and parseHtml on spaces and empty blocks', () => {
  const blocks: Block[] = [
    { id: 'a', kind: 'numbered', number: '1', text: 'The Council adopts. ' },
    { id: 'b', kind: 'paragraph', number: null, text: ' It notes  the progress.' },
    { id: 'c', kind: 'numbered', number: '2', text: '' },
    { id: 'd', kind: 'paragraph', number: null, text: '' },
    { id: 'e', kind: 'heading', number: null, text: '' },
    { id: 'f', kind: 'bullet', number: null, text: '  an indent' },
    { id: 'g', kind: 'paragraph', number: null, text: 'Plain.' },
  ];

  it('keeps the spaces HTML would fold with white-space: pre-wrap, and only there', () => {
    const html = renderHtml({ metadata: EMPTY_METADATA, blocks, footnotes: [] });
    expect(html).toContain(
      '<p class="numbered" style="white-space: pre-wrap"><span class="number">1.</span>',
    );
    expect(html).toContain('<li style="white-space: pre-wrap">  an indent</li>');
    expect(html).toContain('<p class="paragraph">Plain.</p>');
  });

  it('reads every block back as it was, an empty paragraph and heading included', () => {
    const back = parseHtmlOk(renderHtml({ metadata: EMPTY_METADATA, blocks, footnotes: [] }));
    expect(back.blocks.map((b) => [b.kind, b.number, b.text])).toEqual(
      blocks.map((b) => [b.kind, b.number, b.text]),
    );
  });

  it.each<[string, string, [string, string][]]>([
    [
      'folds spaces and leaves empty paragraphs out without a white-space style',
      '<p> The Council  adopts. </p><p></p><h2></h2><p>&#32;</p><p>It recalls.</p>',
      [
        ['paragraph', 'The Council adopts.'],
        ['paragraph', 'It recalls.'],
      ],
    ],
    [
      'keeps them under a pre-wrap set around the paragraph, a line break read as a space',
      '<div style="color: red; white-space:pre-wrap"><p> The  Council\nadopts. </p></div><p>It  recalls.</p>',
      [
        ['paragraph', ' The  Council adopts. '],
        ['paragraph', 'It recalls.'],
      ],
    ],
    [
      'folds them where a nearer style sets white-space back to normal',
      '<div style="white-space: pre-wrap"><p style="white-space: normal"> The  Council </p></div>',
      [['paragraph', 'The Council']],
    ],
  ])('%s', (_what, html, expected) => {
    expect(parseHtmlOk(html).blocks.map((b) => [b.kind, b.text])).toEqual(expected);
  });
});

describe('parseHtml on other HTML', () => {
  it('reads each line of preformatted text as a paragraph, as it shows, typed numbers and indents included', () => {
    const doc = parseHtmlOk(
      '<pre>\n1.  The Council recalls its conclusions.\n2.  It stresses <b>the need</b><br>- to act\r\n\nThe EU   adopts.\n</pre><p>After.</p>',
    );
    expect(doc.blocks.map((b) => [b.kind, b.number, b.text])).toEqual([
      ['numbered', '1', 'The Council recalls its conclusions.'],
      ['numbered', '2', 'It stresses the need'],
      ['bullet', null, 'to act'],
      ['paragraph', null, 'The EU adopts.'],
      ['paragraph', null, 'After.'],
    ]);
  });

  it('keeps a footnote call in preformatted text', () => {
    const doc = parseHtmlOk(
      '<pre>The EU recalls<sup><a href="#fn1">1</a></sup>.\nIt acts.</pre><p id="fn1">12109/13.</p>',
    );
    expect(doc.blocks.map((b) => b.text)).toEqual(['The EU recalls.', 'It acts.']);
    expect(doc.footnotes.map((f) => [f.text, f.offset])).toEqual([['12109/13.', 14]]);
  });

  it('reads headings, ordered and bulleted lists, bold paragraphs and loose text', () => {
    const doc = parseHtmlOk(`<html><body>
      <h1>Annex</h1>
      <ol start="3"><li>Third.</li><li>Fourth <em>point</em>.</li></ol>
      <p><b>Bold throughout</b></p>
      <ul><li>one</li><li>two</li></ul>
      <div>Loose text in a div.</div>
      <table><tr><td>In a cell.</td></tr></table>
      <script>ignored()</script>
    </body></html>`);
    expect(doc.blocks.map((b) => [b.kind, b.number, b.text])).toEqual([
      ['heading', null, 'Annex'],
      ['numbered', '3', 'Third.'],
      ['numbered', '4', 'Fourth point.'],
      ['heading', null, 'Bold throughout'],
      ['bullet', null, 'one'],
      ['bullet', null, 'two'],
      ['paragraph', null, 'Loose text in a div.'],
      ['paragraph', null, 'In a cell.'],
    ]);
    expect(doc.blocks[1]?.start).toBe(3);
  });

  // Word's "Save as Web Page": the call and the link back look alike, both marked as footnote references.
  const wordCall = (n: number) =>
    `<a style='mso-footnote-id:ftn${n}' href="#_ftn${n}" name="_ftnref${n}" title=""><span class=MsoFootnoteReference>` +
    `<span style='mso-special-character:footnote'><![if !supportFootnotes]><span class=MsoFootnoteReference>[${n}]</span>` +
    '<![endif]></span></span></a>';
  const wordNote = (n: number, ...paragraphs: string[]) =>
    `<div style='mso-element:footnote' id=ftn${n}>` +
    paragraphs
      .map(
        (text, i) =>
          '<p class=MsoFootnoteText>' +
          (i > 0
            ? ''
            : `<a style='mso-footnote-id:ftn${n}' href="#_ftnref${n}" name="_ftn${n}" title=""><span class=MsoFootnoteReference>` +
              `<span style='mso-special-character:footnote'><![if !supportFootnotes]><span class=MsoFootnoteReference>[${n}]</span>` +
              '<![endif]></span></span></a>') +
          ` ${text}</p>`,
      )
      .join('') +
    '</div>';
  const wordNotes = (...notes: string[]) =>
    "<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all>" +
    `<hr align=left size=1 width="33%"><![endif]>${notes.join('')}</div>`;

  it.each<[string, string, string[], { blockId: string; offset: number; text: string }[]]>([
    [
      "Word's own HTML, footnotes after the text",
      `<p class=MsoNormal>A paper${wordCall(1)}.</p><p class=MsoNormal>Agreed${wordCall(2)} on 6 June.</p>` +
        wordNotes(wordNote(1, 'WK 2569/2017 INIT.'), wordNote(2, 'WK 6162/2017 REV 1')),
      ['A paper.', 'Agreed on 6 June.'],
      [
        { blockId: 'b1', offset: 7, text: 'WK 2569/2017 INIT.' },
        { blockId: 'b2', offset: 6, text: 'WK 6162/2017 REV 1' },
      ],
    ],
    [
      "Word's own HTML, a footnote of two paragraphs",
      `<p class=MsoNormal>Conclusions${wordCall(1)}.</p>${wordNotes(wordNote(1, '12109/13.', 'See also 5797/12.'))}`,
      ['Conclusions.'],
      [{ blockId: 'b1', offset: 11, text: '12109/13. See also 5797/12.' }],
    ],
    [
      "Word's own HTML, a paragraph padded with no-break spaces around its call",
      `<p class=MsoNormal>&nbsp;&nbsp;Conclusions${wordCall(1)}&nbsp;</p>${wordNotes(wordNote(1, '12109/13.'))}`,
      ['Conclusions'],
      [{ blockId: 'b1', offset: 11, text: '12109/13.' }],
    ],
    [
      'a <sup> call to an <a name> anchor, which opens the footnote paragraph',
      '<p>A paper<sup><a href="#_ftn1" name="_ftnref1">[1]</a></sup>.</p>' +
        '<hr><div id="ftn1"><p><a href="#_ftnref1" name="_ftn1">[1]</a> WK 2569/2017 INIT.</p></div>',
      ['A paper.'],
      [{ blockId: 'b1', offset: 7, text: 'WK 2569/2017 INIT.' }],
    ],
    [
      "mammoth's HTML: a <sup> call to a list item's id",
      '<p>Cited<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup> here.</p>' +
        '<ol><li id="footnote-1"><p> WK 2569/2017 INIT. <a href="#footnote-ref-1">↑</a></p></li></ol>',
      ['Cited here.'],
      [{ blockId: 'b1', offset: 5, text: 'WK 2569/2017 INIT.' }],
    ],
    [
      'links within the page that cite no footnote',
      '<p>See <a href="#annex">the annex</a>, point<sup><a href="#p2">2</a></sup> <a name="p2"></a>here.</p>' +
        '<p id="annex">Annex text.</p>',
      ['See the annex, point2 here.', 'Annex text.'],
      [],
    ],
  ])('reads footnotes from %s', (_what, html, texts, footnotes) => {
    const doc = parseHtmlOk(html);
    expect(doc.blocks.map((b) => b.text)).toEqual(texts);
    expect(doc.footnotes.map(({ blockId, offset, text }) => ({ blockId, offset, text }))).toEqual(footnotes);
  });

  it.each([
    ['an empty file', ''],
    ['a page without text', '<html><head><title>t</title></head><body><script>x()</script></body></html>'],
  ])('refuses %s', (_what, source) => {
    expect(parseHtml(source)).toMatchObject({ ok: false, error: { code: 'empty' } });
  });
});

describe('parseHtml on a page saved from Word with tracked changes', () => {
  it.each([
    [
      'marked by author and time',
      '<p class=MsoNormal>The Council <del cite="mailto:FR" datetime="2017-06-07T10:00"><span lang=EN-GB>welcomes</span></del><ins cite="mailto:FR" datetime="2017-06-07T10:00"><span lang=EN-GB>takes note of</span></ins> the report.</p>',
      2,
    ],
    [
      "in Word's msoIns and msoDel spans",
      '<p class=MsoNormal>The Council <span class=msoDel><del cite="mailto:FR" datetime="2017-06-07T10:00">welcomes</del></span><span class=msoIns><ins>takes note of</ins></span> the report.</p>',
      2,
    ],
  ])('refuses one %s, counting the changes, instead of reading both texts', (_what, body, count) => {
    expect(parseHtml(`<html><body>${body}</body></html>`)).toEqual({
      ok: false,
      error: {
        code: 'tracked-changes',
        message: `the page saved from Word has ${count} tracked changes not yet accepted or rejected: accept or reject them in Word (Review, Accept or Reject) and upload it again`,
      },
    });
  });

  it("reads a page's own <ins>, <del> and strikethrough as text", () => {
    const doc = parseHtmlOk(
      '<p>1. The Council <del>welcomes</del> <ins>takes note of</ins> the <s>old</s> report.</p>',
    );
    expect(doc.blocks.map((b) => b.text)).toEqual(['The Council welcomes takes note of the old report.']);
  });
});

describe('parseHtml on a page saved from Word with comments', () => {
  it('reads neither the comment nor its "[DE1]" anchor as text of the document', () => {
    const doc = parseHtmlOk(`<div class=WordSection1>
<p class=MsoNormal>1. The Council recalls its conclusions.<a class=msocomanchor id="_anchor_1" href="#_msocom_1" language=JavaScript name="_msoanchor_1">[DE1]</a><span class=MsoCommentReference><span style='font-size:8.0pt'>&nbsp;</span></span></p>
<p class=MsoNormal>2. The EU stands ready.</p>
</div>
<div style='mso-element:comment-list'><![if !supportAnnotations]><hr class=msocomoff align=left size=1 width="33%"><![endif]>
<div style='mso-element:comment'><![if !supportAnnotations]><div id="_com_1" class=msocomtxt language=JavaScript><![endif]>
<div><p class=MsoCommentText><span class=MsoCommentReference><a name="_msocom_1"></a></span><span style='font-size:8.0pt'><span style='mso-special-character:comment'>&nbsp;</span></span>Germany would delete this paragraph.</p></div>
<![if !supportAnnotations]></div><![endif]></div>
</div>`);
    // The anchor read as text was a square-bracketed span: the paragraph could never be agreed.
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['numbered', 'The Council recalls its conclusions.'],
      ['numbered', 'The EU stands ready.'],
    ]);
  });
});

describe('parseHtml on numbers typed as text', () => {
  it.each<[string, string, [string, string | null, string][]]>([
    [
      'numbers and a space or a tab',
      '<p>1. First point.</p><p>2.\tSecond point.</p><p>Follow-on.</p><p>3) Third point.</p>',
      [
        ['numbered', '1', 'First point.'],
        ['numbered', '2', 'Second point.'],
        ['paragraph', null, 'Follow-on.'],
        ['numbered', '3', 'Third point.'],
      ],
    ],
    [
      "Word's no-break spaces",
      '<p class=MsoNormal>1.&nbsp;&nbsp;&nbsp; First point.</p><p class=MsoNormal><span>2.</span>&nbsp;Second.</p>',
      [
        ['numbered', '1', 'First point.'],
        ['numbered', '2', 'Second.'],
      ],
    ],
    [
      "Word's spacing paragraphs (a no-break space alone) and a title with one after it",
      '<p class=MsoNormal><b>DRAFT CONCLUSIONS</b>&nbsp;</p><p class=MsoNormal>&nbsp;</p>' +
        '<p class=MsoNormal>1.&nbsp;First.</p><p class=MsoNormal><o:p>&nbsp;</o:p></p>' +
        '<p class=MsoNormal>2.&nbsp;Second.</p><p class="paragraph">&nbsp;</p>',
      [
        ['heading', null, 'DRAFT CONCLUSIONS'],
        ['numbered', '1', 'First.'],
        ['numbered', '2', 'Second.'],
        // Our own export's paragraph of a no-break space is a paragraph a user typed so: kept.
        ['paragraph', null, '\u00a0'],
      ],
    ],
    [
      'a restart',
      '<p>1. First.</p><p>2. Second.</p><h1>ANNEX</h1><p>1. Annex first.</p>',
      [
        ['numbered', '1', 'First.'],
        ['numbered', '2', 'Second.'],
        ['heading', null, 'ANNEX'],
        ['numbered', '1', 'Annex first.'],
      ],
    ],
    [
      'figures that are no numbers, and typed numbers where the markup says otherwise',
      '<p>27 Member States agree.</p><p>2.5 million.</p><h2>1. Scope</h2><ul><li>1. item</li></ul>' +
        '<p class="paragraph">4. Our own export: a paragraph.</p>',
      [
        ['paragraph', null, '27 Member States agree.'],
        ['paragraph', null, '2.5 million.'],
        ['heading', null, '1. Scope'],
        ['bullet', null, '1. item'],
        ['paragraph', null, '4. Our own export: a paragraph.'],
      ],
    ],
  ])('reads %s', (_what, html, blocks) => {
    expect(parseHtmlOk(html).blocks.map((b) => [b.kind, b.number, b.text])).toEqual(blocks);
  });
});

describe('parseHtml on indents typed as text', () => {
  it.each<[string, string, [string, string | null, string][]]>([
    [
      'dashes and bullets followed by a space or a tab',
      '<p>4. The EU affirms:</p><p>- serve to protect,</p><p>–\ttake into account,</p>' +
        '<p>• respect the law.</p><p><b>– inserted in a revision, bold throughout,</b></p><p>The EU recalls.</p>',
      [
        ['numbered', '4', 'The EU affirms:'],
        ['bullet', null, 'serve to protect,'],
        ['bullet', null, 'take into account,'],
        ['bullet', null, 'respect the law.'],
        ['bullet', null, 'inserted in a revision, bold throughout,'],
        ['paragraph', null, 'The EU recalls.'],
      ],
    ],
    [
      "Word's no-break spaces and its list marker span",
      '<p class=MsoNormal>–&nbsp;&nbsp;&nbsp; serve to protect,</p>' +
        "<p class=MsoListParagraph><span style='mso-list:Ignore'>-<span>&nbsp;&nbsp;</span></span>take into account,</p>" +
        "<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'>" +
        "<span style='mso-list:Ignore'>·<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp; </span></span></span>" +
        '<![endif]>respect the law.</p>',
      [
        ['bullet', null, 'serve to protect,'],
        ['bullet', null, 'take into account,'],
        ['bullet', null, 'respect the law.'],
      ],
    ],
    [
      'dashes that mark no indent, and dashes where the markup says otherwise',
      '<p>-5 % compared with 2016.</p><p>−5 % with a minus sign.</p><p>—&nbsp;We agree, said the Presidency.</p>' +
        '<p>Cyber-related activities – and others.</p><p>(a) a lettered point.</p><h2>– Annex</h2>' +
        '<ul><li>- an item</li></ul><p class="paragraph">– Our own export: a paragraph.</p>',
      [
        ['paragraph', null, '-5 % compared with 2016.'],
        ['paragraph', null, '−5 % with a minus sign.'],
        ['paragraph', null, '—\u00a0We agree, said the Presidency.'],
        ['paragraph', null, 'Cyber-related activities – and others.'],
        ['paragraph', null, '(a) a lettered point.'],
        ['heading', null, '– Annex'],
        ['bullet', null, '- an item'],
        ['paragraph', null, '– Our own export: a paragraph.'],
      ],
    ],
  ])('reads %s', (_what, html, blocks) => {
    expect(parseHtmlOk(html).blocks.map((b) => [b.kind, b.number, b.text])).toEqual(blocks);
  });

  it("reads back our export's paragraphs and bullets that open with a dash as they were", () => {
    const blocks: Block[] = [
      { id: 'a', kind: 'paragraph', number: null, text: '– a paragraph that opens with a dash.' },
      { id: 'b', kind: 'bullet', number: null, text: '- a bullet that opens with a hyphen,' },
      { id: 'c', kind: 'heading', number: null, text: '• A heading' },
    ];
    const doc: CouncilDocument = { metadata: EMPTY_METADATA, blocks, footnotes: [] };
    const read = parseHtmlOk(renderHtml(doc));
    expect(read.blocks.map((b) => [b.kind, b.text])).toEqual(blocks.map((b) => [b.kind, b.text]));
  });
});

describe('parseHtml on a header laid out as a table', () => {
  const number = '<p class=MsoNormal><b>9916/17</b></p>';
  const point = '<p>The Council adopts.</p>';

  it.each<[string, string, Partial<CouncilDocument['metadata']>, [string, string][]]>([
    [
      'rows of a bold label cell and a value cell',
      `${number}<table><tr><td><b>From:</b></td><td>General Secretariat of the Council</td></tr>
       <tr><td><b>To:</b></td><td>Permanent Representatives Committee/Council</td></tr>
       <tr><td><b>No. prev. doc.:</b></td><td>7923/2/17 REV 2</td></tr>
       <tr><td><b>Subject:</b></td><td>Draft Council Conclusions<br>- Adoption</td></tr></table>${point}`,
      {
        number: '9916/17',
        from: 'General Secretariat of the Council',
        to: 'Permanent Representatives Committee/Council',
        previous: ['7923/2/17 REV 2'],
        subject: 'Draft Council Conclusions\n- Adoption',
      },
      [['paragraph', 'The Council adopts.']],
    ],
    [
      "Word's markup: paragraphs in the cells, a tbody, plain labels, a value over two paragraphs",
      `${number}<table class=MsoNormalTable>
        <tbody>
         <tr>
          <td width=120 valign=top><p class=MsoNormal>From:</p></td>
          <td><p class=MsoNormal>GSC</p></td>
         </tr>
         <tr>
          <th><p class=MsoNormal><b>Subject:</b></p></th>
          <td><p class=MsoNormal>Cyber diplomacy</p>
           <p class=MsoNormal>- Adoption</p></td>
         </tr>
        </tbody>
       </table>${point}`,
      { number: '9916/17', from: 'GSC', subject: 'Cyber diplomacy\n- Adoption' },
      [['paragraph', 'The Council adopts.']],
    ],
    [
      'a label table in the body, which stays body',
      `${number}<p><b>Subject:</b> Cyber</p>${point}<table><tr><td><b>To:</b></td><td>Delegations</td></tr></table>`,
      { number: '9916/17', subject: 'Cyber' },
      [
        ['paragraph', 'The Council adopts.'],
        ['heading', 'To:'],
        ['paragraph', 'Delegations'],
      ],
    ],
  ])('reads %s', (_what, html, metadata, blocks) => {
    const doc = parseHtmlOk(html);
    expect(doc.metadata).toEqual({ ...EMPTY_METADATA, ...metadata });
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual(blocks);
  });
});

describe('parseHtml and deep nesting', () => {
  const nested = (depth: number, tag = 'div') => `${`<${tag}>`.repeat(depth)}x${`</${tag}>`.repeat(depth)}`;

  it.each([
    ['3,000 nested divs', nested(3000)],
    ['200,000 nested divs', nested(200_000)],
    ['bold tags that are never closed', `<p>${'<b>'.repeat(5000)}x</p>`],
    ['elements one deeper than the limit', nested(MAX_HTML_DEPTH + 1)],
  ])('refuses %s as too complex', (_, html) => {
    expect(parseHtml(html)).toMatchObject({ ok: false, error: { code: 'too-complex', line: 1 } });
  });

  it('says on which line the nesting goes too deep', () => {
    const html = `<p>intro</p>\n<section>\n${'<div>\n'.repeat(MAX_HTML_DEPTH)}x`;
    expect(parseHtml(html)).toMatchObject({
      ok: false,
      error: { code: 'too-complex', line: MAX_HTML_DEPTH + 2 },
    });
  });

  it('reads elements nested as deep as the limit allows', () => {
    const result = parseHtml(`<html><body>${nested(MAX_HTML_DEPTH - 2)}</body></html>`);
    expect(result.ok && result.value.blocks.map((b) => b.text)).toEqual(['x']);
  });

  it('does not count paragraphs that close each other as nested', () => {
    const result = parseHtml('<p>a'.repeat(5000));
    expect(result.ok && result.value.blocks).toHaveLength(5000);
  });
});

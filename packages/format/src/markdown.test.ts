import { type Block, type CouncilDocument, EMPTY_METADATA, type Footnote } from '@accord/model';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_BYTES } from './limits';
import { parseMarkdown } from './markdown-parse';
import { renderMarkdown } from './markdown-render';
import { COUNCIL_9916_17_MD, expectCouncil991617, splitFixtureSentences, withSequentialIds } from './testing';

function parseOk(source: string): CouncilDocument {
  const result = parseMarkdown(source);
  if (!result.ok) throw new Error(`expected a document, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const block = (kind: Block['kind'], text: string, extra: Partial<Block> = {}): Block => ({
  id: '',
  kind,
  number: null,
  text,
  ...extra,
});

function documentOf(blocks: Block[], footnotes: Omit<Footnote, 'number'>[] = []): CouncilDocument {
  const withIds = blocks.map((b, i) => ({ ...b, id: `x${i}` }));
  return {
    metadata: EMPTY_METADATA,
    blocks: withIds,
    footnotes: footnotes.map((f) => ({ ...f, number: 0 })),
  };
}

describe('parseMarkdown on note 9916/17', () => {
  it('reads the header, the numbered points, headings, bullets and footnotes the issue lists', () => {
    expectCouncil991617(parseOk(COUNCIL_9916_17_MD));
  });

  it('finds the fixture prose in enough sentences for the sentence check to mean something', () => {
    const sentences = splitFixtureSentences(COUNCIL_9916_17_MD);
    expect(sentences.length).toBeGreaterThanOrEqual(40);
    expect(sentences).toContain('12109/13.');
    expect(sentences).toContain(
      'The EU and its Member States take note of the ongoing work of the United Nations Groups of Governmental Experts on Developments (UN GGE) in the Field of Information and Telecommunications in the context of international security, building on the 2010, 2013 and 2015 reports, and are encouraged to strongly uphold the consensus that existing international law is applicable to cyberspace.',
    );
  });

  it('reads the same document from Windows line endings and a byte order mark', () => {
    const windows = `\uFEFF${COUNCIL_9916_17_MD.replace(/\n/g, '\r\n')}`;
    expect(parseOk(windows)).toEqual(parseOk(COUNCIL_9916_17_MD));
  });

  it('reads a LIMITE marking under the number', () => {
    const limited = COUNCIL_9916_17_MD.replace('**9916/17**', '**9916/17**\n\n**LIMITE**');
    expect(parseOk(limited).metadata.marking).toBe('LIMITE');
  });

  it('gives blocks and footnotes ids from newId, in document order', () => {
    let n = 0;
    const result = parseMarkdown(COUNCIL_9916_17_MD, { newId: () => `id-${++n}` });
    if (!result.ok) throw new Error('parse failed');
    expect(result.value.blocks[0]?.id).toBe('id-1');
    expect(result.value.footnotes[0]).toMatchObject({ id: 'id-2', blockId: 'id-1' });
    const ids = [...result.value.blocks.map((b) => b.id), ...result.value.footnotes.map((f) => f.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('renders the fixture back in its own form', () => {
    const written = renderMarkdown(parseOk(COUNCIL_9916_17_MD));
    expect(written).toMatch(
      /^\*\*COUNCIL OF THE EUROPEAN UNION\*\*\n\n\*\*Brussels, 7 June 2017 {2}\n\(OR\. en\)\*\*/,
    );
    expect(written).toContain('**CYBER 91  \nRELEX 482  \nPOLMIL 58  \nCFSP/PESC 476**');
    expect(written).toContain(
      '**From:** General Secretariat of the Council  \n**To:** Permanent Representatives',
    );
    expect(written).toContain('("Cyber Diplomacy Toolbox")  \n- Adoption\n\n---');
    expect(written).toContain('EU Cybersecurity strategy<sup>3</sup>, in particular');
    expect(written).toContain('\n\n---\n\n<sup>3</sup> 12109/13.\n\n<sup>4</sup> 6122/15.\n\n');
    expect(written).toContain('\n\n1. The EU recognises that cyberspace');
    expect(written).toContain('principles:\n\n- serve to protect the integrity');
    expect(written).toContain('citizens,\n- take into account');
  });

  it("reads the Council's name opening a file as the header's, not as a heading of the text", () => {
    const named = parseOk(`**COUNCIL OF THE EUROPEAN UNION**\n\n${COUNCIL_9916_17_MD}`);
    expect(named).toEqual(parseOk(COUNCIL_9916_17_MD));
  });

  it('reads its own rendering back to the same document (stable round trip)', () => {
    const once = parseOk(COUNCIL_9916_17_MD);
    const twice = parseOk(renderMarkdown(once));
    expect(twice).toEqual(once);
    expect(renderMarkdown(twice)).toBe(renderMarkdown(once));
  });
});

describe('parseMarkdown', () => {
  it.each([
    ['a hard line break inside a paragraph', 'One line  \nand the next.', 'One line and the next.'],
    ['a soft line break', 'One line\nand the next.', 'One line and the next.'],
    ['square brackets', '[The Council] agrees [to adopt].', '[The Council] agrees [to adopt].'],
    ['a link, kept as written', 'See [the text](https://example.eu).', 'See [the text](https://example.eu).'],
    ['inline code', 'Use `x` here.', 'Use x here.'],
    ['emphasis', 'A *very* important _point_.', 'A very important point.'],
    ['inline HTML that is not a footnote', 'A <b>bold</b> claim.', 'A <b>bold</b> claim.'],
    ['runs of spaces, which CommonMark keeps', 'Too   many    spaces.', 'Too   many    spaces.'],
    ['a line break after spaces', 'One line   \n  and the next.', 'One line and the next.'],
    ['spaces at a paragraph’s ends, which CommonMark strips', '   Indented. \t ', 'Indented.'],
    ['spaces written as references at its ends', '&#x20;Both ends.&#x20;&#x20;', ' Both ends.  '],
  ])('keeps the words of %s', (_what, source, text) => {
    expect(parseOk(source).blocks).toEqual([{ id: 'b1', kind: 'paragraph', number: null, text }]);
  });

  it('reads numbers as written and records a restart where they do not follow on', () => {
    const doc = parseOk('1. one\n\n2. two\n\n**Annex**\n\n1. again\n\n7. seven\n\n8. eight');
    expect(doc.blocks.map((b) => [b.number, b.start])).toEqual([
      ['1', undefined],
      ['2', undefined],
      [null, undefined],
      ['1', 1],
      ['7', 7],
      ['8', undefined],
    ]);
  });

  it('reads an ATX heading, a bold paragraph and a bullet list', () => {
    const doc = parseOk('# Title\n\n**Bold line**\n\n- a\n- b\n\nplain');
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['heading', 'Title'],
      ['heading', 'Bold line'],
      ['bullet', 'a'],
      ['bullet', 'b'],
      ['paragraph', 'plain'],
    ]);
  });

  it('does not take a paragraph with only some bold words for a heading', () => {
    expect(parseOk('**Note:** the text.').blocks[0]?.kind).toBe('paragraph');
  });

  it('attaches a footnote defined after a page break far from where it is cited', () => {
    const doc = parseOk(
      '1. First<sup>1</sup> point.\n\n2. Second point.\n\n---\n\n<sup>1</sup> 12109/13.\n\nFollow-on.',
    );
    expect(doc.blocks.map((b) => b.text)).toEqual(['First point.', 'Second point.', 'Follow-on.']);
    expect(doc.footnotes).toEqual([{ id: 'fn1', number: 1, blockId: 'b1', offset: 5, text: '12109/13.' }]);
  });

  it('numbers footnotes by where they are cited, whatever the source numbers them', () => {
    const doc = parseOk('A<sup>7</sup> and B<sup>3</sup>.\n\n<sup>3</sup> three\n\n<sup>7</sup> seven');
    expect(doc.footnotes.map((f) => [f.number, f.text, f.offset])).toEqual([
      [1, 'seven', 1],
      [2, 'three', 7],
    ]);
  });

  it('keeps a footnote mark at the start of a paragraph as a citation when nothing awaits that definition', () => {
    const doc = parseOk('<sup>1</sup>Cited first.\n\n---\n\n<sup>1</sup> The note.');
    expect(doc.blocks.map((b) => b.text)).toEqual(['Cited first.']);
    expect(doc.footnotes).toMatchObject([{ offset: 0, text: 'The note.' }]);
  });

  it('skips thematic breaks and HTML comments, which carry no words', () => {
    expect(parseOk('a\n\n---\n\n<!-- note to self -->\n\n***\n\nb').blocks.map((b) => b.text)).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('parseMarkdown errors', () => {
  const source = (lines: string[]) => lines.join('\n');
  it.each([
    [
      'a footnote cited but never defined',
      source(['1. Point<sup>1</sup>.', '', '---', '', '<sup>1</sup> One.', '', '2. Point<sup>7</sup>.']),
      { code: 'unknown-footnote', line: 7, message: 'footnote 7 is cited but never defined' },
    ],
    [
      'a footnote defined twice',
      source([
        'Point<sup>1</sup>.',
        '',
        '<sup>1</sup> One.',
        '',
        'More<sup>2</sup>.',
        '',
        '<sup>2</sup> Two.',
        '',
        '<sup>2</sup> Again.',
      ]),
      { code: 'duplicate-footnote', line: 9, message: 'footnote 2 is defined twice (first on line 7)' },
    ],
    [
      'a footnote cited twice',
      source(['Point<sup>1</sup>.', '', 'Again<sup>1</sup>.', '', '<sup>1</sup> One.']),
      { code: 'duplicate-footnote', line: 3, message: 'footnote 1 is cited twice (first on line 1)' },
    ],
    [
      'a footnote defined before it is cited',
      source(['---', '', '<sup>1</sup> One.', '', 'Point<sup>1</sup>.']),
      { code: 'uncited-footnote', line: 3, message: 'footnote 1 is defined before it is cited (on line 5)' },
    ],
    ['an empty file', '', { code: 'empty', message: 'the file is empty' }],
    ['a file of blank lines', '\n  \n\t\n', { code: 'empty', message: 'the file is empty' }],
    [
      'a NUL byte',
      'text\n\u0000more',
      { code: 'binary', line: 2, message: 'the file is not text (it contains a NUL byte)' },
    ],
  ])('reports %s with its line', (_what, input, expected) => {
    const result = parseMarkdown(input);
    expect(result).toEqual({ ok: false, error: expected });
  });

  it('refuses a string over the size limit without parsing it', () => {
    const result = parseMarkdown('a'.repeat(MAX_TEXT_BYTES + 1));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('too-large');
  });
});

describe('renderMarkdown', () => {
  it.each([
    ['asterisks', 'a *b* c **d**'],
    ['underscores', '_a_ __b__ snake_case'],
    ['a link', '[x](y) and ![i](z)'],
    ['a reference definition', '[1]: http://x'],
    ['angle brackets', '<b>not bold</b> <sup>1</sup> a < b > c'],
    ['a leading number', '1. not a list'],
    ['a leading parenthesised number', '2) nor this'],
    ['a leading dash', '- not a bullet'],
    ['a leading hash', '# not a heading'],
    ['a leading plus', '+ plus'],
    ['a leading quote', '> not a quote'],
    ['a rule', '---'],
    ['backticks', '`code` and ``more``'],
    ['backslashes', 'a\\b \\[c\\]'],
    ['entities', '&amp; &lt; &#123;'],
    ['square brackets', '[The Council] [agrees]'],
    ['brackets next to parentheses', '[option A](or B)'],
    ['pipes and tildes', '| a | ~~b~~'],
  ])('writes %s so they survive in every kind of block', (_what, text) => {
    const doc = documentOf([
      block('numbered', text),
      block('paragraph', text),
      block('bullet', text),
      block('heading', text),
    ]);
    const back = parseOk(renderMarkdown(doc));
    expect(back.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['numbered', text],
      ['paragraph', text],
      ['bullet', text],
      ['heading', text],
    ]);
  });

  it('leaves negotiation brackets unescaped where Markdown reads them as text', () => {
    const written = renderMarkdown(documentOf([block('paragraph', 'The EU [strongly] condemns [X].')]));
    expect(written).toBe('The EU [strongly] condemns [X].\n');
  });

  it('writes a restart as the number it restarts at', () => {
    const written = renderMarkdown(
      documentOf([block('numbered', 'a'), block('heading', 'Annex'), block('numbered', 'b', { start: 1 })]),
    );
    expect(written).toBe('1. a\n\n**Annex**\n\n1. b\n');
  });

  it('puts each footnote right after the block that cites it, in a page-footer section', () => {
    const doc = documentOf(
      [block('paragraph', 'Cited here.'), block('paragraph', 'Next.')],
      [{ id: 'f', blockId: 'x0', offset: 10, text: 'The note.' }],
    );
    expect(renderMarkdown(doc)).toBe('Cited here<sup>1</sup>.\n\n---\n\n<sup>1</sup> The note.\n\nNext.\n');
  });

  it('keeps a heading that looks like a header line a heading when there is no header', () => {
    const doc = documentOf([block('heading', '9916/17'), block('paragraph', 'Text.')]);
    const back = parseOk(renderMarkdown(doc));
    expect(back.metadata).toEqual(EMPTY_METADATA);
    expect(withSequentialIds(back).blocks.map((b) => [b.kind, b.text])).toEqual([
      ['heading', '9916/17'],
      ['paragraph', 'Text.'],
    ]);
  });

  it('writes an empty document as an empty file', () => {
    expect(renderMarkdown(documentOf([]))).toBe('');
  });

  it('writes spaces as typed and empty blocks so they read back, an empty paragraph included', () => {
    const doc = documentOf([
      block('numbered', 'The Council adopts. '),
      block('paragraph', ' It notes  the progress.'),
      block('bullet', '  an indent'),
      block('heading', 'ANNEX '),
      block('numbered', ''),
      block('bullet', ''),
      block('heading', ''),
      block('paragraph', ''),
      block('numbered', 'It ends.'),
      block('paragraph', ''),
    ]);
    const written = renderMarkdown(doc);
    // Blank lines only separate blocks: an empty paragraph is HTML's, which any Markdown reader shows.
    expect(written).toBe(
      '1. The Council adopts.&#x20;\n\n&#x20;It notes  the progress.\n\n- &#x20; an indent\n\n**ANNEX&#x20;**\n\n2.\n\n-\n\n#\n\n<p></p>\n\n3. It ends.\n\n<p></p>\n',
    );
    expect(parseOk(written).blocks.map((b) => [b.kind, b.text])).toEqual(
      doc.blocks.map((b) => [b.kind, b.text]),
    );
  });

  it.each([
    ['first in a text without a header', '<p></p>\n\nThe Council adopts.\n'],
    ['after a bullet', '- an indent\n\n<p></p>\n\nThe Council adopts.\n'],
    ['written with spaces and capitals', '1. It notes.\n\n<P> </P>\n\nThe Council adopts.\n'],
  ])('reads an empty HTML paragraph as an empty paragraph: %s', (_where, markdown) => {
    const blocks = parseOk(markdown).blocks;
    expect(blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text)).toEqual([
      '',
      'The Council adopts.',
    ]);
  });
});

import { type Block, type CouncilDocument, EMPTY_METADATA } from '@accord/model';
import {
  AlignmentType,
  DeletedTextRun,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
} from 'docx';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseDocx } from './docx-parse';
import { renderDocx } from './docx-render';
import { parseMarkdown } from './markdown-parse';
import {
  acceptTrackedChanges,
  COUNCIL_9916_17_MD,
  createMinimalDocx,
  createStoredZip,
  expectCouncil991617,
  partsWordRefuses,
  WORD_NAMESPACE,
} from './testing';

function parseMarkdownOk(source: string): CouncilDocument {
  const result = parseMarkdown(source);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

async function parseDocxOk(bytes: Uint8Array): Promise<CouncilDocument> {
  const result = await parseDocx(bytes);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** The document.xml parts of a .docx, as text, to check what Word will see. */
async function readPart(bytes: Uint8Array, part: string): Promise<string> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  return (await zip.file(part)?.async('string')) ?? '';
}

describe('renderDocx: what the document has', () => {
  it('writes an empty paragraph or heading as an empty paragraph in its style, and a trailing space as typed', async () => {
    const bytes = await renderDocx({
      metadata: EMPTY_METADATA,
      blocks: [
        { id: 'a', kind: 'numbered', number: '1', text: 'The Council adopts. ' },
        { id: 'b', kind: 'numbered', number: '2', text: '' },
        { id: 'c', kind: 'paragraph', number: null, text: '' },
        { id: 'd', kind: 'heading', number: null, text: '' },
        { id: 'e', kind: 'numbered', number: '3', text: 'It recalls its conclusions.' },
      ],
      footnotes: [],
    });
    const document = await readPart(bytes, 'word/document.xml');
    const styles = [...document.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="([^"]+)"/gs)].map(
      (m) => m[1],
    );
    expect(styles.slice(-5)).toEqual([
      'CouncilNumbered',
      'CouncilNumbered',
      'CouncilParagraph',
      'CouncilHeading',
      'CouncilNumbered',
    ]);
    expect(document).toContain('<w:t xml:space="preserve">The Council adopts. </w:t>');
  });
});

describe('parseDocx: what the export wrote', () => {
  it('reads a paragraph in an Accord style as written: its spaces kept, kept when empty', async () => {
    const blocks: Block[] = [
      { id: 'a', kind: 'numbered', number: '1', text: 'The Council adopts. ' },
      { id: 'b', kind: 'numbered', number: '2', text: ' It notes  the progress.' },
      { id: 'c', kind: 'numbered', number: '3', text: '' },
      { id: 'd', kind: 'paragraph', number: null, text: '' },
      { id: 'e', kind: 'heading', number: null, text: '' },
      { id: 'f', kind: 'bullet', number: null, text: '  an indent ' },
      { id: 'g', kind: 'heading', number: null, text: 'ANNEX ' },
    ];
    const back = await parseDocxOk(await renderDocx({ metadata: EMPTY_METADATA, blocks, footnotes: [] }));
    expect(back.blocks.map((b) => [b.kind, b.number, b.text])).toEqual(
      blocks.map((b) => [b.kind, b.number, b.text]),
    );
  });

  it('reads a paragraph typed in Word as before: spaces folded and trimmed, an empty one spacing', async () => {
    const xml =
      `<w:document xmlns:w="${WORD_NAMESPACE}"><w:body>` +
      '<w:p><w:r><w:t xml:space="preserve">  The Council  adopts. </w:t></w:r></w:p>' +
      '<w:p/>' +
      '<w:p><w:r><w:t xml:space="preserve"> </w:t></w:r></w:p>' +
      '<w:p><w:r><w:t>It recalls.</w:t></w:r></w:p>' +
      '</w:body></w:document>';
    const doc = await parseDocxOk(createMinimalDocx(xml));
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['paragraph', 'The Council adopts.'],
      ['paragraph', 'It recalls.'],
    ]);
  });
});

describe('renderDocx and parseDocx on note 9916/17', () => {
  it('reads the Word export of the fixture back to the same document', async () => {
    const doc = parseMarkdownOk(COUNCIL_9916_17_MD);
    const back = await parseDocxOk(await renderDocx(doc));
    expect(back).toEqual(doc);
    expectCouncil991617(back);
  });

  it('writes real Word footnotes, cited with footnote references', async () => {
    const bytes = await renderDocx(parseMarkdownOk(COUNCIL_9916_17_MD));
    const document = await readPart(bytes, 'word/document.xml');
    const footnotes = await readPart(bytes, 'word/footnotes.xml');
    expect(document.match(/<w:footnoteReference w:id="\d+"\/>/g)).toHaveLength(6);
    expect(footnotes).toContain('12109/13.');
    expect(footnotes).toContain('PC.DEC/1106 of 3 December 2013 and PC.DEC/1202 of 10 March 2016.');
  });

  it('writes the Council layout: header lines, numbers with a tab, dash bullets, named styles', async () => {
    const bytes = await renderDocx(parseMarkdownOk(COUNCIL_9916_17_MD));
    const document = await readPart(bytes, 'word/document.xml');
    const styles = await readPart(bytes, 'word/styles.xml');
    const numbering = await readPart(bytes, 'word/numbering.xml');
    expect(document).toContain('<w:t xml:space="preserve">COUNCIL OF THE EUROPEAN UNION</w:t>');
    expect(document).toContain('<w:t xml:space="preserve">9916/17</w:t>');
    expect(document).toMatch(/<w:t xml:space="preserve">1\.<\/w:t><w:tab\/>/);
    expect(document).toMatch(/<w:t xml:space="preserve">From:<\/w:t>/);
    for (const name of [
      'Council Header',
      'Council Numbered',
      'Council Paragraph',
      'Council Bullet',
      'Council Heading',
    ]) {
      expect(styles).toContain(`<w:name w:val="${name}"/>`);
    }
    expect(numbering).toContain('<w:lvlText w:val="–"/>');
  });
});

describe('a Word export edited in Word', () => {
  /** The export of `blocks`, with `edit` applied to its document.xml as a drafter's Word would. */
  async function editExport(blocks: Block[], edit: (xml: string) => string): Promise<CouncilDocument> {
    const { default: JSZip } = await import('jszip');
    const doc: CouncilDocument = {
      metadata: { ...EMPTY_METADATA, number: '9916/17' },
      blocks,
      footnotes: [],
    };
    const zip = await JSZip.loadAsync(await renderDocx(doc));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    zip.file('word/document.xml', edit(xml));
    return parseDocxOk(await zip.generateAsync({ type: 'uint8array' }));
  }
  const numbered = (id: string, text: string): Block => ({ id, kind: 'numbered', number: null, text });
  /** Removes the typed number ("2." and its tab) of the paragraph that reads `text`. */
  const dropTypedNumber = (xml: string, number: number, text: string) => {
    const at = xml.indexOf(text);
    const paragraph = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
    const head = xml
      .slice(paragraph, at)
      .replace(`${number}.`, '')
      .replace(/<w:tab\/>/, '');
    return xml.slice(0, paragraph) + head + xml.slice(at);
  };

  it('keeps the figure that opens a numbered paragraph typed without a number', async () => {
    const read = await editExport(
      [numbered('a', 'The Council adopts.'), numbered('b', 'PLACEHOLDER')],
      (xml) =>
        dropTypedNumber(xml, 2, 'PLACEHOLDER').replace('PLACEHOLDER', '27 Member States support the text.'),
    );
    expect(read.blocks.map((b) => [b.number, b.text, b.start])).toEqual([
      ['1', 'The Council adopts.', undefined],
      ['2', '27 Member States support the text.', undefined],
    ]);
  });

  it('takes a number retyped with no-break spaces off the text of a numbered paragraph', async () => {
    const read = await editExport(
      [numbered('a', 'The Council adopts.'), numbered('b', 'PLACEHOLDER')],
      (xml) =>
        dropTypedNumber(xml, 2, 'PLACEHOLDER').replace('PLACEHOLDER', '2.\u00a0\u00a0The Council recalls.'),
    );
    expect(read.blocks.map((b) => [b.number, b.text])).toEqual([
      ['1', 'The Council adopts.'],
      ['2', 'The Council recalls.'],
    ]);
  });

  it('numbers a paragraph added under the numbered style in sequence, the typed numbers after it restarting nothing', async () => {
    const read = await editExport(
      [
        numbered('a', 'The Council adopts.'),
        numbered('n', 'NEWPARA'),
        numbered('b', 'The Council recalls.'),
        numbered('c', 'The Council invites.'),
      ],
      // Added in Word: no typed number; the later paragraphs keep the numbers they had (2, 3).
      (xml) =>
        dropTypedNumber(xml, 2, 'NEWPARA')
          .replace('3.', '2.')
          .replace('4.', '3.')
          .replace('NEWPARA', 'The Council welcomes the paper.'),
    );
    expect(read.blocks.map((b) => [b.number, b.start])).toEqual([
      ['1', undefined],
      ['2', undefined],
      ['3', undefined],
      ['4', undefined],
    ]);
  });
});

describe('parseDocx on paragraphs in the numbered style numbered by Word', () => {
  it("reads Word's list number where no number is typed, restarts included", async () => {
    const w = WORD_NAMESPACE;
    const point = (numId: string, text: string) =>
      '<w:p><w:pPr><w:pStyle w:val="CouncilNumbered"/>' +
      `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>` +
      `<w:r><w:t>${text}</w:t></w:r></w:p>`;
    const documentXml =
      `<w:document xmlns:w="${w}"><w:body>` +
      `${point('1', 'The Council adopts.')}${point('1', 'The Council recalls.')}` +
      '<w:p><w:pPr><w:pStyle w:val="CouncilHeading"/></w:pPr><w:r><w:t>ANNEX</w:t></w:r></w:p>' +
      `${point('2', 'The EU is concerned.')}${point('2', 'The EU affirms.')}` +
      `${point('3', 'The EU calls on.')}` +
      '</w:body></w:document>';
    const level = `<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>`;
    const numberingXml =
      `<w:numbering xmlns:w="${w}">` +
      `<w:abstractNum w:abstractNumId="1">${level}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="2">${level.replace('w:val="1"', 'w:val="7"')}</w:abstractNum>` +
      '<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>' +
      '<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>' +
      '<w:num w:numId="3"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>' +
      '</w:numbering>';
    const style = (id: string, name: string) =>
      `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`;
    const stylesXml = `<w:styles xmlns:w="${w}">${style('CouncilNumbered', 'Council Numbered')}${style('CouncilHeading', 'Council Heading')}</w:styles>`;
    const doc = await parseDocxOk(
      createMinimalDocx(documentXml, { numbering: numberingXml, styles: stylesXml }),
    );
    expect(doc.blocks.map((b) => [b.kind, b.number, b.text])).toEqual([
      ['numbered', '1', 'The Council adopts.'],
      ['numbered', '2', 'The Council recalls.'],
      ['heading', null, 'ANNEX'],
      ['numbered', '1', 'The EU is concerned.'],
      ['numbered', '2', 'The EU affirms.'],
      ['numbered', '7', 'The EU calls on.'],
    ]);
  });
});

describe('the bytes of a Word export', () => {
  afterEach(() => vi.useRealTimers());

  it('depend on the document alone, not on when it was exported', async () => {
    const doc = parseMarkdownOk(COUNCIL_9916_17_MD);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2017-06-07T10:00:00Z'));
    const first = await renderDocx(doc);
    vi.setSystemTime(new Date('2026-11-28T17:45:13Z'));
    const second = await renderDocx(doc);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(await readPart(first, 'docProps/core.xml')).not.toMatch(/dcterms:(created|modified)/);
    expect(await parseDocxOk(second)).toEqual(doc);
  });
});

describe('a Word export of text with characters XML forbids', () => {
  it('opens in Word: control characters anywhere, the document properties included, are made XML-safe', async () => {
    // A vertical tab is Word's own line break as it pastes; any editor can put one in the header.
    const doc: CouncilDocument = {
      metadata: {
        ...EMPTY_METADATA,
        number: '56/26\u0000',
        subject: 'Title\u000bsecond line',
        codes: ['CFSP/PESC 1\u0007'],
      },
      blocks: [{ id: 'a', kind: 'numbered', number: null, text: 'Text\u0007 here' }],
      footnotes: [{ id: 'n', number: 1, blockId: 'a', offset: 4, text: 'Note\u001b.' }],
    };
    const bytes = await renderDocx(doc);
    expect(await partsWordRefuses(bytes)).toEqual([]);
    expect(await readPart(bytes, 'docProps/core.xml')).toContain(
      '<dc:subject>Title second line</dc:subject>',
    );
    const back = await parseDocxOk(bytes);
    expect(back.blocks.map((block) => block.text)).toEqual(['Text here']);
    expect(back.footnotes.map((note) => note.text)).toEqual(['Note.']);
  });
});

describe('parseDocx on a plain Word document', () => {
  /** A document as someone would write it in Word: list numbering, bullets, bold lines, headings. */
  async function createPlainWordFile(): Promise<Uint8Array> {
    const document = new Document({
      numbering: {
        config: [
          {
            reference: 'points',
            levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }],
          },
          {
            reference: 'annex-points',
            levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }],
          },
        ],
      },
      footnotes: { 1: { children: [new Paragraph('WK 2569/2017 INIT.')] } },
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun({ text: 'Brussels, 7 June 2017', bold: true })] }),
            new Paragraph({ children: [new TextRun({ text: '9916/17', bold: true })] }),
            new Paragraph({
              children: [new TextRun({ text: 'Subject:', bold: true }), new TextRun(' Cyber diplomacy')],
            }),
            new Paragraph(''),
            new Paragraph({
              numbering: { reference: 'points', level: 0 },
              children: [new TextRun('First point'), new FootnoteReferenceRun(1), new TextRun('.')],
            }),
            new Paragraph({ numbering: { reference: 'points', level: 0 }, text: 'Second point.' }),
            new Paragraph({ text: 'Annex', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ children: [new TextRun({ text: 'The Council adopted:', bold: true })] }),
            new Paragraph({ numbering: { reference: 'annex-points', level: 0 }, text: 'First conclusion.' }),
            new Paragraph('A follow-on paragraph [in brackets].'),
            new Paragraph({ bullet: { level: 0 }, text: 'a principle,' }),
            new Paragraph({ bullet: { level: 0 }, text: 'another principle.' }),
            new Paragraph({ numbering: { reference: 'annex-points', level: 0 }, text: 'Second conclusion.' }),
            new Paragraph('7. A number typed by hand.'),
          ],
        },
      ],
    });
    return new Uint8Array(await Packer.toArrayBuffer(document));
  }

  it('reads lists, bullets, headings, bold lines, footnotes and the header', async () => {
    const doc = await parseDocxOk(await createPlainWordFile());
    expect(doc.metadata).toEqual({
      ...EMPTY_METADATA,
      place: 'Brussels',
      date: '7 June 2017',
      number: '9916/17',
      subject: 'Cyber diplomacy',
    });
    const outline = doc.blocks.map((b: Block) => [b.kind, b.number, b.text]);
    expect(outline).toEqual([
      ['numbered', '1', 'First point.'],
      ['numbered', '2', 'Second point.'],
      ['heading', null, 'Annex'],
      ['heading', null, 'The Council adopted:'],
      ['numbered', '1', 'First conclusion.'],
      ['paragraph', null, 'A follow-on paragraph [in brackets].'],
      ['bullet', null, 'a principle,'],
      ['bullet', null, 'another principle.'],
      ['numbered', '2', 'Second conclusion.'],
      ['numbered', '7', 'A number typed by hand.'],
    ]);
    expect(doc.footnotes).toEqual([
      { id: 'fn1', number: 1, blockId: 'b1', offset: 11, text: 'WK 2569/2017 INIT.' },
    ]);
  });

  it('numbers a list that restarts as Word shows it, not as one running count', async () => {
    const points = { reference: 'points', level: 0 };
    const document = new Document({
      numbering: {
        config: [
          {
            reference: 'points',
            levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }],
          },
        ],
      },
      sections: [
        {
          children: [
            new Paragraph({ numbering: { ...points, instance: 1 }, text: 'First point.' }),
            new Paragraph({ numbering: { ...points, instance: 1 }, text: 'Second point.' }),
            new Paragraph({ text: 'ANNEX', heading: HeadingLevel.HEADING_1 }),
            // Word's "Restart at 1": a new list instance of the same definition.
            new Paragraph({ numbering: { ...points, instance: 2 }, text: 'Annex point one.' }),
            new Paragraph({ numbering: { ...points, instance: 2 }, text: 'Annex point two.' }),
          ],
        },
      ],
    });
    const doc = await parseDocxOk(new Uint8Array(await Packer.toArrayBuffer(document)));
    expect(doc.blocks.map((b: Block) => [b.number, b.text])).toEqual([
      ['1', 'First point.'],
      ['2', 'Second point.'],
      [null, 'ANNEX'],
      ['1', 'Annex point one.'],
      ['2', 'Annex point two.'],
    ]);
  });

  it('reads where a hand-made numbering part starts, continues and restarts its lists', async () => {
    const w = WORD_NAMESPACE;
    const item = (numId: string, text: string) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>` +
      `<w:r><w:t>${text}</w:t></w:r></w:p>`;
    const documentXml =
      `<w:document xmlns:w="${w}"><w:body>` +
      `${item('1', 'Five.')}${item('1', 'Six.')}${item('2', 'Seven, the same list continued.')}` +
      `${item('3', 'Three, restarted.')}${item('0', 'Out of the list.')}${item('1', 'Four: the shared count goes on.')}` +
      '</w:body></w:document>';
    const numberingXml =
      `<w:numbering xmlns:w="${w}">` +
      '<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="decimal"/>' +
      '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>' +
      '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>' +
      '<w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>' +
      '<w:num w:numId="3"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/>' +
      '</w:lvlOverride></w:num></w:numbering>';
    const bytes = createMinimalDocx(documentXml, { numbering: numberingXml });
    const doc = await parseDocxOk(bytes);
    expect(doc.blocks.map((b: Block) => [b.kind, b.number, b.text])).toEqual([
      ['numbered', '5', 'Five.'],
      ['numbered', '6', 'Six.'],
      ['numbered', '7', 'Seven, the same list continued.'],
      ['numbered', '3', 'Three, restarted.'],
      ['paragraph', null, 'Out of the list.'],
      ['numbered', '4', 'Four: the shared count goes on.'],
    ]);
  });

  it('numbers a list with tracked changes as accepted: a paragraph whose mark is deleted counts for none', async () => {
    const w = WORD_NAMESPACE;
    const change = 'w:author="FR" w:date="2017-06-07T10:00:00Z"';
    const numPr = (numId: string) => `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr>`;
    const item = (numId: string, runs: string) => `<w:p><w:pPr>${numPr(numId)}</w:pPr>${runs}</w:p>`;
    // A list paragraph deleted whole (its words and its mark), and one moved away (its words in a
    // w:moveFrom, as w:t): accepted, neither is there, and neither takes a number.
    const gone = (numId: string, runs: string, id: number) =>
      `<w:p><w:pPr>${numPr(numId)}<w:rPr><w:del w:id="${id}" ${change}/></w:rPr></w:pPr>${runs}</w:p>`;
    const documentXml =
      `<w:document xmlns:w="${w}"><w:body>` +
      item('1', '<w:r><w:t>One.</w:t></w:r>') +
      gone('1', `<w:del w:id="1" ${change}><w:r><w:delText>Deleted.</w:delText></w:r></w:del>`, 2) +
      item('1', '<w:r><w:t>Two.</w:t></w:r>') +
      item('2', '<w:r><w:t>Five.</w:t></w:r>') +
      gone('2', `<w:moveFrom w:id="3" ${change}><w:r><w:t>Moved away.</w:t></w:r></w:moveFrom>`, 4) +
      item('2', `<w:r><w:t>Six.</w:t></w:r>`) +
      '</w:body></w:document>';
    const numberingXml =
      `<w:numbering xmlns:w="${w}">` +
      '<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>' +
      '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>' +
      '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>' +
      '<w:num w:numId="2"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/>' +
      '</w:lvlOverride></w:num></w:numbering>';
    const bytes = createMinimalDocx(documentXml, { numbering: numberingXml });
    const result = await parseDocx(bytes, { trackedChanges: 'accept' });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.blocks.map((b: Block) => [b.kind, b.number, b.text])).toEqual([
      ['numbered', '1', 'One.'],
      ['numbered', '2', 'Two.'],
      ['numbered', '5', 'Five.'],
      ['numbered', '6', 'Six.'],
    ]);
  });

  it('counts lists numbered through a paragraph style and through a linked list style as Word does', async () => {
    const w = WORD_NAMESPACE;
    const styled = (style: string, text: string) =>
      `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
    const item = (numId: string, text: string) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>` +
      `<w:r><w:t>${text}</w:t></w:r></w:p>`;
    const documentXml =
      `<w:document xmlns:w="${w}"><w:body>` +
      `${styled('Point', 'Five.')}${styled('Point', 'Six.')}` +
      `${item('6', 'Ten, through the list style.')}${item('5', 'Eleven: the linked list counts on.')}` +
      `${styled('Point', 'Seven.')}` +
      '</w:body></w:document>';
    const level = (start: number, extra = '') =>
      `<w:lvl w:ilvl="0"><w:start w:val="${start}"/><w:numFmt w:val="decimal"/>${extra}<w:lvlText w:val="%1."/></w:lvl>`;
    const numberingXml =
      `<w:numbering xmlns:w="${w}">` +
      // Word's "List Number" kind: the level names the paragraph style that carries it.
      `<w:abstractNum w:abstractNumId="8">${level(5, '<w:pStyle w:val="Point"/>')}</w:abstractNum>` +
      // A list style: its definition, and a list that only links to it.
      `<w:abstractNum w:abstractNumId="9"><w:styleLink w:val="CouncilList"/>${level(10)}</w:abstractNum>` +
      '<w:abstractNum w:abstractNumId="10"><w:numStyleLink w:val="CouncilList"/></w:abstractNum>' +
      '<w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num>' +
      '<w:num w:numId="5"><w:abstractNumId w:val="9"/></w:num>' +
      '<w:num w:numId="6"><w:abstractNumId w:val="10"/></w:num>' +
      '</w:numbering>';
    const stylesXml =
      `<w:styles xmlns:w="${w}">` +
      '<w:style w:type="paragraph" w:styleId="Point"><w:name w:val="Point"/>' +
      '<w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>' +
      '<w:style w:type="numbering" w:styleId="CouncilList"><w:name w:val="Council list"/>' +
      '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>' +
      '</w:styles>';
    const bytes = createMinimalDocx(documentXml, { numbering: numberingXml, styles: stylesXml });
    const doc = await parseDocxOk(bytes);
    expect(doc.blocks.map((b: Block) => [b.kind, b.number, b.text])).toEqual([
      ['numbered', '5', 'Five.'],
      ['numbered', '6', 'Six.'],
      ['numbered', '10', 'Ten, through the list style.'],
      ['numbered', '11', 'Eleven: the linked list counts on.'],
      ['numbered', '7', 'Seven.'],
    ]);
  });

  it('reads a document.xml written by hand, with a table and a line break', async () => {
    const p = (body: string) => `<w:p>${body}</w:p>`;
    const r = (text: string, bold = false) =>
      `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
    const xml =
      `<w:document xmlns:w="${WORD_NAMESPACE}"><w:body>` +
      `<w:tbl><w:tr><w:tc>${p(r('9916/17', true))}</w:tc><w:tc>${p(r('LIMITE', true))}</w:tc></w:tr></w:tbl>` +
      p(`${r('One line')}<w:r><w:br/></w:r>${r('and the next.')}`) +
      '</w:body></w:document>';
    const doc = await parseDocxOk(createMinimalDocx(xml));
    expect(doc.metadata).toEqual({ ...EMPTY_METADATA, number: '9916/17', marking: 'LIMITE' });
    expect(doc.blocks.map((b) => b.text)).toEqual(['One line and the next.']);
  });

  it('reads a comment neither as a paragraph nor into the text it is attached to', async () => {
    const xml =
      `<w:document xmlns:w="${WORD_NAMESPACE}"><w:body>` +
      '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>1. The Council recalls its conclusions.</w:t></w:r>' +
      '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>' +
      '<w:p><w:r><w:t>2. The EU stands ready.</w:t></w:r></w:p></w:body></w:document>';
    const comments =
      `<w:comments xmlns:w="${WORD_NAMESPACE}"><w:comment w:id="0" w:author="DE" w:initials="DE">` +
      '<w:p><w:r><w:t>Germany would delete this paragraph.</w:t></w:r></w:p></w:comment></w:comments>';
    const doc = await parseDocxOk(createMinimalDocx(xml, { comments }));
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['numbered', 'The Council recalls its conclusions.'],
      ['numbered', 'The EU stands ready.'],
    ]);
  });
});

describe('parseDocx on numbers typed as text', () => {
  const paragraph = (text: string) =>
    `<w:p><w:r><w:t xml:space="preserve">${text.replace('\t', '</w:t><w:tab/><w:t xml:space="preserve">')}</w:t></w:r></w:p>`;

  it.each<[string, string, [string, string | null, string]]>([
    ['a number and a tab', '3.\tThe Council adopts.', ['numbered', '3', 'The Council adopts.']],
    ['a number and a space', '3. The Council adopts.', ['numbered', '3', 'The Council adopts.']],
    [
      'a number and no-break spaces',
      '3.\u00a0\u00a0\u00a0The Council adopts.',
      ['numbered', '3', 'The Council adopts.'],
    ],
    ['a closing parenthesis', '3) The Council adopts.', ['numbered', '3', 'The Council adopts.']],
    [
      'a figure that opens a sentence',
      '27 Member States agree.',
      ['paragraph', null, '27 Member States agree.'],
    ],
  ])('reads a paragraph typed with %s', async (_what, typed, block) => {
    const xml = `<w:document xmlns:w="${WORD_NAMESPACE}"><w:body>${paragraph(typed)}</w:body></w:document>`;
    const doc = await parseDocxOk(createMinimalDocx(xml));
    expect(doc.blocks.map((b) => [b.kind, b.number, b.text])).toEqual([block]);
  });
});

describe('parseDocx on indents typed as text', () => {
  const run = (text: string) =>
    `<w:r><w:t xml:space="preserve">${text.replace('\t', '</w:t><w:tab/><w:t xml:space="preserve">')}</w:t></w:r>`;
  const paragraph = (body: string, style = '') =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}${body}</w:p>`;
  const stylesXml =
    `<w:styles xmlns:w="${WORD_NAMESPACE}">` +
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>';
  const read = async (body: string) => {
    const xml = `<w:document xmlns:w="${WORD_NAMESPACE}"><w:body>${body}</w:body></w:document>`;
    const doc = await parseDocxOk(createMinimalDocx(xml, { styles: stylesXml }));
    return doc.blocks.map((b) => [b.kind, b.number, b.text]);
  };

  it.each<[string, string]>([
    ['an en dash and a tab', '–\tserve to protect the EU,'],
    ['a hyphen and a space', '- serve to protect the EU,'],
    ['a bullet character and a tab', '•\tserve to protect the EU,'],
    ['an en dash and no-break spaces', '–\u00a0\u00a0serve to protect the EU,'],
  ])('reads a paragraph typed with %s as a bullet without its marker', async (_what, typed) => {
    expect(await read(paragraph(run(typed)))).toEqual([['bullet', null, 'serve to protect the EU,']]);
  });

  it('reads indents under a typed number, the marker in a run of its own or the whole indent bold', async () => {
    const blocks = await read(
      paragraph(run('4.\tThe EU affirms the following principles:')) +
        paragraph(run('–') + run('\t') + run('serve to protect the EU,')) +
        paragraph(
          `${run('–\ttake into account the ')}<w:r><w:rPr><w:b/></w:rPr><w:t>broader</w:t></w:r>${run(' context.')}`,
        ) +
        // Inserted in a revision, so bold throughout: an indent still, not a heading.
        paragraph('<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">–\trespect the law.</w:t></w:r>') +
        paragraph(run('The EU recalls.')),
    );
    expect(blocks).toEqual([
      ['numbered', '4', 'The EU affirms the following principles:'],
      ['bullet', null, 'serve to protect the EU,'],
      ['bullet', null, 'take into account the broader context.'],
      ['bullet', null, 'respect the law.'],
      ['paragraph', null, 'The EU recalls.'],
    ]);
  });

  it('keeps dashes that mark no indent, and a heading that opens with one', async () => {
    const blocks = await read(
      paragraph(run('-5 % compared with 2016.')) +
        paragraph(run('−5 % with a minus sign.')) +
        paragraph(run('—\tWe agree, said the Presidency.')) +
        paragraph(run('Cyber-related activities – and others.')) +
        paragraph(run('(a)\ta lettered point.')) +
        paragraph(run('– Annex'), 'Heading1'),
    );
    expect(blocks).toEqual([
      ['paragraph', null, '-5 % compared with 2016.'],
      ['paragraph', null, '−5 % with a minus sign.'],
      ['paragraph', null, '— We agree, said the Presidency.'],
      ['paragraph', null, 'Cyber-related activities – and others.'],
      ['paragraph', null, '(a) a lettered point.'],
      ['heading', null, '– Annex'],
    ]);
  });

  it("reads back our export's paragraphs and bullets that open with a dash as they were", async () => {
    const blocks: Block[] = [
      { id: 'a', kind: 'paragraph', number: null, text: '– a paragraph that opens with a dash.' },
      { id: 'b', kind: 'bullet', number: null, text: '- a bullet that opens with a hyphen,' },
      { id: 'c', kind: 'heading', number: null, text: '• A heading' },
    ];
    const doc: CouncilDocument = { metadata: EMPTY_METADATA, blocks, footnotes: [] };
    const read = await parseDocxOk(await renderDocx(doc));
    expect(read.blocks.map((b) => [b.kind, b.text])).toEqual(blocks.map((b) => [b.kind, b.text]));
  });
});

describe('parseDocx on a header laid out as a table', () => {
  const p = (body: string) => `<w:p>${body}</w:p>`;
  const r = (text: string, bold = false) =>
    `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
  const cell = (...paragraphs: string[]) => `<w:tc>${paragraphs.map(p).join('')}</w:tc>`;
  const table = (...rows: string[][]) =>
    `<w:tbl>${rows.map((cells) => `<w:tr>${cells.join('')}</w:tr>`).join('')}</w:tbl>`;
  /** A GSC template's row: the label cell in bold (or not), the value cell plain. */
  const row = (label: string, value: string[], boldLabel = true) => [
    cell(r(label, boldLabel)),
    cell(...value.map((v) => r(v))),
  ];
  const document = (...body: string[]) =>
    createMinimalDocx(
      `<w:document xmlns:w="${WORD_NAMESPACE}"><w:body>${body.join('')}</w:body></w:document>`,
    );
  const number = p(r('9916/17', true));
  const point = p(r('1.\tThe Council adopts.'));

  it.each<[string, Uint8Array, Partial<CouncilDocument['metadata']>, [string, string | null, string][]]>([
    [
      'rows of a bold label cell and a value cell',
      document(
        number,
        table(
          row('From:', ['General Secretariat of the Council']),
          row('To:', ['Permanent Representatives Committee/Council']),
          row('No. prev. doc.:', ['7923/2/17 REV 2']),
          row('Subject:', ['Draft Council Conclusions', '- Adoption']),
        ),
        point,
      ),
      {
        number: '9916/17',
        from: 'General Secretariat of the Council',
        to: 'Permanent Representatives Committee/Council',
        previous: ['7923/2/17 REV 2'],
        subject: 'Draft Council Conclusions\n- Adoption',
      },
      [['numbered', '1', 'The Council adopts.']],
    ],
    [
      'label cells in plain type and an empty spacer cell',
      document(
        number,
        table([cell(r('From:')), cell(''), cell(r('GSC'))], row('Subject:', ['Cyber diplomacy'], false)),
        point,
      ),
      { number: '9916/17', from: 'GSC', subject: 'Cyber diplomacy' },
      [['numbered', '1', 'The Council adopts.']],
    ],
    [
      'a table for the top lines, another for the labelled lines',
      document(
        table([cell(r('Brussels, 7 June 2017', true)), cell(r('9916/17', true))]),
        table(row('From:', ['GSC']), row('To:', ['Delegations'])),
        point,
      ),
      { place: 'Brussels', date: '7 June 2017', number: '9916/17', from: 'GSC', to: 'Delegations' },
      [['numbered', '1', 'The Council adopts.']],
    ],
    [
      'a label table in the body, which stays body',
      document(number, p(r('Subject:', true) + r(' Cyber')), point, table(row('To:', ['Delegations']))),
      { number: '9916/17', subject: 'Cyber' },
      [
        ['numbered', '1', 'The Council adopts.'],
        ['heading', null, 'To:'],
        ['paragraph', null, 'Delegations'],
      ],
    ],
  ])('reads %s as the header', async (_what, bytes, metadata, blocks) => {
    const doc = await parseDocxOk(bytes);
    expect(doc.metadata).toEqual({ ...EMPTY_METADATA, ...metadata });
    expect(doc.blocks.map((b) => [b.kind, b.number, b.text])).toEqual(blocks);
  });
});

describe('parseDocx on a Word document with tracked changes', () => {
  const date = '2017-06-07T10:00:00Z';
  /** A paragraph with a delegation's proposal in tracked changes, and a footnote that has one too. */
  async function createTrackedWordFile(): Promise<Uint8Array> {
    const document = new Document({
      footnotes: {
        1: {
          children: [
            new Paragraph({
              children: [
                new TextRun('WK 2569/2017'),
                new InsertedTextRun({ text: ' REV 1', id: 3, author: 'NL', date }),
                new TextRun('.'),
              ],
            }),
          ],
        },
      },
      sections: [
        {
          children: [
            new Paragraph({
              children: [
                new TextRun('The Council '),
                new DeletedTextRun({ text: 'welcomes', id: 1, author: 'FR', date }),
                new InsertedTextRun({ text: 'takes note of', id: 2, author: 'FR', date }),
                new TextRun(' the report'),
                new FootnoteReferenceRun(1),
                new TextRun('.'),
              ],
            }),
          ],
        },
      ],
    });
    return new Uint8Array(await Packer.toArrayBuffer(document));
  }

  it('refuses it, counting the changes in the text and its footnotes, instead of reading them as accepted', async () => {
    const result = await parseDocx(await createTrackedWordFile());
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'tracked-changes',
        message:
          'the Word document has 3 tracked changes not yet accepted or rejected: accept or reject them in Word (Review, Accept or Reject) and upload it again',
      },
    });
  });

  it('reads it once the changes are accepted, and reads formatting changes as they stand', async () => {
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(await acceptTrackedChanges(await createTrackedWordFile()));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    // A formatting change, which Word tracks too: a run's formatting changed, no word.
    const formatChange =
      '<w:rPrChange w:id="9" w:author="FR" w:date="2017-06-07T10:00:00Z"><w:rPr/></w:rPrChange>';
    expect(xml).toContain('<w:r>');
    zip.file('word/document.xml', xml.replace('<w:r>', `<w:r><w:rPr>${formatChange}</w:rPr>`));
    const doc = await parseDocxOk(await zip.generateAsync({ type: 'uint8array' }));
    expect(doc.blocks.map((b) => b.text)).toEqual(['The Council takes note of the report.']);
    expect(doc.footnotes.map((f) => f.text)).toEqual(['WK 2569/2017 REV 1.']);
  });
});

describe('parseDocx on bad input', () => {
  it.each<[string, Uint8Array, string, RegExp]>([
    ['an empty file', new Uint8Array(), 'empty', /empty/],
    [
      'binary garbage',
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251),
      'not-docx',
      /not a zip archive/,
    ],
    ['a text file', new TextEncoder().encode('1. Just Markdown.'), 'not-docx', /not a zip archive/],
    [
      'an old .doc file',
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'not-docx',
      /save it as \.docx/,
    ],
    [
      'a zip archive without a Word document',
      createStoredZip([{ name: 'notes.txt', data: 'hello' }]),
      'not-docx',
      /no word\/ part/,
    ],
    [
      'a zip that claims to unpack to gigabytes',
      createStoredZip([{ name: 'word/document.xml', data: '<x/>', claimedSize: 0xfffffff0 }]),
      'too-large',
      /unpacks to more than/,
    ],
    [
      'a zip whose XML claims 40 MB',
      createStoredZip([{ name: 'word/document.xml', data: '<x/>', claimedSize: 40 * 1024 * 1024 }]),
      'too-large',
      /bytes of text and markup/,
    ],
    [
      'a Word document with broken XML',
      createMinimalDocx('<w:document><w:body><w:p>'),
      'bad-docx',
      /could not be read/,
    ],
    [
      'a Word document without its main part',
      createStoredZip([{ name: 'word/styles.xml', data: '<w:styles/>' }]),
      'bad-docx',
      /could not be read/,
    ],
    [
      'a Word document whose main part is not XML',
      createMinimalDocx('x'),
      'bad-docx',
      /^the Word document could not be read: its parts are damaged or are not those of a Word document$/,
    ],
    [
      'a Word document with an undefined entity',
      createMinimalDocx(
        `<w:document xmlns:w="${WORD_NAMESPACE}"><w:body><w:p>&i;</w:p></w:body></w:document>`,
      ),
      'bad-docx',
      /^the Word document could not be read: its XML is damaged \(entity not found:&i;\)$/,
    ],
    [
      'a Word document without text',
      createMinimalDocx(`<w:document xmlns:w="${WORD_NAMESPACE}"><w:body><w:p/></w:body></w:document>`),
      'empty',
      /no text/,
    ],
  ])('refuses %s with a clear error', async (_what, bytes, code, message) => {
    const result = await parseDocx(bytes);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
    expect(result.error.message).not.toMatch(/\n/);
  });

  it('refuses a truncated Word file as damaged', async () => {
    const bytes = await renderDocx(parseMarkdownOk(COUNCIL_9916_17_MD));
    for (const keep of [0.25, 0.5, 0.9, 0.999]) {
      const result = await parseDocx(bytes.slice(0, Math.floor(bytes.length * keep)));
      expect(result).toMatchObject({ ok: false, error: { code: 'bad-docx' } });
    }
  });

  it('refuses a zip bomb whose directory claims a small size, without unpacking it', async () => {
    // 200 MiB of spaces (over every limit) deflate to about 200 KiB; the headers claim 1 KiB.
    const bomb = new Uint8Array(200 * 1024 * 1024).fill(0x20);
    const bytes = createStoredZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: bomb, deflate: true, claimedSize: 1024 },
    ]);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const result = await parseDocx(bytes);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-docx' } });
    if (!result.ok)
      expect(result.error.message).toMatch(/does not unpack to the size its zip directory gives/);
  });

  it('refuses a 50 MB file by its size before reading it', async () => {
    const big = new Uint8Array(50 * 1024 * 1024);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    const result = await parseDocx(big);
    expect(result).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });
});

import { type DocumentMetadata, EMPTY_METADATA } from '@accord/model';
import { describe, expect, it } from 'vitest';
import { type HeaderItem, type HeaderLine, layoutHeader, readHeaderRow, recogniseHeader } from './header';
import { parseDocx, parseHtml, parseMarkdown, renderDocx, renderHtml, renderMarkdown } from './index';
import { COUNCIL_9916_17_MD } from './testing/fixture';

const bold = (text: string): HeaderLine => [{ text, bold: true }];
const labelled = (label: string, value: string): HeaderLine => [
  { text: label, bold: true },
  { text: ` ${value}`, bold: false },
];
const plain = (text: string): HeaderLine => [{ text, bold: false }];
const para = (...lines: HeaderLine[]): HeaderItem => ({ type: 'paragraph', lines });
const rule: HeaderItem = { type: 'separator' };

describe('recogniseHeader', () => {
  it.each<[string, HeaderItem[], Partial<DocumentMetadata>, number]>([
    [
      'place, date and original language on two lines',
      [para(bold('Brussels, 7 June 2017'), bold('(OR. en)'))],
      { place: 'Brussels', date: '7 June 2017', language: 'en' },
      1,
    ],
    [
      "the Council's name above the place and date, in capitals as the register writes it",
      [para(bold('COUNCIL OF THE EUROPEAN UNION')), para(bold('Brussels, 7 June 2017'))],
      { place: 'Brussels', date: '7 June 2017' },
      2,
    ],
    [
      "the Council's name as a Word template writes it, on the place and date's paragraph",
      [para(bold('Council of the  European Union'), bold('Brussels, 7 June 2017'))],
      { place: 'Brussels', date: '7 June 2017' },
      1,
    ],
    [
      'place, date and language on one line',
      [para(bold('Luxembourg, 12 April 2024 (OR. fr)'))],
      { place: 'Luxembourg', date: '12 April 2024', language: 'fr' },
      1,
    ],
    ['a register number', [para(bold('ST 9916 2017 INIT'))], { number: 'ST 9916 2017 INIT' }, 1],
    [
      'number, marking, codes and type',
      [
        para(bold('9916/17')),
        para(bold('LIMITE')),
        para(bold('CYBER 91'), bold('CFSP/PESC 476')),
        para(bold('NOTE')),
      ],
      { number: '9916/17', marking: 'LIMITE', codes: ['CYBER 91', 'CFSP/PESC 476'], type: 'NOTE' },
      4,
    ],
    [
      'labelled lines with a value continued on the next line',
      [para(labelled('Subject:', 'Draft conclusions'), plain('- Adoption'))],
      { subject: 'Draft conclusions\n- Adoption' },
      1,
    ],
    [
      'several previous documents on one line',
      [para(labelled('No. prev. doc.:', '7923/17, 7923/1/17 REV 1'))],
      { previous: ['7923/17', '7923/1/17 REV 1'] },
      1,
    ],
    [
      'another spelling of a label',
      [para(labelled('No prev docs:', 'WK 6162/2017 REV 1'))],
      { previous: ['WK 6162/2017 REV 1'] },
      1,
    ],
    [
      'separators between sections, and after the last',
      [para(bold('9916/17')), rule, para(labelled('From:', 'GSC')), rule, para(plain('Body text.'))],
      { number: '9916/17', from: 'GSC' },
      4,
    ],
  ])('reads %s', (_what, items, expected, consumed) => {
    expect(recogniseHeader(items)).toEqual({ metadata: { ...EMPTY_METADATA, ...expected }, consumed });
  });

  it.each<[string, HeaderItem[]]>([
    ['a plain first paragraph', [para(plain('1. The EU recognises …'))]],
    ['a bold line that is no header field', [para(bold('DRAFT COUNCIL CONCLUSIONS'))]],
    ['a type before any document number', [para(bold('NOTE'))]],
    ['an unknown label', [para(labelled('Remarks:', 'none'))]],
    ['a bare line after a separator', [rule, para(bold('9916/17'))]],
    ["the Council's name after a separator", [rule, para(bold('COUNCIL OF THE EUROPEAN UNION'))]],
    ['a plain line that continues no label', [para(plain('- Adoption'))]],
    ['a bold heading opening with a number of years', [para(bold('2017/18 PRIORITIES'))]],
    ['a bold heading opening with a fraction', [para(bold('1/2 OF THE BUDGET'))]],
  ])('finds no header in %s', (_what, items) => {
    expect(recogniseHeader(items)).toEqual({ metadata: EMPTY_METADATA, consumed: 0 });
  });

  it.each([
    '7923/17 REV 2',
    '7923/2/17 REV 3',
    '9916/2017',
    'ST 9916 17 INIT',
    '9916/17 INIT',
    'WK 6162/17 REV 1',
  ])('reads %j, a number written wrong, as the number and goes on to the rest of the header', (number) => {
    // Read as no field, it took the header's every line into the text with it.
    const items = [
      para(bold('COUNCIL OF THE EUROPEAN UNION')),
      para(bold(number)),
      rule,
      para(labelled('Subject:', 'S')),
      rule,
      para(plain('Body.')),
    ];
    expect(recogniseHeader(items)).toEqual({
      metadata: { ...EMPTY_METADATA, number, subject: 'S' },
      consumed: 5,
    });
  });

  it('ends the header at a bold heading after the labelled lines', () => {
    const items = [para(bold('9916/17')), rule, para(labelled('Subject:', 'S')), rule, para(bold('ANNEX'))];
    expect(recogniseHeader(items).consumed).toBe(4);
  });

  it('ends the header at a paragraph in which any line does not belong, keeping the fields before it', () => {
    const items = [para(bold('9916/17')), para(bold('LIMITE'), plain('Dear colleagues'))];
    expect(recogniseHeader(items)).toEqual({
      metadata: { ...EMPTY_METADATA, number: '9916/17' },
      consumed: 1,
    });
  });

  it("reads the Council's name only as the header's first line", () => {
    const name = para(bold('COUNCIL OF THE EUROPEAN UNION'));
    expect(recogniseHeader([para(bold('9916/17')), name]).consumed).toBe(1);
    expect(recogniseHeader([name, name]).consumed).toBe(1);
  });

  it('does not read a second From line into the header', () => {
    const items = [para(labelled('From:', 'GSC')), para(labelled('From:', 'Presidency'))];
    expect(recogniseHeader(items).consumed).toBe(1);
  });
});

describe('readHeaderRow', () => {
  it.each<[string, HeaderLine[][], HeaderItem | null]>([
    [
      'a bold label cell and a plain value cell',
      [[bold('From:')], [plain('General Secretariat of the Council')]],
      para(labelled('From:', 'General Secretariat of the Council')),
    ],
    [
      'a label cell in plain type: the table says it is the label',
      [[plain('No. prev. doc.:')], [plain('7923/2/17 REV 2')]],
      para(labelled('No. prev. doc.:', '7923/2/17 REV 2')),
    ],
    [
      'a value in bold type, read as the value',
      [[bold('To:')], [bold('Delegations')]],
      para(labelled('To:', 'Delegations')),
    ],
    [
      'a value over several lines, which continue it',
      [[bold('Subject:')], [plain('Draft conclusions'), plain(''), plain('- Adoption')]],
      para(labelled('Subject:', 'Draft conclusions'), plain('- Adoption')),
    ],
    [
      'empty cells before the label and between label and value',
      [[], [bold('From:'), plain(' ')], [], [plain('GSC')]],
      para(labelled('From:', 'GSC')),
    ],
    [
      'a label with no value',
      [[bold('From:')], []],
      para([
        { text: 'From:', bold: true },
        { text: '', bold: false },
      ]),
    ],
  ])('reads a row with %s as a labelled line', (_what, cells, expected) => {
    expect(readHeaderRow(cells)).toEqual(expected);
  });

  it.each<[string, HeaderLine[][]]>([
    ['a first cell that is no label', [[bold('9916/17')], [bold('LIMITE')]]],
    ['an unknown label', [[bold('Remarks:')], [plain('none')]]],
    ['a label and its value in one cell', [[labelled('From:', 'GSC')]]],
    ['no text at all', [[], [plain(' ')]]],
  ])('reads no labelled line from %s', (_what, cells) => {
    expect(readHeaderRow(cells)).toBeNull();
  });

  it('gives lines the recogniser reads as typed labelled lines', () => {
    const rows = [
      [[bold('From:')], [plain('GSC')]],
      [[bold('To:')], [plain('Coreper')]],
      [[bold('Subject:')], [plain('Draft conclusions'), plain('- Adoption')]],
    ];
    const items = rows.map((row) => readHeaderRow(row)).filter((item) => item !== null);
    expect(recogniseHeader(items)).toEqual({
      metadata: { ...EMPTY_METADATA, from: 'GSC', to: 'Coreper', subject: 'Draft conclusions\n- Adoption' },
      consumed: 3,
    });
  });
});

describe('layoutHeader', () => {
  const full: DocumentMetadata = {
    number: '9916/17',
    place: 'Brussels',
    date: '7 June 2017',
    language: 'en',
    codes: ['CYBER 91', 'RELEX 482'],
    marking: 'LIMITE',
    type: "'I/A' ITEM NOTE",
    from: 'General Secretariat of the Council',
    to: 'Permanent Representatives Committee/Council',
    previous: ['7923/2/17 REV 2'],
    subject: 'Draft conclusions\n- Adoption',
  };

  it('lays a full header out in the register form', () => {
    expect(layoutHeader(full)).toEqual([
      { type: 'paragraph', role: 'institution', lines: [bold('COUNCIL OF THE EUROPEAN UNION')] },
      { type: 'paragraph', role: 'place', lines: [bold('Brussels, 7 June 2017'), bold('(OR. en)')] },
      { type: 'paragraph', role: 'number', lines: [bold('9916/17')] },
      { type: 'paragraph', role: 'marking', lines: [bold('LIMITE')] },
      { type: 'paragraph', role: 'codes', lines: [bold('CYBER 91'), bold('RELEX 482')] },
      { type: 'paragraph', role: 'type', lines: [bold("'I/A' ITEM NOTE")] },
      rule,
      {
        type: 'paragraph',
        role: 'labels',
        lines: [
          labelled('From:', 'General Secretariat of the Council'),
          labelled('To:', 'Permanent Representatives Committee/Council'),
        ],
      },
      rule,
      { type: 'paragraph', role: 'labels', lines: [labelled('No. prev. doc.:', '7923/2/17 REV 2')] },
      rule,
      {
        type: 'paragraph',
        role: 'labels',
        lines: [labelled('Subject:', 'Draft conclusions'), plain('- Adoption')],
      },
      rule,
    ]);
  });

  it("heads any header with the Council's name, as the drafting room does", () => {
    expect(layoutHeader({ ...EMPTY_METADATA, subject: 'Draft conclusions' })[0]).toEqual({
      type: 'paragraph',
      role: 'institution',
      lines: [bold('COUNCIL OF THE EUROPEAN UNION')],
    });
  });

  it('lays out nothing for empty metadata', () => {
    expect(layoutHeader(EMPTY_METADATA)).toEqual([]);
  });

  it.each<[string, Partial<DocumentMetadata>]>([
    ['a type without a number', { type: 'NOTE' }],
    ['a date without a place', { date: '7 June 2017' }],
    ['a place without a date', { place: 'Brussels' }],
    ['a number the register would not write', { number: 'draft 3' }],
    ['a code that does not look like one', { codes: ['cyber stuff'] }],
    ['a type that reads as a marking', { number: '1/24', type: 'LIMITE' }],
    ['a marking that is no known marking', { marking: 'EU RESTRICTED (draft)' }],
    ['a language in words', { language: 'English' }],
    ['an empty subject', { subject: '' }],
    ['a multi-line addressee', { to: 'Delegations\nCommission' }],
  ])('labels %s so it reads back as the same field', (_what, fields) => {
    const metadata = { ...EMPTY_METADATA, ...fields };
    expect(recogniseHeader(layoutHeader(metadata)).metadata).toEqual(metadata);
  });

  it('reads back everything it lays out', () => {
    expect(recogniseHeader(layoutHeader(full)).metadata).toEqual(full);
  });
});

describe('a working draft after an issued revision', () => {
  const metadata: DocumentMetadata = {
    ...EMPTY_METADATA,
    number: '9916/1/17 REV 1',
    place: 'Brussels',
    date: '7 June 2017',
    marking: 'LIMITE',
    type: 'NOTE',
  };

  it('is marked under its number, the line read back as no field', () => {
    const items = layoutHeader(metadata, { workingDraftAfter: '9916/1/17 REV 1' });
    expect(items.slice(2, 4)).toEqual([
      { type: 'paragraph', role: 'number', lines: [bold('9916/1/17 REV 1')] },
      { type: 'paragraph', role: 'draft', lines: [bold('Working draft after 9916/1/17 REV 1, not issued')] },
    ]);
    expect(recogniseHeader(items)).toEqual({ metadata, consumed: items.length });
  });

  it('is marked in every export, and reads back as the same text', async () => {
    const fixture = parseMarkdown(COUNCIL_9916_17_MD);
    if (!fixture.ok) throw new Error(fixture.error.message);
    const doc = { ...fixture.value, metadata: { ...fixture.value.metadata, number: '9916/1/17 REV 1' } };
    const options = { workingDraftAfter: '9916/1/17 REV 1' };
    const markdown = renderMarkdown(doc, options);
    const html = renderHtml(doc, options);
    const docx = await renderDocx(doc, options);
    expect(markdown).toContain('**Working draft after 9916/1/17 REV 1, not issued**');
    expect(html).toContain(
      '<p class="draft"><strong>Working draft after 9916/1/17 REV 1, not issued</strong></p>',
    );
    for (const read of [parseMarkdown(markdown), parseHtml(html), await parseDocx(docx)]) {
      if (!read.ok) throw new Error(read.error.message);
      expect(read.value.metadata).toEqual(doc.metadata);
      expect(read.value.blocks.map((b) => [b.kind, b.text])).toEqual(doc.blocks.map((b) => [b.kind, b.text]));
    }
    // Named a working draft in the file's title too (a tab, a file list), not as the issued revision.
    expect(html).toMatch(/<title>Working draft after 9916\/1\/17 REV 1, not issued – [^<]+<\/title>/);
    const { default: JSZip } = await import('jszip');
    const core = await (await JSZip.loadAsync(docx)).file('docProps/core.xml')?.async('string');
    expect(core).toContain('<dc:title>Working draft after 9916/1/17 REV 1, not issued</dc:title>');
    // Without the option, as an issued revision is written: no such line, the number alone as title.
    expect(renderMarkdown(doc)).not.toContain('Working draft');
    expect(renderHtml(doc)).toMatch(/<title>9916\/1\/17 REV 1 – [^<]+<\/title>/);
  });
});

import { describe, expect, it } from 'vitest';
import { citeBlocks, describeCitation } from './block-citation';
import { type Block, numberBlocks } from './document';

let nextId = 0;
const block = (kind: Block['kind'], start?: number, text = ''): Block => ({
  id: `b${nextId++}`,
  kind,
  number: null,
  text,
  ...(start === undefined ? {} : { start }),
});
const heading = (text: string) => block('heading', undefined, text);

function cite(blocks: readonly Block[]) {
  return citeBlocks(numberBlocks(blocks)).map((c) => [
    describeCitation(c, 'inline'),
    describeCitation(c, 'short'),
  ]);
}

describe('citeBlocks', () => {
  it('names follow-on paragraphs as subparagraphs and bullets as indents of the paragraph they follow', () => {
    expect(
      cite([
        block('numbered'),
        block('paragraph'),
        block('paragraph'),
        block('numbered'),
        block('bullet'),
        block('bullet'),
        block('paragraph'),
        block('heading'),
        block('heading'),
      ]),
    ).toEqual([
      ['paragraph 1', '¶ 1'],
      ['paragraph 1, second subparagraph', '¶ 1, 2nd subpara.'],
      ['paragraph 1, third subparagraph', '¶ 1, 3rd subpara.'],
      ['paragraph 2', '¶ 2'],
      ['paragraph 2, first indent', '¶ 2, 1st indent'],
      ['paragraph 2, second indent', '¶ 2, 2nd indent'],
      ['paragraph 2, second subparagraph', '¶ 2, 2nd subpara.'],
      ['heading after paragraph 2', 'Heading after ¶ 2'],
      ['second heading after paragraph 2', '2nd heading after ¶ 2'],
    ]);
  });

  it('names what stands before the first numbered paragraph as introductory', () => {
    expect(
      cite([block('heading'), block('paragraph'), block('bullet'), block('paragraph'), block('numbered')]),
    ).toEqual([
      ['heading', 'Heading'],
      ['first introductory paragraph', '1st intro. para.'],
      ['first introductory indent', '1st intro. indent'],
      ['second introductory paragraph', '2nd intro. para.'],
      ['paragraph 1', '¶ 1'],
    ]);
  });

  it('opens a part where numbering restarts, with the headings just before it, so no two blocks share a name', () => {
    // The fixture's shape: a cover note's points, then the annex's title and conclusions from 1 again,
    // with no "ANNEX" heading (9916/17's cover says "as set out in the Annex"): the second part is it.
    const blocks = [
      block('numbered'),
      block('numbered'),
      block('heading'),
      block('heading'),
      block('numbered', 1),
      block('paragraph'),
      block('numbered'),
    ];
    expect(cite(blocks)).toEqual([
      ['cover note, point 1', 'Cover note, point 1'],
      ['cover note, point 2', 'Cover note, point 2'],
      ['Annex, heading', 'Annex, heading'],
      ['Annex, second heading', 'Annex, 2nd heading'],
      ['Annex, paragraph 1', 'Annex, ¶ 1'],
      ['Annex, paragraph 1, second subparagraph', 'Annex, ¶ 1, 2nd subpara.'],
      ['Annex, paragraph 2', 'Annex, ¶ 2'],
    ]);
    expect(new Set(cite(blocks).map(([inline]) => inline)).size).toBe(blocks.length);
  });

  it("opens the annex at its title when a line under it opens the conclusions; a cover's follow-on line stays the cover's", () => {
    // 9916/17 as typed by hand: "The Council … adopted the following conclusions:" under the title is
    // a paragraph, not a heading; the annex still opens at the title.
    const blocks = [
      block('numbered'),
      block('paragraph'),
      heading('DRAFT COUNCIL CONCLUSIONS'),
      block('paragraph'),
      block('numbered', 1),
    ];
    expect(cite(blocks)).toEqual([
      ['cover note, point 1', 'Cover note, point 1'],
      ['cover note, point 1, second subparagraph', 'Cover note, point 1, 2nd subpara.'],
      ['Annex, heading', 'Annex, heading'],
      ['Annex, first introductory paragraph', 'Annex, 1st intro. para.'],
      ['Annex, paragraph 1', 'Annex, ¶ 1'],
    ]);
  });

  it('names parts by number where three or more restart without an annex’s label: which is the annex is not said', () => {
    const blocks = [block('numbered'), block('numbered', 1), block('numbered', 1)];
    expect(cite(blocks)).toEqual([
      ['part 1, paragraph 1', 'Part 1, ¶ 1'],
      ['part 2, paragraph 1', 'Part 2, ¶ 1'],
      ['part 3, paragraph 1', 'Part 3, ¶ 1'],
    ]);
  });

  it('names a part headed as an annex as the Council cites it: "Annex, paragraph 1", not "part 2"', () => {
    const blocks = [
      block('numbered'),
      block('numbered'),
      heading('ANNEX'),
      heading('DRAFT COUNCIL CONCLUSIONS'),
      block('numbered', 1),
      block('paragraph'),
    ];
    expect(cite(blocks)).toEqual([
      ['cover note, point 1', 'Cover note, point 1'],
      ['cover note, point 2', 'Cover note, point 2'],
      ['Annex, heading', 'Annex, heading'],
      ['Annex, second heading', 'Annex, 2nd heading'],
      ['Annex, paragraph 1', 'Annex, ¶ 1'],
      ['Annex, paragraph 1, second subparagraph', 'Annex, ¶ 1, 2nd subpara.'],
    ]);
    const [, , , , first] = citeBlocks(numberBlocks(blocks));
    expect(first && describeCitation(first, 'title')).toBe('Annex, paragraph 1');
  });

  it.each<[string, string[], string[]]>([
    [
      'numbered by their headings',
      ['ANNEX I', 'Annex ii.'],
      ['Cover note, point 1', 'Annex I, ¶ 1', 'Annex II, ¶ 1'],
    ],
    [
      'each headed "ANNEX" alone, numbered in order',
      ['ANNEX', 'ANNEX'],
      ['Cover note, point 1', 'Annex I, ¶ 1', 'Annex II, ¶ 1'],
    ],
    // With a part that is no annex, the first part is not said to be a cover note.
    ['one headed, the other not', ['ANNEX', 'Conclusions'], ['Part 1, ¶ 1', 'Annex, ¶ 1', 'Part 3, ¶ 1']],
    [
      'headed alike twice, the second kept apart',
      ['Annex 2', 'Annex 2'],
      ['Part 1, ¶ 1', 'Annex 2, ¶ 1', 'Part 3, ¶ 1'],
    ],
  ])('names several annexes %s', (_, headings, names) => {
    const cited = cite([
      block('numbered'),
      heading(headings[0] as string),
      block('numbered', 1),
      heading(headings[1] as string),
      block('numbered', 1),
    ]).map(([, short]) => short);
    expect([cited[0], cited[2], cited[4]]).toEqual(names);
  });

  it("names a cover note's unnumbered lines and headings by its points", () => {
    const blocks = [block('paragraph'), block('numbered'), block('bullet'), block('numbered', 1)];
    expect(cite(blocks).slice(0, 3)).toEqual([
      ['cover note, first introductory paragraph', 'Cover note, 1st intro. para.'],
      ['cover note, point 1', 'Cover note, point 1'],
      ['cover note, point 1, first indent', 'Cover note, point 1, 1st indent'],
    ]);
  });

  it('keeps one part when numbering only skips ahead', () => {
    expect(cite([block('numbered'), block('numbered', 5), block('paragraph')])).toEqual([
      ['paragraph 1', '¶ 1'],
      ['paragraph 5', '¶ 5'],
      ['paragraph 5, second subparagraph', '¶ 5, 2nd subpara.'],
    ]);
  });

  it('writes ordinals past ten as figures', () => {
    const bullets = Array.from({ length: 13 }, () => block('bullet'));
    const names = cite([block('numbered'), ...bullets]).map(([inline]) => inline);
    expect(names.slice(10)).toEqual([
      'paragraph 1, tenth indent',
      'paragraph 1, 11th indent',
      'paragraph 1, 12th indent',
      'paragraph 1, 13th indent',
    ]);
  });

  it('capitalises the title form only', () => {
    const [citation] = citeBlocks(numberBlocks([block('numbered'), block('bullet')])).slice(1);
    expect(citation && describeCitation(citation, 'title')).toBe('Paragraph 1, first indent');
    expect(citation && describeCitation(citation, 'inline')).toBe('paragraph 1, first indent');
  });
});

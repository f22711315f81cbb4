import { renderHtml } from '@accord/format';
import type { AnyNode, Element } from 'domhandler';
import { findAll, findOne, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from './document-diff';
import {
  FOOTNOTE_ADDED_BEFORE_DIFF,
  FOOTNOTE_CALLS_DIFF,
  JOIN_DIFF,
  REDLINE_DIFF,
  REDLINE_OPTIONS,
  REV_2,
  SPLIT_DIFF,
} from './redline-fixture';
import { renderRedlineFragment, renderRedlineHtml } from './redline-html';
import { makeDocument } from './test-documents';

const parse = (html: string) => parseDocument(html).children;
const byClass = (nodes: ReturnType<typeof parse>, className: string) =>
  findAll((el) => (getAttributeValue(el, 'class') ?? '').split(' ').includes(className), nodes);
const named = (nodes: Element[] | ReturnType<typeof parse>, name: string) =>
  findAll((el) => el.name === name, nodes);
const texts = (elements: Element[]) => elements.map((el) => textContent(el));
/** A paragraph's text in wdiff notation, a footnote call as ^N; numbers and labels left out. */
const notation = (node: AnyNode): string => {
  if (node.type === 'text') return node.data;
  if (node.type !== 'tag') return '';
  const classes = getAttributeValue(node, 'class') ?? '';
  if (/\b(block-number|label|old-number)\b/.test(classes)) return '';
  const inner = node.children.map(notation).join('');
  if (node.name === 'ins') return `{+${inner}+}`;
  if (node.name === 'del') return `[-${inner}-]`;
  if (node.name === 'sup' && classes.includes('footnote-ref')) return `^${inner}`;
  return inner;
};

describe('renderRedlineHtml', () => {
  const page = parse(renderRedlineHtml(REDLINE_DIFF, REDLINE_OPTIONS));
  const body = byClass(page, 'redline-body');

  it("opens with the Council's name above its title, as the plain export of either version does", () => {
    const [exported] = named(byClass(parse(renderHtml(REV_2)), 'council-header'), 'p');
    const [header] = named(page, 'header');
    const lines = (header as Element).children.filter((node): node is Element => node.type === 'tag');
    expect(textContent(exported as Element)).toBe('COUNCIL OF THE EUROPEAN UNION');
    expect(lines.slice(0, 2).map((line) => [line.name, textContent(line)])).toEqual([
      ['p', textContent(exported as Element)],
      ['h1', REDLINE_OPTIONS.title],
    ]);
  });

  it('puts exactly the inserted words inside <ins> and the deleted words inside <del>', () => {
    expect(texts(named(body, 'ins'))).toEqual([
      'welcomes',
      'and policy',
      // An inserted paragraph's number is inserted, as a deleted one's is deleted.
      '3.',
      'A new paragraph with <script>alert(1)</script> in it.',
    ]);
    expect(texts(named(body, 'del'))).toEqual(['notes', '2.', 'Delegations asked for more time.']);
  });

  it('keeps the unchanged words of a modified paragraph outside <ins> and <del>', () => {
    const [modified] = byClass(body, 'change-modified');
    expect(textContent(modified as Element)).toBe('1.The Council1 notes welcomes the joint paper.');
    expect(texts(named([modified as Element], 'ins'))).toEqual(['welcomes']);
  });

  it.each([
    [
      'words inserted between two',
      'The Council notes the paper.',
      'The Council notes and further the paper.',
      ['and further'],
      [],
    ],
    [
      'words inserted before a full stop',
      'The EU recalls its strategy.',
      'The EU recalls its strategy and policy.',
      ['and policy'],
      [],
    ],
    ['a deletion', 'The Council notes the joint paper.', 'The Council notes the paper.', [], ['joint']],
    [
      'a word replaced',
      'The Council notes the paper.',
      'The Council welcomes the paper.',
      ['welcomes'],
      ['notes'],
    ],
  ])(
    'marks the words of %s, not the space between them and the text around',
    (_, before, after, inserted, deleted) => {
      const diff = diffDocuments(
        makeDocument([['a', 'numbered', before]]),
        makeDocument([['a', 'numbered', after]]),
      );
      const html = parse(renderRedlineHtml(diff, REDLINE_OPTIONS));
      expect(texts(named(html, 'ins'))).toEqual(inserted);
      expect(texts(named(html, 'del'))).toEqual(deleted);
      // The spaces stay in the text, between the words they separate.
      const [block] = byClass(html, 'block-text');
      expect(textContent(block as Element)).toMatch(/^The (\S+ )+\S+\.$/);
    },
  );

  it('marks the moved bullet with a class and says where it came from', () => {
    const moved = byClass(body, 'change-moved');
    expect(moved).toHaveLength(1);
    expect(getAttributeValue(moved[0] as Element, 'data-id')).toBe('b1');
    expect(texts(byClass(moved, 'moved-label'))).toEqual([
      'Moved from paragraph 2, first indent of 7923/1/17 REV 1',
    ]);
  });

  it('marks where the moved bullet stood, saying where it went, between the blocks around it then', () => {
    const shown = findAll(
      (el) => el.name === 'p' && /\bblock\b/.test(getAttributeValue(el, 'class') ?? ''),
      body,
    ).map((el) => getAttributeValue(el, 'data-id') ?? textContent(el));
    expect(shown).toEqual([
      'h',
      'a',
      'b',
      'Moved to paragraph 1, third indent',
      'b2',
      'b3',
      'b1',
      'c',
      'x',
      'd',
    ]);
    const [origin] = byClass(body, 'moved-away');
    expect(getAttributeValue(origin as Element, 'data-moved-to')).toBe('b1');
  });

  it('leaves the side-by-side table one row per block, the moved one in its new place', () => {
    const table = parse(renderRedlineFragment(REDLINE_DIFF, { ...REDLINE_OPTIONS, layout: 'side-by-side' }));
    expect(byClass(table, 'moved-away')).toEqual([]);
  });

  it('shows the new paragraph number and the old one where it changed', () => {
    const paragraph = findOne((el) => getAttributeValue(el, 'data-id') === 'c', body) as Element;
    expect(texts(byClass([paragraph], 'block-number'))).toEqual(['2.']);
    expect(texts(byClass([paragraph], 'old-number'))).toEqual(['(was 3)']);
  });

  it('shows a change of kind as a label on the block', () => {
    const block = findOne((el) => getAttributeValue(el, 'data-id') === 'd', body) as Element;
    expect(getAttributeValue(block, 'class')).toContain('kind-bullet');
    expect(texts(byClass([block], 'kind-label'))).toEqual(['Was an unnumbered paragraph']);
  });

  it('says how insertions are marked, and drops the underline when the Presidency marks them in bold alone', () => {
    const convention = (nodes: ReturnType<typeof parse>) => texts(byClass(nodes, 'redline-convention'));
    expect(convention(page)).toEqual([
      'Changes compared to 7923/1/17 REV 1 are marked in bold underline (insertions) and strikethrough (deletions).',
    ]);
    const bold = parse(renderRedlineHtml(REDLINE_DIFF, { ...REDLINE_OPTIONS, insertions: 'bold' }));
    expect(convention(bold)).toEqual([
      'Changes compared to 7923/1/17 REV 1 are marked in bold (insertions) and strikethrough (deletions).',
    ]);
    expect(byClass(bold, 'insertions-bold').map((el) => el.name)).toEqual(['article']);
    expect(byClass(page, 'insertions-bold')).toEqual([]);
  });

  it('escapes markup typed into the text, the title and the labels', () => {
    expect(named(page, 'script')).toEqual([]);
    expect(named(body, 'b')).toEqual([]);
    expect(texts(named(page, 'title'))).toEqual(['7923/2/17 REV 2 <compared>']);
    expect(textContent(body)).toContain('It stresses <b>cooperation</b>.');
  });

  it('lists the header and footnote changes', () => {
    const header = byClass(page, 'redline-metadata');
    expect(texts(named(header, 'del'))).toEqual(['7923/1/17 REV 1']);
    expect(texts(named(header, 'ins'))).toEqual(['7923/2/17 REV 2']);
    const footnotes = byClass(page, 'redline-footnotes');
    expect(texts(named(footnotes, 'ins'))).toEqual([', FR']);
  });

  it('labels a footnote whose call moved within its paragraph', () => {
    const text = 'The Council notes the paper and the annex.';
    const moved = diffDocuments(
      makeDocument([['a', 'numbered', text]], [{ id: 'f1', blockId: 'a', offset: 17, text: '12109/13.' }]),
      makeDocument([['a', 'numbered', text]], [{ id: 'f1', blockId: 'a', offset: 41, text: '12109/13.' }]),
    );
    const footnotes = byClass(parse(renderRedlineHtml(moved, REDLINE_OPTIONS)), 'redline-footnotes');
    expect(texts(byClass(footnotes, 'moved-label'))).toEqual(['Moved within paragraph 1']);
  });

  it('shows each footnote call in the text: kept plain, added inserted, removed struck through', () => {
    const blocks = byClass(parse(renderRedlineFragment(FOOTNOTE_CALLS_DIFF, REDLINE_OPTIONS)), 'block');
    expect(blocks.map(notation)).toEqual([
      'Alpha^1 beta[-^2-] gamma[-^2-] delta.[-^3-]{+^2+}',
      'Epsilon{+^3+} zeta.{+^4+}',
    ]);
  });

  it('links each footnote call to its entry in the footnote list', () => {
    const page = parse(renderRedlineFragment(FOOTNOTE_CALLS_DIFF, REDLINE_OPTIONS));
    const links = findAll((el) => el.name === 'a', byClass(page, 'redline-body'));
    for (const link of links) {
      const target = (getAttributeValue(link, 'href') ?? '').slice(1);
      const entry = findOne((el) => getAttributeValue(el, 'id') === target, page) as Element;
      expect(textContent(byClass([entry], 'footnote-number'))).toBe(textContent(link));
    }
    expect(links).toHaveLength(7);
  });

  it('carries its own styles: insertions bold and underlined, deletions struck through', () => {
    const style = texts(named(page, 'style')).join('');
    expect(style).toMatch(/ins \{[^}]*font-weight: bold;[^}]*text-decoration: underline/);
    expect(style).toMatch(/del \{[^}]*text-decoration: line-through/);
    expect(
      findAll((el) => ['link', 'img'].includes(el.name) || getAttributeValue(el, 'src') !== undefined, page),
    ).toEqual([]);
  });

  it('shows an empty paragraph inserted or deleted as its paragraph mark, not as nothing', () => {
    const before = makeDocument([
      ['a', 'numbered', 'The Council adopts.'],
      ['b', 'paragraph', ' '],
    ]);
    const after = makeDocument([
      ['a', 'numbered', 'The Council adopts.'],
      ['c', 'paragraph', ''],
    ]);
    const html = parse(renderRedlineHtml(diffDocuments(before, after), REDLINE_OPTIONS));
    const redlineBody = byClass(html, 'redline-body');
    expect(texts(named(redlineBody, 'ins'))).toEqual(['¶']);
    expect(texts(named(redlineBody, 'del'))).toEqual(['¶']);
  });

  it('says so when nothing changed', () => {
    const doc = makeDocument([['a', 'numbered', 'Same.']]);
    const html = parse(renderRedlineHtml(diffDocuments(doc, doc), REDLINE_OPTIONS));
    expect(named(html, 'ins')).toEqual([]);
    expect(named(html, 'del')).toEqual([]);
    expect(texts(byClass(html, 'redline-meta'))[0]).toContain('No changes');
  });
});

describe('renderRedlineFragment', () => {
  it('gives one <article> and nothing around it', () => {
    const nodes = parse(renderRedlineFragment(REDLINE_DIFF, REDLINE_OPTIONS)).filter(
      (node) => node.type === 'tag',
    );
    expect(nodes.map((node) => (node as Element).name)).toEqual(['article']);
  });

  it('side by side, puts deletions only in the old column and insertions only in the new', () => {
    const nodes = parse(renderRedlineFragment(REDLINE_DIFF, { ...REDLINE_OPTIONS, layout: 'side-by-side' }));
    const oldColumn = byClass(nodes, 'old');
    const newColumn = byClass(nodes, 'new');
    expect(named(oldColumn, 'ins')).toEqual([]);
    expect(named(newColumn, 'del')).toEqual([]);
    expect(texts(named(oldColumn, 'del'))).toEqual(['notes', '2.', 'Delegations asked for more time.']);
    expect(texts(named(newColumn, 'ins'))).toEqual([
      'welcomes',
      'and policy',
      // An inserted paragraph's number is inserted, as a deleted one's is deleted.
      '3.',
      'A new paragraph with <script>alert(1)</script> in it.',
    ]);
    expect(texts(named(byClass(nodes, 'side-by-side'), 'th'))).toEqual([
      '7923/1/17 REV 1',
      '7923/2/17 REV 2',
    ]);
  });

  it('side by side, shows the old footnote calls in the old column and the new ones in the new', () => {
    const calls = parse(
      renderRedlineFragment(FOOTNOTE_CALLS_DIFF, { ...REDLINE_OPTIONS, layout: 'side-by-side' }),
    );
    expect(byClass(byClass(calls, 'old'), 'block').map(notation)).toEqual([
      'Alpha^1 beta[-^2-] gamma[-^2-] delta.[-^3-]',
      'Epsilon zeta.',
    ]);
    expect(byClass(byClass(calls, 'new'), 'block').map(notation)).toEqual([
      'Alpha^1 beta gamma delta.{+^2+}',
      'Epsilon{+^3+} zeta.{+^4+}',
    ]);
  });
});

describe('renderRedlineHtml: a paragraph split or joined', () => {
  const options = { ...REDLINE_OPTIONS, fromLabel: '7923/1/17 REV 1' };
  const paragraph = (nodes: ReturnType<typeof parse>, id: string) =>
    findOne((el) => el.name === 'p' && getAttributeValue(el, 'data-id') === id, nodes) as Element;

  it('ends the first part with an inserted paragraph mark and keeps the moved words plain', () => {
    const body = byClass(parse(renderRedlineFragment(SPLIT_DIFF, options)), 'redline-body');
    expect(notation(paragraph(body, 'p'))).toBe(
      'The Council {+warmly+} welcomes the joint communication.[- -]{+¶+}',
    );
    expect(texts(byClass(body, 'paragraph-mark'))).toEqual(['¶']);
    // Only the real edits and the new paragraph's number: the words split off are not inserted.
    const second = paragraph(body, 'q');
    expect(notation(second)).toBe('It calls on the [-Commission-] {+High Representative+}^1 to report.');
    expect(texts(named([second], 'ins'))).toEqual(['3.', 'High Representative']);
    expect(texts(byClass([second], 'split-label'))).toEqual(['Split from paragraph 2 of 7923/1/17 REV 1']);
  });

  it('ends the first paragraph of a join with a deleted paragraph mark, the second one’s words kept', () => {
    const body = byClass(parse(renderRedlineFragment(JOIN_DIFF, options)), 'redline-body');
    expect(notation(paragraph(body, 'p'))).toBe('The Council welcomes the joint communication.[-¶-]');
    const joined = paragraph(body, 'q');
    expect(notation(joined)).toBe('{+ +}It calls on the Commission to report.');
    // Its number goes: it is no paragraph of its own any more.
    expect(texts(named([joined], 'del'))).toEqual(['3.']);
    expect(texts(byClass([joined], 'join-label'))).toEqual(['Joined with paragraph 2 of 7923/1/17 REV 1']);
    expect(textContent(byClass(parse(renderRedlineFragment(JOIN_DIFF, options)), 'redline-meta'))).toContain(
      '1 modified, 1 joined',
    );
  });

  it('side by side, shows each part’s old words in the old column and the mark in the column it belongs to', () => {
    const split = byClass(
      parse(renderRedlineFragment(SPLIT_DIFF, { ...options, layout: 'side-by-side' })),
      'new',
    );
    const splitOld = byClass(
      parse(renderRedlineFragment(SPLIT_DIFF, { ...options, layout: 'side-by-side' })),
      'old',
    );
    expect(splitOld.map((cell) => notation(cell))).toEqual([
      'The Council recalls its conclusions.',
      'The Council welcomes the joint communication.[- -]',
      'It calls on the [-Commission-]^1 to report.',
      'The Council will revert to the matter.',
    ]);
    expect(split.map((cell) => notation(cell))[1]).toBe(
      'The Council {+warmly+} welcomes the joint communication.{+¶+}',
    );
    const joinNew = byClass(
      parse(renderRedlineFragment(JOIN_DIFF, { ...options, layout: 'side-by-side' })),
      'new',
    );
    const joinOld = byClass(
      parse(renderRedlineFragment(JOIN_DIFF, { ...options, layout: 'side-by-side' })),
      'old',
    );
    expect(joinOld.map((cell) => notation(cell))[1]).toBe(
      'The Council welcomes the joint communication.[-¶-]',
    );
    expect(joinNew.map((cell) => notation(cell)).slice(1, 3)).toEqual([
      'The Council welcomes the joint communication.',
      '{+ +}It calls on the Commission to report.',
    ]);
  });

  it('marks no change on a footnote only renumbered, by one added before it', () => {
    const page = renderRedlineHtml(FOOTNOTE_ADDED_BEFORE_DIFF, REDLINE_OPTIONS);
    // The added call alone is inserted; the others show their new numbers, unmarked.
    expect([...page.matchAll(/<ins>.*?<\/ins>/g)].map(([ins]) => ins)).toEqual([
      '<ins><sup class="footnote-ref"><a href="#redline-fn-1">1</a></sup></ins>',
      '<ins>Zero.</ins>',
    ]);
    expect(page).not.toContain('<del>');
    expect([...page.matchAll(/<p class="footnote change-(\w+)"/g)].map(([, change]) => change)).toEqual([
      'inserted',
      'unchanged',
      'unchanged',
    ]);
  });
});

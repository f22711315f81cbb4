import { describe, expect, it } from 'vitest';
import {
  type Block,
  EMPTY_METADATA,
  findEmptyBlocks,
  numberBlocks,
  numberFootnotes,
  withFreshIds,
} from './document';

const block = (id: string, kind: Block['kind'], start?: number): Block => ({
  id,
  kind,
  number: null,
  text: id,
  ...(start === undefined ? {} : { start }),
});

describe('numberBlocks', () => {
  it('numbers numbered paragraphs in order and skips every other kind', () => {
    const blocks = numberBlocks([
      block('a', 'numbered'),
      block('b', 'paragraph'),
      block('c', 'numbered'),
      block('d', 'bullet'),
      block('e', 'numbered'),
    ]);
    expect(blocks.map((b) => b.number)).toEqual(['1', null, '2', null, '3']);
  });

  it('restarts where a paragraph carries a start, as the conclusions in an annex do', () => {
    const blocks = numberBlocks([
      block('a', 'numbered'),
      block('b', 'numbered'),
      block('t', 'heading'),
      block('c', 'numbered', 1),
      block('d', 'numbered'),
    ]);
    expect(blocks.map((b) => b.number)).toEqual(['1', '2', null, '1', '2']);
  });

  it('renumbers the rest when a paragraph is removed', () => {
    const blocks = [block('a', 'numbered'), block('b', 'numbered'), block('c', 'numbered')];
    expect(numberBlocks(blocks.filter((b) => b.id !== 'a')).map((b) => [b.id, b.number])).toEqual([
      ['b', '1'],
      ['c', '2'],
    ]);
  });
});

describe('numberFootnotes', () => {
  it('numbers footnotes by where they are cited', () => {
    const blocks = [block('a', 'numbered'), block('b', 'numbered')];
    const notes = numberFootnotes(blocks, [
      { id: 'x', number: 0, blockId: 'b', offset: 1, text: 'x' },
      { id: 'y', number: 0, blockId: 'a', offset: 5, text: 'y' },
      { id: 'z', number: 0, blockId: 'a', offset: 2, text: 'z' },
    ]);
    expect(notes.map((n) => [n.id, n.number])).toEqual([
      ['z', 1],
      ['y', 2],
      ['x', 3],
    ]);
  });
});

describe('withFreshIds', () => {
  it('gives every block and footnote a new id and keeps each footnote on its block', () => {
    let n = 0;
    const fresh = withFreshIds(
      {
        metadata: { ...EMPTY_METADATA, number: '9916/17' },
        blocks: [block('b1', 'numbered', 3), block('b2', 'paragraph')],
        footnotes: [{ id: 'fn1', number: 1, blockId: 'b2', offset: 2, text: 'Doc. 1/17.' }],
      },
      () => `new-${++n}`,
    );
    expect(fresh.blocks).toEqual([
      { id: 'new-1', kind: 'numbered', number: null, text: 'b1', start: 3 },
      { id: 'new-2', kind: 'paragraph', number: null, text: 'b2' },
    ]);
    expect(fresh.footnotes).toEqual([
      { id: 'new-3', number: 1, blockId: 'new-2', offset: 2, text: 'Doc. 1/17.' },
    ]);
    expect(fresh.metadata.number).toBe('9916/17');
  });
});

describe('findEmptyBlocks', () => {
  it.each<[string, string, boolean, boolean]>([
    ['no text at all', '', false, true],
    ['spaces', '   ', false, true],
    ['a tab, a line break and a no-break space', '\t\n\u00a0', false, true],
    ['a word', 'The EU', false, false],
    ['a full stop', '.', false, false],
    ['brackets with nothing in them', '[ ]', false, false],
    ['no text, but a footnote cited', '', true, false],
  ])('a block of %s: empty %s', (_, text, footnote, empty) => {
    const blocks = [{ id: 'x', text }];
    const footnotes = footnote ? [{ blockId: 'x' }] : [];
    expect(findEmptyBlocks(blocks, footnotes).has('x')).toBe(empty);
  });
});

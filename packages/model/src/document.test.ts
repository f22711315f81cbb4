import { describe, expect, it } from 'vitest';
import { type Block, numberBlocks, numberFootnotes } from './document';

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

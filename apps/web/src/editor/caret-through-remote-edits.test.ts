import { describe, expect, it } from 'vitest';
import {
  findPositionAfterRemovedBlock,
  findPositionAfterSplit,
  findPositionBeforeUnchangedText,
} from './caret-through-remote-edits';
import { createDocumentSchema } from './document-schema';

const schema = createDocumentSchema();

/** A document of paragraphs, each given as `id:text`, a footnote written `^`. */
function makeDoc(...blocks: string[]) {
  return schema.node(
    'doc',
    null,
    blocks.map((block) => {
      const [id, text = ''] = block.split(':');
      const content = text
        .split(/(\^)/)
        .filter((piece) => piece !== '')
        .map((piece) => (piece === '^' ? schema.node('footnote', { text: 'A note.' }) : schema.text(piece)));
      return schema.node('paragraph', { id }, content);
    }),
  );
}

/** The position of `offset` in block `id`. */
function locate(doc: ReturnType<typeof makeDoc>, id: string, offset: number): number {
  let found = -1;
  doc.forEach((node, pos) => {
    if (node.attrs.id === id) found = pos + 1 + offset;
  });
  return found;
}

/** A position as `id:offset`, the block id and the offset in it. */
function describePosition(doc: ReturnType<typeof makeDoc>, pos: number | null) {
  if (pos === null) return null;
  const $pos = doc.resolve(pos);
  return `${$pos.parent.attrs.id}:${$pos.parentOffset}`;
}

describe('the caret in a block a remote edit removed', () => {
  it.each([
    {
      case: 'a join keeps the caret at the end of the joined text',
      before: ['p:Before.', 'x:Joined IT', 'n:Next.'],
      after: ['p:Before.Joined IT', 'n:Next.'],
      caret: 'x:9',
      expected: 'p:16',
    },
    {
      case: 'a join keeps the caret on its character inside the joined text',
      before: ['p:Before.', 'x:Joined text', 'n:Next.'],
      after: ['p:Before.Joined text', 'n:Next.'],
      caret: 'x:6',
      expected: 'p:13',
    },
    {
      case: 'a join made before the last keys reached the joiner puts the caret after what was copied',
      before: ['p:Before.', 'x:Joined ITabc', 'n:Next.'],
      after: ['p:Before.Joined IT', 'n:Next.'],
      caret: 'x:12',
      expected: 'p:16',
    },
    {
      case: 'a deleted paragraph leaves the caret at the end of the one before',
      before: ['p:Before.', 'x:Deleted. tail', 'n:Next.'],
      after: ['p:Before.', 'n:Next.'],
      caret: 'x:8',
      expected: 'p:7',
    },
    {
      case: 'the nearest earlier block still there takes the caret when the one before went too',
      before: ['p:Before.', 'q:Gone', 'x:Gone too', 'n:Next.'],
      after: ['p:Before.', 'n:Next.'],
      caret: 'x:4',
      expected: 'p:7',
    },
    {
      case: 'a block still there is left to Yjs',
      before: ['p:Before.', 'x:Kept', 'n:Next.'],
      after: ['x:Kept', 'n:Next.'],
      caret: 'x:2',
      expected: null,
    },
    {
      case: 'the first block removed is left to Yjs',
      before: ['x:First', 'n:Next.'],
      after: ['n:Next.'],
      caret: 'x:2',
      expected: null,
    },
  ])('$case', ({ before, after, caret, expected }) => {
    const oldDoc = makeDoc(...before);
    const newDoc = makeDoc(...after);
    const [id = '', offset = '0'] = caret.split(':');
    const found = findPositionAfterRemovedBlock(oldDoc, newDoc, locate(oldDoc, id, Number(offset)));
    expect(describePosition(newDoc, found)).toBe(expected);
  });
});

describe('the caret in the text a remote Enter moved to a new block', () => {
  it.each([
    {
      case: 'a caret at the end of the paragraph goes to the end of the second part',
      before: ['p:Before.', 'x:Joined text here.', 'n:Next.'],
      after: ['p:Before.', 'x:Joined ', 'y:text here.', 'n:Next.'],
      caret: 'x:17',
      expected: 'y:10',
    },
    {
      case: 'a caret inside the second part stays on its character',
      before: ['x:Joined text here.'],
      after: ['x:Joined ', 'y:text here.'],
      caret: 'x:11',
      expected: 'y:4',
    },
    {
      case: 'a split made before the last keys reached the splitter puts the caret after what was copied',
      before: ['x:Joined text hereabc', 'n:Next.'],
      after: ['x:Joined ', 'y:text here', 'n:Next.'],
      caret: 'x:19',
      expected: 'y:9',
    },
    {
      case: 'a caret before the split stays to Yjs',
      before: ['x:Joined text here.'],
      after: ['x:Joined ', 'y:text here.'],
      caret: 'x:3',
      expected: null,
    },
    {
      case: 'a caret at the split stays to Yjs, at the end of the first part',
      before: ['x:Joined text here.'],
      after: ['x:Joined ', 'y:text here.'],
      caret: 'x:7',
      expected: null,
    },
    {
      case: 'a new paragraph after a deletion that is not the text deleted is left to Yjs',
      before: ['x:Joined text here.'],
      after: ['x:Joined ', 'y:Other words.'],
      caret: 'x:17',
      expected: null,
    },
    {
      case: 'an empty paragraph added after the block is left to Yjs',
      before: ['x:Joined text here.'],
      after: ['x:Joined text here.', 'y:'],
      caret: 'x:17',
      expected: null,
    },
    {
      case: 'a paragraph already there is no split',
      before: ['x:Joined text here.', 'n:text here.'],
      after: ['x:Joined ', 'n:text here.'],
      caret: 'x:17',
      expected: null,
    },
  ])('$case', ({ before, after, caret, expected }) => {
    const oldDoc = makeDoc(...before);
    const newDoc = makeDoc(...after);
    const [id = '', offset = '0'] = caret.split(':');
    const found = findPositionAfterSplit(oldDoc, newDoc, locate(oldDoc, id, Number(offset)));
    expect(describePosition(newDoc, found)).toBe(expected);
  });
});

describe('the caret after a remote edit before it in its block', () => {
  it.each([
    {
      case: 'a footnote inserted before the caret leaves it after the same words',
      before: ['x:Sentence. DE i'],
      after: ['x:Sentence.^ DE i'],
      caret: 'x:14',
      expected: 'x:15',
    },
    {
      case: 'a footnote inserted before the caret inside the words leaves it on its character',
      before: ['x:Sentence. DE is here'],
      after: ['x:Sentence.^ DE is here'],
      caret: 'x:14',
      expected: 'x:15',
    },
    {
      case: 'text typed before the caret moves it on by as much',
      before: ['x:Sentence. DE i'],
      after: ['x:The sentence. DE i'],
      caret: 'x:14',
      expected: 'x:18',
    },
    {
      case: 'a caret right where the text changed is left to Yjs',
      before: ['x:Sentence. DE i'],
      after: ['x:Sentence.^ DE i'],
      caret: 'x:9',
      expected: null,
    },
    {
      case: 'a change after the caret is left to Yjs',
      before: ['x:Sentence. DE i'],
      after: ['x:Sentence. DE i^'],
      caret: 'x:4',
      expected: null,
    },
    {
      case: 'changes on both sides of the caret are left to Yjs',
      before: ['x:Sentence. DE i'],
      after: ['x:A sentence. DE is'],
      caret: 'x:12',
      expected: null,
    },
    {
      case: 'a block unchanged is left to Yjs',
      before: ['x:Sentence.', 'n:Next.'],
      after: ['x:Sentence.', 'n:The next.'],
      caret: 'x:4',
      expected: null,
    },
  ])('$case', ({ before, after, caret, expected }) => {
    const oldDoc = makeDoc(...before);
    const newDoc = makeDoc(...after);
    const [id = '', offset = '0'] = caret.split(':');
    const found = findPositionBeforeUnchangedText(oldDoc, newDoc, locate(oldDoc, id, Number(offset)));
    expect(describePosition(newDoc, found)).toBe(expected);
  });
});

describe('the checks after a remote change', () => {
  it('read the blocks of each document once between them, for the anchor and the head', () => {
    const oldDoc = makeDoc('a:First.', 'b:Typed here', 'c:Third.');
    const newDoc = makeDoc('a:First, changed elsewhere.', 'b:Typed here', 'c:Third.');
    const walks = new Map<unknown, number>();
    for (const doc of [oldDoc, newDoc]) {
      const descendants = doc.descendants.bind(doc);
      doc.descendants = (...args) => {
        walks.set(doc, (walks.get(doc) ?? 0) + 1);
        descendants(...args);
      };
    }
    const caret = locate(oldDoc, 'b', 5);
    for (const find of [
      findPositionAfterSplit,
      findPositionBeforeUnchangedText,
      findPositionAfterRemovedBlock,
    ])
      for (const end of [caret, caret]) expect(find(oldDoc, newDoc, end)).toBeNull();
    expect(walks.get(newDoc)).toBe(1);
    expect(walks.get(oldDoc) ?? 0).toBeLessThanOrEqual(1);
  });
});

/**
 * Others' updates within a frame reach the editor as one change (`batch-remote-updates.ts`); an Enter,
 * a join or a footnote goes in as a change of its own, but others' edits the server relayed with it in
 * one message come in the same change. Each case is one of the cases above with another delegation's
 * edit elsewhere in the same change, and must end the same.
 */
describe('the caret after a remote edit that came with others’ edits elsewhere', () => {
  const finders = {
    removed: findPositionAfterRemovedBlock,
    split: findPositionAfterSplit,
    footnote: findPositionBeforeUnchangedText,
  };
  it.each<{
    case: string;
    find: keyof typeof finders;
    before: string[];
    after: string[];
    caret: string;
    expected: string;
  }>([
    {
      case: 'a join, with typing in the next paragraph',
      find: 'removed',
      before: ['w:Before. ', 'x:Joined text here.', 'n:Next.'],
      after: ['w:Before. Joined text here.', 'n:Next, typed.'],
      caret: 'x:17',
      expected: 'w:25',
    },
    {
      case: 'a join, with another join further on',
      find: 'removed',
      before: ['w:Before. ', 'x:Joined text here.', 'n:Next.', 'm:More.'],
      after: ['w:Before. Joined text here.', 'n:Next.More.'],
      caret: 'x:7',
      expected: 'w:15',
    },
    {
      case: 'an Enter, with typing in the paragraph before',
      find: 'split',
      before: ['p:Before.', 'x:Joined text here.', 'n:Next.'],
      after: ['p:Typed before.', 'x:Joined ', 'y:text here.', 'n:Next.'],
      caret: 'x:17',
      expected: 'y:10',
    },
    {
      case: 'an Enter, with another Enter in the paragraph before',
      find: 'split',
      before: ['p:Before. Split.', 'x:Joined text here.', 'n:Next.'],
      after: ['p:Before. ', 'q:Split.', 'x:Joined ', 'y:text here.', 'n:Next.'],
      caret: 'x:17',
      expected: 'y:10',
    },
    {
      case: 'a footnote before the caret, with typing in another paragraph',
      find: 'footnote',
      before: ['x:Sentence. DE is here', 'n:Next.'],
      after: ['x:Sentence.^ DE is here', 'n:Next, typed.'],
      caret: 'x:14',
      expected: 'x:15',
    },
    {
      case: 'a footnote before the caret, with typing before it in the same paragraph',
      find: 'footnote',
      before: ['x:Sentence. DE is here'],
      after: ['x:A sentence.^ DE is here'],
      caret: 'x:14',
      expected: 'x:17',
    },
  ])('$case', ({ find, before, after, caret, expected }) => {
    const oldDoc = makeDoc(...before);
    const newDoc = makeDoc(...after);
    const [id = '', offset = '0'] = caret.split(':');
    const found = finders[find](oldDoc, newDoc, locate(oldDoc, id, Number(offset)));
    expect(describePosition(newDoc, found)).toBe(expected);
  });
});

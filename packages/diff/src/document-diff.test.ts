import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BlockDiff, diffDocuments } from './document-diff';
import { type BlockSpec, makeDocument } from './test-documents';
import { MAX_EDIT_TOKENS_PER_BLOCK } from './word-diff';

const P1 = 'The EU recognises that cyberspace offers significant opportunities.';
const P2 = 'The EU recalls its conclusions on the EU Cybersecurity strategy.';
const P3 = 'The EU affirms that international law is applicable to cyberspace.';
const B1 = 'diplomatic measures';
const B2 = 'restrictive measures';
const B3 = 'support to Member States';

/** One line per block: change, old → new number, id. */
const outline = (blocks: readonly BlockDiff[]) =>
  blocks.map((b) => `${b.change} ${b.old?.number ?? '-'}→${b.new?.number ?? '-'} ${b.new?.id ?? b.old?.id}`);

describe('diffDocuments: block changes', () => {
  it.each<[string, BlockSpec[], BlockSpec[], string[]]>([
    [
      'reports identical versions as unchanged throughout',
      [
        ['a', 'numbered', P1],
        ['b', 'paragraph', P2],
      ],
      [
        ['a', 'numbered', P1],
        ['b', 'paragraph', P2],
      ],
      ['unchanged 1→1 a', 'unchanged -→- b'],
    ],
    [
      'does not count renumbering as a change: only the paragraph inserted at the top is new',
      [
        ['a', 'numbered', P1],
        ['b', 'numbered', P2],
        ['c', 'paragraph', 'Follow-on text.'],
        ['d', 'numbered', P3],
      ],
      [
        ['z', 'numbered', 'A new first paragraph.'],
        ['a', 'numbered', P1],
        ['b', 'numbered', P2],
        ['c', 'paragraph', 'Follow-on text.'],
        ['d', 'numbered', P3],
      ],
      ['inserted -→1 z', 'unchanged 1→2 a', 'unchanged 2→3 b', 'unchanged -→- c', 'unchanged 3→4 d'],
    ],
    [
      'places a deleted paragraph where it stood, before what was inserted there',
      [
        ['a', 'numbered', P1],
        ['b', 'numbered', P2],
        ['c', 'numbered', P3],
      ],
      [
        ['a', 'numbered', P1],
        ['x', 'numbered', 'A replacement paragraph.'],
        ['c', 'numbered', P3],
      ],
      ['unchanged 1→1 a', 'deleted 2→- b', 'inserted -→2 x', 'unchanged 3→3 c'],
    ],
    [
      'places a paragraph deleted at the very top first',
      [
        ['a', 'numbered', P1],
        ['b', 'numbered', P2],
      ],
      [['b', 'numbered', P2]],
      ['deleted 1→- a', 'unchanged 2→1 b'],
    ],
    [
      'marks the bullet that moved, not the ones it jumped over',
      [
        ['a', 'numbered', P1],
        ['b1', 'bullet', B1],
        ['b2', 'bullet', B2],
        ['b3', 'bullet', B3],
        ['c', 'numbered', P2],
      ],
      [
        ['a', 'numbered', P1],
        ['b2', 'bullet', B2],
        ['b3', 'bullet', B3],
        ['b1', 'bullet', B1],
        ['c', 'numbered', P2],
      ],
      ['unchanged 1→1 a', 'unchanged -→- b2', 'unchanged -→- b3', 'moved -→- b1', 'unchanged 2→2 c'],
    ],
  ])('%s', (_title, oldBlocks, newBlocks, expected) => {
    expect(outline(diffDocuments(makeDocument(oldBlocks), makeDocument(newBlocks)).blocks)).toEqual(expected);
  });

  it('shows a paragraph cut and pasted further down the live text as moved, though the editor gave it a new id', () => {
    const cut = diffDocuments(
      makeDocument([
        ['a', 'numbered', P1],
        ['b', 'numbered', P2],
        ['c', 'numbered', P3],
        ['d', 'numbered', 'The EU calls on the Member States to act.'],
      ]),
      makeDocument([
        ['a', 'numbered', P1],
        ['c', 'numbered', P3],
        ['d', 'numbered', 'The EU calls on the Member States to act.'],
        ['x', 'numbered', P2],
      ]),
      // As the server compares two versions of one document.
      { align: 'id' },
    );
    expect(outline(cut.blocks)).toEqual([
      'unchanged 1→1 a',
      'unchanged 3→2 c',
      'unchanged 4→3 d',
      'moved 2→4 x',
    ]);
    expect(cut.blocks[3]).toMatchObject({ movedFrom: '2', textChanged: false });
  });

  it('gives a modified paragraph its word runs', () => {
    const diff = diffDocuments(
      makeDocument([['a', 'numbered', 'The Council notes the paper.']]),
      makeDocument([['a', 'numbered', 'The Council welcomes the paper.']]),
    );
    expect(diff.blocks).toEqual([
      {
        change: 'modified',
        old: { id: 'a', number: '1', text: 'The Council notes the paper.', kind: 'numbered' },
        new: { id: 'a', number: '1', text: 'The Council welcomes the paper.', kind: 'numbered' },
        ops: [
          { op: 'equal', text: 'The Council' },
          { op: 'delete', text: ' notes' },
          { op: 'insert', text: ' welcomes' },
          { op: 'equal', text: ' the paper.' },
        ],
        oldIndex: 0,
        newIndex: 0,
        textChanged: true,
        kindChanged: false,
      },
    ]);
  });

  it('counts a paragraph that became a bullet as modified, with both kinds shown and its text equal', () => {
    const [entry] = diffDocuments(
      makeDocument([['a', 'paragraph', B1]]),
      makeDocument([['a', 'bullet', B1]]),
    ).blocks;
    expect(entry).toMatchObject({
      change: 'modified',
      kindChanged: true,
      textChanged: false,
      old: { kind: 'paragraph' },
      new: { kind: 'bullet' },
      ops: [{ op: 'equal', text: B1 }],
    });
  });

  it('reports a moved and edited paragraph as moved, with its word runs and where it came from', () => {
    const diff = diffDocuments(
      makeDocument([
        ['a', 'numbered', P1],
        ['b', 'numbered', P2],
        ['c', 'numbered', P3],
        ['d', 'numbered', 'Fourth.'],
      ]),
      makeDocument([
        ['b', 'numbered', P2],
        ['c', 'numbered', P3],
        ['a', 'numbered', P1.replace('significant', 'major')],
        ['d', 'numbered', 'Fourth.'],
      ]),
    );
    const moved = diff.blocks.find((b) => b.change === 'moved');
    expect(moved).toMatchObject({
      old: { id: 'a', number: '1' },
      new: { id: 'a', number: '3' },
      oldIndex: 0,
      newIndex: 2,
      textChanged: true,
      movedFrom: '1',
    });
    expect(moved?.ops.filter((op) => op.op !== 'equal')).toEqual([
      { op: 'delete', text: ' significant' },
      { op: 'insert', text: ' major' },
    ]);
    expect(diff.summary).toEqual({
      unchanged: 3,
      modified: 0,
      inserted: 0,
      deleted: 0,
      moved: 1,
      rewritten: 0,
      split: 0,
      joined: 0,
    });
  });

  it('says which numbered paragraph a moved bullet stood under', () => {
    const diff = diffDocuments(
      makeDocument([
        ['a', 'numbered', P1],
        ['b1', 'bullet', B1],
        ['c', 'numbered', P2],
        ['d', 'numbered', P3],
      ]),
      makeDocument([
        ['a', 'numbered', P1],
        ['c', 'numbered', P2],
        ['d', 'numbered', P3],
        ['b1', 'bullet', B1],
      ]),
    );
    // The LIS keeps a, c, d in place; the bullet that stood under paragraph 1 moved.
    expect(diff.blocks.find((b) => b.change === 'moved')).toMatchObject({
      old: { id: 'b1' },
      movedFrom: '1',
    });
  });

  it('says which of the bullets under its old paragraph a moved bullet was, and none for a numbered paragraph', () => {
    const diff = diffDocuments(
      makeDocument([
        ['a', 'numbered', P1],
        ['s', 'paragraph', 'Follow-on text.'],
        ['b1', 'bullet', B1],
        ['b2', 'bullet', B2],
        ['b3', 'bullet', B3],
        ['c', 'numbered', P2],
        ['d', 'numbered', P3],
      ]),
      makeDocument([
        ['d', 'numbered', P3],
        ['a', 'numbered', P1],
        ['s', 'paragraph', 'Follow-on text.'],
        ['b3', 'bullet', B3],
        ['b1', 'bullet', B1],
        ['b2', 'bullet', B2],
        ['c', 'numbered', P2],
      ]),
    );
    const moved = diff.blocks.filter((b) => b.change === 'moved');
    expect(moved.map((b) => [b.old?.id, b.movedFrom, b.movedFromOrdinal])).toEqual([
      ['d', '3', null],
      // The third bullet under paragraph 1 (the follow-on paragraph before them is not counted).
      ['b3', '1', 3],
    ]);
  });

  it('flags a paragraph rewritten beyond the cap and shows it deleted and inserted whole', () => {
    const words = Array.from({ length: MAX_EDIT_TOKENS_PER_BLOCK }, (_, i) => `w${i}`);
    const oldText = words.join(' ');
    const newText = [...words].reverse().join(' ');
    const diff = diffDocuments(
      makeDocument([['a', 'numbered', oldText]]),
      makeDocument([['a', 'numbered', newText]]),
    );
    expect(diff.blocks[0]).toMatchObject({
      change: 'modified',
      rewritten: true,
      ops: [
        { op: 'delete', text: oldText },
        { op: 'insert', text: newText },
      ],
    });
    expect(diff.summary.rewritten).toBe(1);
  });

  it('returns a result for two huge documents whose every paragraph was reordered word by word', () => {
    const paragraph = (i: number) => Array.from({ length: 300 }, (_, w) => `p${i}w${w}`).join(' ');
    const oldBlocks: BlockSpec[] = Array.from({ length: 300 }, (_, i) => [`b${i}`, 'numbered', paragraph(i)]);
    const newBlocks: BlockSpec[] = oldBlocks.map(([id, kind, text]) => [
      id,
      kind,
      text.split(' ').reverse().join(' '),
    ]);
    const diff = diffDocuments(makeDocument(oldBlocks), makeDocument(newBlocks));
    expect(diff.summary).toMatchObject({ modified: 300, rewritten: 300 });
  });
});

describe('diffDocuments: two files whose ids mean nothing to each other', () => {
  const oldDoc = makeDocument([
    ['block-1', 'numbered', P1],
    ['block-2', 'numbered', P2],
    ['block-3', 'bullet', B1],
    ['block-4', 'bullet', B2],
    ['block-5', 'numbered', P3],
  ]);
  const newDoc = makeDocument([
    ['n1', 'numbered', 'A new opening paragraph on the toolbox.'],
    ['n2', 'numbered', P1],
    ['n3', 'numbered', P2.replace('recalls', 'firmly recalls')],
    ['n4', 'bullet', B2],
    ['n5', 'bullet', B1],
    ['n6', 'numbered', P3],
  ]);

  it('pairs the blocks by text: identical first, then the most similar', () => {
    const diff = diffDocuments(oldDoc, newDoc);
    expect(diff.alignment).toBe('text');
    expect(outline(diff.blocks)).toEqual([
      'inserted -→1 n1',
      'unchanged 1→2 n2',
      'modified 2→3 n3',
      'moved -→- n4',
      'unchanged -→- n5',
      'unchanged 3→4 n6',
    ]);
    expect(diff.blocks[2]?.ops.filter((op) => op.op === 'insert')).toEqual([
      { op: 'insert', text: ' firmly' },
    ]);
  });

  it('sees through ids a parser gave by position ("b1", "b2", …) when a paragraph was added at the top', () => {
    const positional = (doc: typeof oldDoc) =>
      ({ ...doc, blocks: doc.blocks.map((block, i) => ({ ...block, id: `b${i + 1}` })) }) as typeof oldDoc;
    const diff = diffDocuments(positional(oldDoc), positional(newDoc));
    expect(diff.alignment).toBe('text');
    expect(diff.summary).toMatchObject({ inserted: 1, deleted: 0, modified: 1, moved: 1, unchanged: 3 });
  });

  it('shows only the moved paragraph as moved when identical indents follow it', () => {
    const diff = diffDocuments(
      makeDocument([
        ['o1', 'bullet', '[…]'],
        ['o2', 'bullet', '[…]'],
        ['o3', 'numbered', P1],
      ]),
      makeDocument([
        ['x1', 'numbered', P1],
        ['x2', 'bullet', '[…]'],
        ['x3', 'bullet', '[…]'],
      ]),
    );
    expect(diff.alignment).toBe('text');
    expect(diff.summary).toMatchObject({ moved: 1, unchanged: 2 });
  });

  it('pairs by text, when told to pair by id, only the identical words that no id paired', () => {
    const diff = diffDocuments(oldDoc, newDoc, { align: 'id' });
    expect(diff.alignment).toBe('id');
    // Not the amended paragraph (n3), which only the similarity search of 'text' pairs.
    expect(diff.summary).toMatchObject({ inserted: 2, deleted: 1 });
    expect(diff.blocks.filter((b) => b.change === 'inserted').map((b) => b.new?.id)).toEqual(['n1', 'n3']);
  });
});

describe('diffDocuments: footnotes and header', () => {
  const oldDoc = makeDocument(
    [
      ['a', 'numbered', P1],
      ['b', 'numbered', P2],
    ],
    [
      { id: 'f1', blockId: 'a', offset: 10, text: '12109/13.' },
      { id: 'f2', blockId: 'a', offset: 20, text: 'WK 2569/2017 INIT.' },
      { id: 'f3', blockId: 'b', offset: 5, text: 'DE, NL: scrutiny reservation.' },
    ],
    { number: '7923/1/17 REV 1', codes: ['CYBER 91'], subject: 'Draft conclusions' },
  );
  const newDoc = makeDocument(
    [
      ['a', 'numbered', P1],
      ['b', 'numbered', P2],
    ],
    [
      { id: 'f1', blockId: 'a', offset: 10, text: '12109/13.' },
      { id: 'f3', blockId: 'b', offset: 5, text: 'DE, NL, FR: scrutiny reservation.' },
      { id: 'f4', blockId: 'b', offset: 9, text: 'COM: reservation.' },
      { id: 'f2', blockId: 'b', offset: 30, text: 'WK 2569/2017 INIT.' },
    ],
    { number: '7923/2/17 REV 2', codes: ['CYBER 91', 'RELEX 482'], subject: 'Draft conclusions' },
  );
  const diff = diffDocuments(oldDoc, newDoc);

  it('reports an edited footnote with its word runs, an added one, and one now cited from another paragraph', () => {
    expect(
      diff.footnotes.map((f) => [f.change, f.old?.number ?? null, f.new?.number ?? null, f.new?.id]),
    ).toEqual([
      ['unchanged', 1, 1, 'f1'],
      ['modified', 3, 2, 'f3'],
      ['inserted', null, 3, 'f4'],
      ['moved', 2, 4, 'f2'],
    ]);
    expect(diff.footnotes[1]?.ops).toEqual([
      { op: 'equal', text: 'DE, NL' },
      { op: 'insert', text: ', FR' },
      { op: 'equal', text: ': scrutiny reservation.' },
    ]);
  });

  it('reports a removed footnote where it stood', () => {
    const removed = diffDocuments(newDoc, {
      ...newDoc,
      footnotes: newDoc.footnotes.filter((f) => f.id !== 'f3'),
    });
    expect(removed.footnotes.map((f) => [f.change, f.old?.id])).toEqual([
      ['unchanged', 'f1'],
      ['deleted', 'f3'],
      ['unchanged', 'f4'],
      ['unchanged', 'f2'],
    ]);
  });

  it('reports a footnote call moved within its paragraph as moved, with both offsets', () => {
    const text = 'The Council notes the paper and the annex.';
    const within = diffDocuments(
      makeDocument([['a', 'numbered', text]], [{ id: 'f1', blockId: 'a', offset: 17, text: '12109/13.' }]),
      makeDocument([['a', 'numbered', text]], [{ id: 'f1', blockId: 'a', offset: 41, text: '12109/13.' }]),
    );
    expect(within.footnotes).toEqual([
      {
        change: 'moved',
        movedWithinBlock: true,
        old: { id: 'f1', number: 1, blockId: 'a', offset: 17, text: '12109/13.' },
        new: { id: 'f1', number: 1, blockId: 'a', offset: 41, text: '12109/13.' },
        ops: [{ op: 'equal', text: '12109/13.' }],
        textChanged: false,
      },
    ]);
    // A move to another paragraph is a move, but not within the block.
    expect(diff.footnotes[3]).toMatchObject({ change: 'moved', old: { offset: 20 }, new: { offset: 30 } });
    expect(diff.footnotes[3]?.movedWithinBlock).toBeUndefined();
  });

  it.each<[string, string, number, string, number]>([
    ['words added before it', 'The Council notes the paper.', 27, 'The Council firmly notes the paper.', 34],
    ['the cited word replaced', 'The Council notes the paper.', 17, 'The Council welcomes the paper.', 20],
    ['the words before it removed', 'The Council notes the paper.', 17, 'The Council the paper.', 11],
  ])('keeps a footnote call in place when only %s', (_title, oldText, oldOffset, newText, newOffset) => {
    const note = { id: 'f1', blockId: 'a', text: '12109/13.' };
    const shifted = diffDocuments(
      makeDocument([['a', 'numbered', oldText]], [{ ...note, offset: oldOffset }]),
      makeDocument([['a', 'numbered', newText]], [{ ...note, offset: newOffset }]),
    );
    expect(shifted.footnotes.map((f) => [f.change, f.old?.offset, f.new?.offset])).toEqual([
      ['unchanged', oldOffset, newOffset],
    ]);
  });

  it('follows a paragraph paired by text when telling whether a footnote call moved within it', () => {
    const text = 'The Council notes the paper and the annex.';
    const oldDoc = makeDocument(
      [['x1', 'numbered', text]],
      [{ id: 'n1', blockId: 'x1', offset: 17, text: 'A.' }],
    );
    const newDoc = makeDocument(
      [['y1', 'numbered', text]],
      [{ id: 'm1', blockId: 'y1', offset: 41, text: 'A.' }],
    );
    expect(diffDocuments(oldDoc, newDoc, { align: 'text' }).footnotes[0]).toMatchObject({
      change: 'moved',
      movedWithinBlock: true,
    });
  });

  it('lists only the header fields that changed, with old and new values', () => {
    expect(diff.metadata).toEqual([
      { field: 'number', old: '7923/1/17 REV 1', new: '7923/2/17 REV 2' },
      { field: 'codes', old: ['CYBER 91'], new: ['CYBER 91', 'RELEX 482'] },
    ]);
  });
});

describe('diffDocuments: invariants', () => {
  const sentences = [P1, P2, P3, B1, B2, B3, 'Short.', '', 'The EU recalls its strategy.'];
  const blockSpec = fc.tuple(
    fc.constantFrom('numbered', 'paragraph', 'bullet', 'heading' as const),
    fc.constantFrom(...sentences),
  );
  // An old version, and a new one made of kept (possibly edited or re-kinded), dropped and added blocks.
  const versions = fc.array(blockSpec, { maxLength: 25 }).chain((old) =>
    fc
      .tuple(
        fc.shuffledSubarray(
          old.map((spec, index) => [`o${index}`, ...spec] as const),
          { minLength: 0, maxLength: old.length },
        ),
        fc.array(fc.tuple(fc.nat(30), blockSpec), { maxLength: 8 }),
        fc.array(fc.constantFrom('keep', 'edit', 'rekind', 'split', 'split-reworded'), {
          minLength: 30,
          maxLength: 30,
        }),
      )
      .map(([kept, added, fates]) => {
        // A split cuts a paragraph before its last word, the rest a paragraph of its own; a reworded
        // one cuts it in the middle, a full stop and "Furthermore," written in at the cut.
        const next: BlockSpec[] = kept.flatMap(([id, kind, text], i): BlockSpec[] => {
          const cut = text.lastIndexOf(' ');
          if (fates[i] === 'split' && cut > 0)
            return [
              [id, kind, text.slice(0, cut)],
              [`${id}s`, 'paragraph', text.slice(cut + 1)],
            ];
          const middle = text.indexOf(' ', text.length / 2);
          if (fates[i] === 'split-reworded' && middle > 0)
            return [
              [id, kind, `${text.slice(0, middle)}.`],
              [`${id}s`, 'paragraph', `Furthermore, ${text.slice(middle + 1)}`],
            ];
          return fates[i] === 'edit'
            ? [[id, kind, `${text} amended`]]
            : fates[i] === 'rekind'
              ? [[id, kind === 'bullet' ? 'paragraph' : 'bullet', text]]
              : [[id, kind, text]];
        });
        for (const [i, [at, [kind, text]]] of added.entries()) {
          next.splice(at % (next.length + 1), 0, [`n${i}`, kind, text]);
        }
        return [old.map((spec, index) => [`o${index}`, ...spec] as BlockSpec), next] as const;
      }),
  );

  it.each(['id', 'text', 'auto'] as const)(
    'covers every old block once and every new block once, in the new order (align: %s)',
    (align) => {
      fc.assert(
        fc.property(versions, ([oldBlocks, newBlocks]) => {
          const diff = diffDocuments(makeDocument(oldBlocks), makeDocument(newBlocks), { align });
          expect(diff.blocks.filter((b) => b.new).map((b) => b.new?.id)).toEqual(newBlocks.map(([id]) => id));
          expect(
            diff.blocks
              .filter((b) => b.old)
              .map((b) => b.oldIndex)
              .sort((x, y) => (x ?? 0) - (y ?? 0)),
          ).toEqual(oldBlocks.map((_, i) => i));
          const oldTexts = new Map(oldBlocks.map(([id, , text]) => [id, text]));
          const newTexts = new Map(newBlocks.map(([id, , text]) => [id, text]));
          for (const block of diff.blocks) {
            const oldText = block.ops
              .filter((op) => op.op !== 'insert')
              .map((op) => op.text)
              .join('');
            const newText = block.ops
              .filter((op) => op.op !== 'delete')
              .map((op) => op.text)
              .join('');
            // A part of a split or joined paragraph holds its share of the whole's text.
            const wholeOld = oldTexts.get(block.old?.id ?? block.splitFrom ?? '') ?? '';
            const wholeNew = newTexts.get(block.new?.id ?? block.joinedInto ?? '') ?? '';
            expect(oldText).toBe(wholeOld.slice(block.splitOffset ?? 0, block.splitAt ?? wholeOld.length));
            expect(newText).toBe(wholeNew.slice(block.joinOffset ?? 0, block.joinedAt ?? wholeNew.length));
            const part = [block.splitFrom, block.splitOffset, block.splitAt, block.joinedInto]
              .concat([block.joinOffset, block.joinedAt])
              .filter((field) => field !== undefined);
            if (part.length === 0) {
              expect(oldText).toBe(block.old?.text ?? '');
              expect(newText).toBe(block.new?.text ?? '');
            }
            if (block.change === 'unchanged')
              expect([block.old?.text, block.old?.kind]).toEqual([block.new?.text, block.new?.kind]);
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  it('finds no change at all when only the paragraph numbers differ', () => {
    fc.assert(
      fc.property(fc.array(blockSpec, { maxLength: 20 }), fc.nat(5), (specs, start) => {
        const blocks: BlockSpec[] = specs.map((spec, i) => [`b${i}`, ...spec]);
        const renumbered = makeDocument(blocks);
        const withStart = {
          ...renumbered,
          blocks: renumbered.blocks.map((b, i) =>
            i === 0 && b.kind === 'numbered' ? { ...b, start: start + 2 } : b,
          ),
        };
        const diff = diffDocuments(renumbered, withStart);
        expect(diff.blocks.every((b) => b.change === 'unchanged')).toBe(true);
      }),
    );
  });
});

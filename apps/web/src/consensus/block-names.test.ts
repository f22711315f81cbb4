import { describe, expect, it } from 'vitest';
import { nameReportedBlocks } from './block-names';

type Loaded = [id: string, kind: string, number: string | null, text: string];

const text = (blocks: Loaded[], footnotes: string[] = []) => ({
  blocks: blocks.map(([id, kind, number, value]) => ({ id, kind, number, text: value })),
  footnotes: footnotes.map((blockId) => ({ blockId })),
});

describe('nameReportedBlocks', () => {
  const room: Loaded[] = [
    ['p1', 'numbered', '1', 'The EU recalls.'],
    ['s2', 'paragraph', null, 'It welcomes.'],
    ['gap', 'paragraph', null, ''],
    ['s4', 'paragraph', null, 'It stresses.'],
    ['i1', 'bullet', null, 'first'],
    ['i2', 'bullet', null, ' '],
    ['i3', 'bullet', null, 'third'],
  ];
  // The report leaves the empty blocks out.
  const reported = ['p1', 's2', 's4', 'i1', 'i3'];
  const numbered = (ids: string[]) => ids.map((id) => ({ id, number: id === 'p1' ? '1' : null }));

  it.each<[string, string[], ReturnType<typeof text> | null, [string, string][]]>([
    [
      'names each row as the room does, counting the empty blocks it leaves out',
      reported,
      text(room),
      [
        ['p1', '¶ 1'],
        ['s2', '¶ 1, 2nd subpara.'],
        ['s4', '¶ 1, 4th subpara.'],
        ['i1', '¶ 1, 1st indent'],
        ['i3', '¶ 1, 3rd indent'],
      ],
    ],
    [
      'names the rows among themselves until the text is loaded',
      reported,
      null,
      [
        ['p1', '¶ 1'],
        ['s2', '¶ 1, 2nd subpara.'],
        ['s4', '¶ 1, 3rd subpara.'],
        ['i1', '¶ 1, 4th subpara.'],
        ['i3', '¶ 1, 5th subpara.'],
      ],
    ],
    [
      'names a block without text that cites a footnote, which the report lists: it is not empty',
      ['p1', 's2', 'gap', 's4', 'i1', 'i3'],
      text(room, ['gap']),
      [
        ['p1', '¶ 1'],
        ['s2', '¶ 1, 2nd subpara.'],
        ['gap', '¶ 1, 3rd subpara.'],
        ['s4', '¶ 1, 4th subpara.'],
        ['i1', '¶ 1, 1st indent'],
        ['i3', '¶ 1, 3rd indent'],
      ],
    ],
  ])('%s', (_, ids, loaded, names) => {
    expect([...nameReportedBlocks(numbered(ids), loaded, 'short')]).toEqual(names);
  });

  it('names a row that was empty when the text was loaded and has been typed into since', () => {
    const names = nameReportedBlocks(numbered(['p1', 's2', 'gap', 's4']), text(room), 'short');
    expect(names.get('gap')).toBe('¶ 1, 3rd subpara.');
  });

  it('names a row the loaded text does not have yet among the rows, after the blocks before it', () => {
    const names = nameReportedBlocks(
      numbered([...reported.slice(0, 3), 'new']),
      text(room.slice(0, 4)),
      'short',
    );
    expect(names.get('new')).toBe('¶ 1, 5th subpara.');
  });

  it('names the rows of an annex after its label, as the Council cites them, and the second of two parts without one "Annex"', () => {
    const annexed: Loaded[] = [
      ['c1', 'numbered', '1', 'Delegations will find in the Annex the draft conclusions.'],
      ['label', 'heading', null, 'ANNEX'],
      ['title', 'heading', null, 'DRAFT COUNCIL CONCLUSIONS'],
      ['a1', 'numbered', '1', 'The EU recalls.'],
      ['a1s', 'paragraph', null, 'It welcomes.'],
    ];
    const listed = annexed.map(([id, , number]) => ({ id, number }));
    expect([...nameReportedBlocks(listed, text(annexed), 'short')]).toEqual([
      ['c1', 'Cover note, point 1'],
      ['label', 'Annex, heading'],
      ['title', 'Annex, 2nd heading'],
      ['a1', 'Annex, ¶ 1'],
      ['a1s', 'Annex, ¶ 1, 2nd subpara.'],
    ]);
    const unlabelled = annexed.filter(([id]) => id !== 'label');
    expect(
      nameReportedBlocks(
        unlabelled.map(([id, , number]) => ({ id, number })),
        text(unlabelled),
        'short',
      ).get('a1'),
    ).toBe('Annex, ¶ 1');
  });
});

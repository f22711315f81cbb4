import { describe, expect, it } from 'vitest';
import type { DiffBlock, DiffFootnote } from '../api/client';
import { footnoteTextOfCall, listFootnoteCalls, placeFootnoteCalls } from './footnote-calls';

const side = (id: string, number: string) => ({ id, number, text: '', kind: 'numbered' });
const note = (number: number, oldOffset: number | null, newOffset: number | null): DiffFootnote => ({
  change: oldOffset === null ? 'inserted' : newOffset === null ? 'deleted' : 'unchanged',
  old:
    oldOffset === null ? null : { id: `n${number}`, number, blockId: 'p1', offset: oldOffset, text: 'Doc.' },
  new:
    newOffset === null ? null : { id: `n${number}`, number, blockId: 'p1', offset: newOffset, text: 'Doc.' },
  ops: [{ op: 'equal', text: 'Doc.' }],
});

describe('footnote calls over the API’s diff JSON', () => {
  it('places a kept, an added and a removed call where they stand in the paragraph', () => {
    const block: DiffBlock = {
      change: 'modified',
      old: side('p1', '1'),
      new: side('p1', '1'),
      ops: [
        { op: 'equal', text: 'The Council' },
        { op: 'delete', text: ' notes' },
        { op: 'insert', text: ' welcomes' },
        { op: 'equal', text: ' the paper.' },
      ],
      textChanged: true,
      kindChanged: false,
    };
    const calls = listFootnoteCalls({
      blocks: [block],
      footnotes: [note(1, 11, 11), note(2, null, 20), note(3, 17, null)],
    });
    const pieces = placeFootnoteCalls(block.ops, calls.get(block) ?? [], 'both');
    expect(
      pieces.map((p) => (p.type === 'call' ? `${p.call.status}:${p.call.number}` : `${p.op}:${p.text}`)),
    ).toEqual([
      'equal:The Council',
      'kept:1',
      'delete: notes',
      'removed:3',
      'insert: welcomes',
      'added:2',
      'equal: the paper.',
    ]);
  });

  it('shows on hover the words a footnote had in the old column, and has in the new one', () => {
    const block: DiffBlock = {
      change: 'unchanged',
      old: side('p1', '1'),
      new: side('p1', '1'),
      ops: [{ op: 'equal', text: 'The Council recalls.' }],
      textChanged: false,
      kindChanged: false,
    };
    const changed: DiffFootnote = {
      change: 'modified',
      old: { id: 'n5', number: 5, blockId: 'p1', offset: 19, text: 'A/68/98 and A/70/174.' },
      new: { id: 'n5', number: 5, blockId: 'p1', offset: 19, text: 'A/65/201, A/68/98 and A/70/174.' },
      ops: [
        { op: 'equal', text: 'A/' },
        { op: 'insert', text: '65/201, A/' },
        { op: 'equal', text: '68/98 and A/70/174.' },
      ],
    };
    const [call] = listFootnoteCalls({ blocks: [block], footnotes: [changed] }).get(block) ?? [];
    if (call === undefined) throw new Error('no call');
    expect(footnoteTextOfCall(call, 'old')).toBe('A/68/98 and A/70/174.');
    expect(footnoteTextOfCall(call, 'new')).toBe('A/65/201, A/68/98 and A/70/174.');
    expect(footnoteTextOfCall(call, 'both')).toBe('A/65/201, A/68/98 and A/70/174.');
  });
});

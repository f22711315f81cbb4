import { describe, expect, it } from 'vitest';
import type { DiffBlock, DiffFootnote, DiffOp } from '../api/client';
import {
  type FootnoteCall,
  findRunPoint,
  listFootnoteCalls,
  placeFootnoteCalls,
  type RedlinePiece,
  type RedlineSide,
} from './footnote-calls';

/** Pieces in wdiff notation, a call as ^N, as the side shows them. */
const show = (pieces: readonly RedlinePiece[], side: RedlineSide) =>
  pieces
    .map((piece) => {
      if (piece.type === 'call') {
        const mark = `^${piece.call.number}`;
        if (piece.call.status === 'added') return `{+${mark}+}`;
        return piece.call.status === 'removed' ? `[-${mark}-]` : mark;
      }
      if (piece.op === 'insert') return side === 'old' ? '' : `{+${piece.text}+}`;
      if (piece.op === 'delete') return side === 'new' ? '' : `[-${piece.text}-]`;
      return piece.text;
    })
    .join('');

const call = (
  status: FootnoteCall['status'],
  number: number,
  oldOffset: number | null,
  newOffset: number | null,
) => ({ status, number, oldOffset, newOffset }) as FootnoteCall;

const EDITED: DiffOp[] = [
  { op: 'equal', text: 'The Council' },
  { op: 'delete', text: ' notes' },
  { op: 'insert', text: ' welcomes' },
  { op: 'equal', text: ' the paper.' },
];

describe('placing footnote calls', () => {
  it.each<[string, FootnoteCall[], RedlineSide, string]>([
    [
      'a kept call inside kept words',
      [call('kept', 1, 11, 11)],
      'both',
      'The Council^1[- notes-]{+ welcomes+} the paper.',
    ],
    [
      'a kept call after a replaced word, after both runs',
      [call('kept', 1, 17, 20)],
      'both',
      'The Council[- notes-]{+ welcomes+}^1 the paper.',
    ],
    [
      'a removed call after the deleted word',
      [call('removed', 2, 17, null)],
      'both',
      'The Council[- notes-][-^2-]{+ welcomes+} the paper.',
    ],
    [
      'an added call after the inserted word',
      [call('added', 3, null, 20)],
      'both',
      'The Council[- notes-]{+ welcomes+}{+^3+} the paper.',
    ],
    [
      'a call at the very end',
      [call('added', 1, null, 31)],
      'both',
      'The Council[- notes-]{+ welcomes+} the paper.{+^1+}',
    ],
    [
      'a removed and an added call at one place, the removed first',
      [call('added', 2, null, 0), call('removed', 1, 0, null)],
      'both',
      '[-^1-]{+^2+}The Council[- notes-]{+ welcomes+} the paper.',
    ],
    [
      'only old-side calls on the old side',
      [call('kept', 1, 17, 20), call('added', 2, null, 31)],
      'old',
      'The Council[- notes-]^1 the paper.',
    ],
    [
      'only new-side calls on the new side',
      [call('kept', 1, 17, 20), call('removed', 2, 4, null)],
      'new',
      'The Council{+ welcomes+}^1 the paper.',
    ],
    [
      'a kept call whose offsets no point reaches at its new offset',
      [call('kept', 1, 3, 20)],
      'both',
      'The Council[- notes-]{+ welcomes+}^1 the paper.',
    ],
  ])('places %s', (_title, calls, side, expected) => {
    const pieces = placeFootnoteCalls(EDITED, calls, side);
    expect(show(pieces, side)).toBe(expected);
    // Cutting runs around the calls never loses or adds text.
    expect(pieces.map((piece) => (piece.type === 'run' ? piece.text : '')).join('')).toBe(
      EDITED.map((op) => op.text).join(''),
    );
  });

  it('places the calls of a block with no text at its end', () => {
    expect(show(placeFootnoteCalls([], [call('added', 1, null, 0)], 'both'), 'both')).toBe('{+^1+}');
  });

  it('counts old offsets over kept and deleted words, new offsets over kept and inserted ones', () => {
    expect(findRunPoint(EDITED, 17, null)).toEqual({ op: 2, at: 0 });
    expect(findRunPoint(EDITED, null, 20)).toEqual({ op: 3, at: 0 });
    expect(findRunPoint(EDITED, 11, 20)).toBeNull();
    expect(findRunPoint(EDITED, 28, 31)).toEqual({ op: 4, at: 0 });
  });
});

const block = (oldId: string | null, newId: string | null, text: string): DiffBlock => ({
  change: oldId === null ? 'inserted' : newId === null ? 'deleted' : 'unchanged',
  old: oldId === null ? null : { id: oldId, number: null, text, kind: 'paragraph' },
  new: newId === null ? null : { id: newId, number: null, text, kind: 'paragraph' },
  ops: [{ op: oldId === null ? 'insert' : newId === null ? 'delete' : 'equal', text }],
  textChanged: false,
  kindChanged: false,
});

const side = (id: string, number: number, blockId: string, offset: number) => ({
  id,
  number,
  blockId,
  offset,
  text: `note ${id}`,
});

const note = (
  change: DiffFootnote['change'],
  old: DiffFootnote['old'],
  now: DiffFootnote['new'],
  movedWithinBlock?: boolean,
): DiffFootnote => ({ change, old, new: now, ops: [], ...(movedWithinBlock ? { movedWithinBlock } : {}) });

describe('listing footnote calls', () => {
  it('gives each block its kept, removed and added calls, numbered as in the footnote list', () => {
    const kept = block('a', 'a', 'Alpha beta gamma.');
    const added = block(null, 'b', 'Delta.');
    const removed = block('c', null, 'Epsilon.');
    const diff = {
      blocks: [kept, added, removed],
      footnotes: [
        note('unchanged', side('f1', 1, 'a', 5), side('f1', 1, 'a', 5)),
        // Moved within "Alpha beta gamma.": struck at its old place, inserted at its new one.
        note('moved', side('f2', 2, 'a', 10), side('f2', 2, 'a', 16), true),
        note('inserted', null, side('f3', 3, 'b', 6)),
        note('deleted', side('f4', 3, 'c', 8), null),
        // A footnote whose block is not in the diff has no call to show.
        note('inserted', null, side('f5', 4, 'gone', 0)),
      ],
    };
    const calls = listFootnoteCalls(diff);
    expect(
      diff.blocks.map((b) => show(placeFootnoteCalls(b.ops, calls.get(b) ?? [], 'both'), 'both')),
    ).toEqual(['Alpha^1 beta[-^2-] gamma{+^2+}.', '{+Delta.+}{+^3+}', '[-Epsilon.-][-^3-]']);
    // Side by side, each side shows its own calls, the moved one struck on the old, inserted on the new.
    expect(show(placeFootnoteCalls(kept.ops, calls.get(kept) ?? [], 'old'), 'old')).toBe(
      'Alpha^1 beta[-^2-] gamma.',
    );
    expect(show(placeFootnoteCalls(kept.ops, calls.get(kept) ?? [], 'new'), 'new')).toBe(
      'Alpha^1 beta gamma{+^2+}.',
    );
  });

  it('shows a footnote cited from another paragraph now as removed from the old and added to the new', () => {
    const first = block('a', 'a', 'One.');
    const second = block('b', 'b', 'Two.');
    const calls = listFootnoteCalls({
      blocks: [first, second],
      footnotes: [note('moved', side('f1', 1, 'a', 3), side('f1', 1, 'b', 4))],
    });
    expect(show(placeFootnoteCalls(first.ops, calls.get(first) ?? [], 'both'), 'both')).toBe('One[-^1-].');
    expect(show(placeFootnoteCalls(second.ops, calls.get(second) ?? [], 'both'), 'both')).toBe('Two.{+^1+}');
  });
});

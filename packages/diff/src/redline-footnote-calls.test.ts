import { describe, expect, it } from 'vitest';
import { FOOTNOTE_CALLS_DIFF } from './redline-fixture';
import {
  type FootnoteCall,
  listFootnoteCalls,
  placeFootnoteCalls,
  type RedlinePiece,
  type RedlineSide,
} from './redline-footnote-calls';
import type { DiffOp } from './word-diff';

/** Pieces in wdiff notation, a call as ^N. */
const show = (pieces: readonly RedlinePiece[], side: RedlineSide) =>
  pieces
    .map((piece) => {
      if (piece.type === 'call') {
        const mark = `^${piece.call.number}`;
        return piece.call.status === 'added'
          ? `{+${mark}+}`
          : piece.call.status === 'removed'
            ? `[-${mark}-]`
            : mark;
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
) => ({ status, number, index: number - 1, oldOffset, newOffset }) as FootnoteCall;

const EDITED: DiffOp[] = [
  { op: 'equal', text: 'The Council' },
  { op: 'delete', text: ' notes' },
  { op: 'insert', text: ' welcomes' },
  { op: 'equal', text: ' the paper.' },
];

describe('placeFootnoteCalls', () => {
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
});

describe('listFootnoteCalls', () => {
  it('gives every block its kept, removed and added calls, numbered as in the footnote list', () => {
    const calls = listFootnoteCalls(FOOTNOTE_CALLS_DIFF);
    const shown = FOOTNOTE_CALLS_DIFF.blocks.map((block) =>
      show(placeFootnoteCalls(block.ops, calls.get(block) ?? [], 'both'), 'both'),
    );
    expect(shown).toEqual(['Alpha^1 beta[-^2-] gamma[-^2-] delta.[-^3-]{+^2+}', 'Epsilon{+^3+} zeta.{+^4+}']);
  });
});

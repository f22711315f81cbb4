import { describe, expect, it } from 'vitest';
import type { DiffBlock } from '../api/client';
import { describeChange, parseVersionRef, pickDefaultPair, summarizeDiff } from './describe-change';

const side = (number: string | null) => ({ id: 'a', number, text: 't', kind: 'numbered' });
const block = (patch: Partial<DiffBlock>): DiffBlock => ({
  change: 'modified',
  old: side('1'),
  new: side('1'),
  ops: [],
  textChanged: true,
  kindChanged: false,
  ...patch,
});

describe('describing changes', () => {
  it.each([
    [block({ change: 'unchanged', textChanged: false }), null],
    [block({}), 'Modified'],
    [block({ rewritten: true }), 'Rewritten'],
    [block({ textChanged: false, kindChanged: true }), 'Kind changed'],
    [block({ change: 'inserted', old: null }), 'Inserted'],
    [block({ change: 'deleted', new: null }), 'Deleted'],
    [block({ change: 'moved', old: side('4'), textChanged: false }), 'Moved (was 4)'],
    [block({ change: 'moved', old: side(null) }), 'Moved and modified'],
  ])('labels %o as %s', (input, label) => {
    expect(describeChange(input)).toBe(label);
  });

  it('summarizes only what changed', () => {
    expect(
      summarizeDiff({ unchanged: 9, modified: 2, inserted: 1, deleted: 0, moved: 1, rewritten: 0 }),
    ).toBe('2 modified · 1 inserted · 1 moved');
    expect(
      summarizeDiff({ unchanged: 9, modified: 0, inserted: 0, deleted: 0, moved: 0, rewritten: 0 }),
    ).toBe('No changes');
  });

  it('compares the last two revisions first, or the only one with the live text', () => {
    expect(pickDefaultPair([0, 1, 2])).toEqual({ from: 1, to: 2 });
    expect(pickDefaultPair([0])).toEqual({ from: 0, to: 'live' });
    expect(pickDefaultPair([])).toEqual({ from: 0, to: 'live' });
    expect(parseVersionRef('live')).toBe('live');
    expect(parseVersionRef('2')).toBe(2);
  });
});

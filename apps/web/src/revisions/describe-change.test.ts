import { describeSummary } from '@accord/diff/labels';
import { describe, expect, it } from 'vitest';
import type { DiffBlock, DiffFootnote } from '../api/client';
import {
  comparesBackwards,
  describeChange,
  describeComparedVersions,
  describeFootnoteCalls,
  describeFootnoteChange,
  isEmptyParagraph,
  parseVersionRef,
  pickDefaultPair,
} from './describe-change';
import type { FootnoteCall } from './footnote-calls';

const side = (number: string | null, kind = 'numbered') => ({ id: 'a', number, text: 't', kind });
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
    [
      block({ textChanged: false, kindChanged: true, new: side(null, 'paragraph') }),
      'Was a numbered paragraph',
    ],
    [block({ kindChanged: true, old: side(null, 'bullet'), new: side('4') }), 'Was a bullet and modified'],
    [block({ change: 'inserted', old: null }), 'Inserted'],
    [block({ change: 'deleted', new: null }), 'Deleted'],
  ])('labels %o as %s', (input, label) => {
    expect(describeChange(input)).toBe(label);
  });

  const FROM = '9916/1/17 REV 1';
  const moved = (patch: Partial<DiffBlock>) => block({ change: 'moved', textChanged: false, ...patch });
  it.each([
    // Paragraph 4 may be 4 again after an insertion above it: the label names the old version.
    [moved({ old: side('4'), new: side('4') }), `Moved from paragraph 4 of ${FROM}`],
    [moved({ old: side('4'), textChanged: true }), `Moved from paragraph 4 of ${FROM} and modified`],
    [
      moved({ old: side(null, 'bullet'), movedFrom: '5', movedFromOrdinal: 2 }),
      `Moved from paragraph 5, second indent of ${FROM}`,
    ],
    [
      moved({ old: side(null, 'paragraph'), movedFrom: null, movedFromOrdinal: 1 }),
      `Moved from first introductory paragraph of ${FROM}`,
    ],
    // An older server sends neither field.
    [moved({ old: side(null, 'heading') }), `Moved from the start of ${FROM}`],
    [moved({ old: side(null, 'bullet'), movedFrom: '3' }), `Moved from under paragraph 3 of ${FROM}`],
  ])('says where a moved block stood in the old version: %o as %s', (input, label) => {
    expect(describeChange(input, FROM)).toBe(label);
  });

  const citation = { part: null, paragraph: '5', kind: 'numbered', ordinal: null };
  const kept = [{ op: 'equal' as const, text: 'It calls on Y.' }];
  const edited = [...kept, { op: 'insert' as const, text: ' now' }];
  it.each([
    [block({ ops: [...kept, { op: 'delete', text: ' ' }], splitAt: 14 }), 'Split'],
    [block({ ops: edited, splitAt: 14 }), 'Split and modified'],
    [block({ ops: kept, joinedAt: 14 }), 'Joined'],
    [
      block({
        change: 'inserted',
        old: null,
        ops: kept,
        splitFrom: 'p',
        splitOffset: 15,
        splitFromCitation: citation,
      }),
      `Split from paragraph 5 of ${FROM}`,
    ],
    [
      block({
        change: 'inserted',
        old: null,
        ops: edited,
        splitFrom: 'p',
        splitOffset: 15,
        splitFromCitation: citation,
      }),
      `Split from paragraph 5 of ${FROM}, and modified`,
    ],
    [
      block({
        change: 'deleted',
        new: null,
        ops: kept,
        joinedInto: 'p',
        joinOffset: 9,
        joinedToCitation: citation,
      }),
      `Joined with paragraph 5 of ${FROM}`,
    ],
  ])('says what a part of a split or joined paragraph is: %o as %s', (input, label) => {
    expect(describeChange(input, FROM)).toBe(label);
  });

  const blank = (text: string, kind = 'paragraph') => ({ id: 'e', number: null, text, kind });
  it.each([
    [block({ change: 'inserted', old: null, new: blank('') }), 'Empty paragraph inserted'],
    [block({ change: 'deleted', new: null, old: blank(' ') }), 'Empty paragraph deleted'],
    [block({ change: 'inserted', old: null, new: blank('Text.') }), 'Inserted'],
  ])(
    'says a paragraph inserted or deleted without words is empty, not a bare change: %o as %s',
    (input, label) => {
      expect(describeChange(input)).toBe(label);
      expect(isEmptyParagraph(input)).toBe(label.startsWith('Empty'));
    },
  );

  it('names the old version generically when its label is not given', () => {
    expect(describeChange(moved({ old: side('4') }))).toBe('Moved from paragraph 4 of the old version');
  });

  const note = (patch: Partial<DiffFootnote>): DiffFootnote => ({
    change: 'moved',
    old: { id: 'f', number: 1, blockId: 'a', offset: 3, text: 'n' },
    new: { id: 'f', number: 1, blockId: 'a', offset: 9, text: 'n' },
    ops: [],
    ...patch,
  });
  const three = { part: null, paragraph: '3', kind: 'numbered', ordinal: null } as const;
  const annex = { part: 2, paragraph: '1', kind: 'paragraph', ordinal: 1 } as const;
  it.each([
    [note({ movedWithinBlock: true }), three, 'Moved within paragraph 3'],
    [note({ movedWithinBlock: true }), null, 'Moved within its paragraph'],
    [note({}), three, 'Now cited in paragraph 3'],
    [note({}), annex, 'Now cited in part 2, paragraph 1, second subparagraph'],
    [note({}), null, 'Now cited in another paragraph'],
    [note({ change: 'modified' }), three, 'modified'],
    [note({ change: 'inserted', old: null }), three, 'inserted'],
  ])('labels footnote %o cited in %o as %s', (input, citedIn, label) => {
    expect(describeFootnoteChange(input, citedIn)).toBe(label);
  });

  const call = (status: FootnoteCall['status'], number: number, change: DiffFootnote['change']) =>
    ({ status, number, index: 0, note: note({ change }), oldOffset: null, newOffset: null }) as FootnoteCall;
  it.each<[string | null, FootnoteCall[]]>([
    ['Footnote 7 added', [call('added', 7, 'inserted')]],
    ['Footnote 3 removed', [call('removed', 3, 'deleted')]],
    ['Footnote 2 modified', [call('kept', 2, 'modified')]],
    ['Footnote 5 now cited here', [call('added', 5, 'moved')]],
    ['Footnote 5 no longer cited here', [call('removed', 5, 'moved')]],
    [
      'Footnote 7 added; footnote 2 modified',
      [call('kept', 1, 'unchanged'), call('added', 7, 'inserted'), call('kept', 2, 'modified')],
    ],
    [null, [call('kept', 1, 'unchanged')]],
  ])('labels a paragraph whose words did not change by what changed in its footnotes: %s', (label, calls) => {
    expect(describeFootnoteCalls(calls)).toBe(label);
  });

  const noBlockChanged = { unchanged: 9, modified: 0, inserted: 0, deleted: 0, moved: 0, rewritten: 0 };

  it('summarizes only what changed', () => {
    expect(
      describeSummary(
        {
          summary: { unchanged: 9, modified: 2, inserted: 1, deleted: 0, moved: 1, rewritten: 0 },
          footnotes: [note({ change: 'unchanged' })],
          metadata: [],
        },
        ' · ',
      ),
    ).toBe('2 modified · 1 inserted · 1 moved');
    // Parts split off and paragraphs joined on are counted as such, not as inserted and deleted.
    expect(
      describeSummary(
        {
          summary: { ...noBlockChanged, modified: 2, inserted: 3, deleted: 1, split: 2, joined: 1 },
          footnotes: [],
          metadata: [],
        },
        ' · ',
      ),
    ).toBe('2 modified · 1 inserted · 2 split · 1 joined');
    expect(describeSummary({ summary: noBlockChanged, footnotes: [], metadata: [] }, ' · ')).toBe(
      'No changes',
    );
  });

  it('counts changed footnotes and header fields, so a revision changing only those has changes', () => {
    expect(
      describeSummary(
        {
          summary: noBlockChanged,
          footnotes: [note({ change: 'modified' }), note({ change: 'unchanged' })],
          metadata: [],
        },
        ' · ',
      ),
    ).toBe('1 footnote changed');
    expect(
      describeSummary(
        {
          summary: noBlockChanged,
          footnotes: [note({ change: 'inserted', old: null }), note({})],
          metadata: [
            { field: 'subject', old: 'Draft', new: 'Draft (revised)' },
            { field: 'codes', old: ['CYBER 91'], new: ['CYBER 91', 'RELEX 482'] },
          ],
        },
        ' · ',
      ),
    ).toBe('2 footnotes changed · 2 header fields changed');
  });

  it('compares the last two revisions first, or the only one with the live text', () => {
    expect(pickDefaultPair([0, 1, 2])).toEqual({ from: 1, to: 2 });
    expect(pickDefaultPair([0])).toEqual({ from: 0, to: 'live' });
    expect(pickDefaultPair([])).toEqual({ from: 0, to: 'live' });
    expect(parseVersionRef('live')).toBe('live');
    expect(parseVersionRef('2')).toBe(2);
  });
});

describe('what a comparison compares', () => {
  it.each([
    [1, 2, false],
    [2, 1, true],
    [0, 'live', false],
    ['live', 0, true],
    ['live', 'live', false],
    [2, 2, false],
  ] as const)('from %s to %s goes back in time: %s', (from, to, backwards) => {
    expect(comparesBackwards(from, to)).toBe(backwards);
  });

  it('says plainly that a comparison goes back, so "3 inserted" is not read as the later version adding them', () => {
    expect(
      describeComparedVersions({ from: 2, to: 1, fromLabel: '7923/2/17 REV 2', toLabel: '7923/1/17 REV 1' }),
    ).toEqual({
      title: '7923/1/17 REV 1 compared with 7923/2/17 REV 2, a later version (going back)',
      goingBack:
        'Going back in time: what 7923/2/17 REV 2 added is shown deleted, and what it removed inserted.',
    });
    expect(
      describeComparedVersions({ from: 'live', to: 1, fromLabel: 'live text', toLabel: '7923/1/17 REV 1' }),
    ).toEqual({
      title: '7923/1/17 REV 1 compared with live text, a later version (going back)',
      goingBack: 'Going back in time: what live text added is shown deleted, and what it removed inserted.',
    });
  });

  it('names a forward comparison as before, the live text with a capital', () => {
    expect(
      describeComparedVersions({ from: 1, to: 'live', fromLabel: '7923/1/17 REV 1', toLabel: 'live text' }),
    ).toEqual({ title: 'Live text compared with 7923/1/17 REV 1', goingBack: null });
  });
});

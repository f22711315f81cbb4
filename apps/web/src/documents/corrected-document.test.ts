import { describe, expect, it } from 'vitest';
import type { ListedDocument } from '../api/client';
import { findCorrectedDocument } from './corrected-document';

const listed = (id: string, number: string | null, label: string, revision = 0): ListedDocument => ({
  id,
  number,
  title: `Title of ${id}`,
  revision,
  label,
  createdAt: '2017-06-07T10:00:00.000Z',
  silenceUntil: null,
  forwardedAs: [],
  forwards: null,
  corrects: null,
  correctedBy: [],
});

const documents = [
  listed('cyber', '9916/17', '9916/1/17 REV 1', 1),
  listed('draft', '7923/17', '7923/17'),
  listed('unnumbered', null, 'INIT'),
  listed('cyber-again', '9916/17', '9916/17'),
];

describe('findCorrectedDocument', () => {
  it.each([
    ['9916/1/17 REV 1 COR 1', 'cyber', '9916/1/17 REV 1'],
    ['9916/17 cor 1', 'cyber-again', '9916/17'],
    ['ST 7923 2017 COR 2', 'draft', '7923/17'],
    ['7923/17 ADD 1 COR 1', null, null],
    ['7923/1/17 REV 1 COR 1', null, null],
    ['9916/2/17 REV 2 COR 1', null, null],
    ['9917/17 COR 1', null, null],
    ['9916/17', null, null],
    ['COR 1', null, null],
    ['9916/17 COR', null, null],
    ['', null, null],
  ])('finds the document %s corrects: %s, as issued in %s', (typed, id, label) => {
    const found = findCorrectedDocument(typed, documents);
    expect([found?.document.id ?? null, found?.label ?? null]).toEqual([id, label]);
  });

  it('offers the original as issued for a COR of the original of a text now at REV 1', () => {
    const found = findCorrectedDocument('9916/17 COR 1', [documents[0] as ListedDocument]);
    expect([found?.document.id, found?.label]).toEqual(['cyber', '9916/17']);
  });
});

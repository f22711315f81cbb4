import { describe, expect, it } from 'vitest';
import type { ListedDocument } from '../api/client';
import { findCorrectedDocument } from './corrected-document';

const listed = (id: string, number: string | null, label: string): ListedDocument => ({
  id,
  number,
  title: `Title of ${id}`,
  revision: 0,
  label,
  createdAt: '2017-06-07T10:00:00.000Z',
  silenceUntil: null,
  forwardedAs: [],
  forwards: null,
  corrects: null,
  correctedBy: [],
});

const documents = [
  listed('cyber', '9916/17', '9916/1/17 REV 1'),
  listed('draft', '7923/17', '7923/17'),
  listed('unnumbered', null, 'INIT'),
  listed('cyber-again', '9916/17', '9916/17'),
];

describe('findCorrectedDocument', () => {
  it.each([
    ['9916/1/17 REV 1 COR 1', 'cyber'],
    ['9916/17 cor 1', 'cyber-again'],
    ['ST 7923 2017 COR 2', 'draft'],
    ['7923/17 ADD 1 COR 1', null],
    ['7923/1/17 REV 1 COR 1', null],
    ['9917/17 COR 1', null],
    ['9916/17', null],
    ['COR 1', null],
    ['9916/17 COR', null],
    ['', null],
  ])('finds the document %s corrects: %s', (typed, expected) => {
    expect(findCorrectedDocument(typed, documents)?.id ?? null).toBe(expected);
  });
});

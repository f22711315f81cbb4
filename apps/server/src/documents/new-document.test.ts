import { describe, expect, it } from 'vitest';
import { selectCorrectedRevision } from './new-document';

const refusalOf = (number: string, revision: number) => {
  const result = selectCorrectedRevision(number, { title: 'Conclusions', number: '9916/17', revision });
  if (result.ok) throw new Error(`${number} was taken as correcting revision ${result.value}`);
  return result.error.message;
};

describe('selectCorrectedRevision', () => {
  it.each([
    ['as first issued', 0, '"9916/17 COR 1", after'],
    ['with REV 1', 1, '"9916/17 COR 1" or "9916/1/17 REV 1 COR 1", after'],
    ['with REV 2', 2, '"9916/17 COR 1" or "9916/1/17 REV 1 COR 1" or "9916/2/17 REV 2 COR 1", after'],
    [
      'with REV 3',
      3,
      '"9916/17 COR 1" for the text as first issued, "9916/1/17 REV 1 COR 1" for REV 1, and so on to "9916/3/17 REV 3 COR 1", after',
    ],
    [
      'with REV 12',
      12,
      '"9916/17 COR 1" for the text as first issued, "9916/1/17 REV 1 COR 1" for REV 1, and so on to "9916/12/17 REV 12 COR 1", after',
    ],
  ])(
    'refuses a COR of no revision of a text %s naming the numbers that would do, the first and last beyond three',
    (_, revision, numbers) => {
      expect(refusalOf('9917/17 COR 1', revision)).toContain(`a corrigendum of it is numbered ${numbers}`);
    },
  );

  it('names the revision a COR of an issued revision corrects', () => {
    const document = { title: 'Conclusions', number: '9916/17', revision: 3 };
    expect(selectCorrectedRevision('9916/2/17 REV 2 COR 1', document)).toEqual({ ok: true, value: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import {
  findCorrectedRevision,
  formatDocumentNumber,
  formatRegisterIdentity,
  isSameDocument,
  isWrittenAsDocumentNumber,
  labelRevision,
  nextRevision,
  parseDocumentNumber,
  readCorrectedNumber,
  readRegisterIdentity,
  readRevisionNumber,
} from './document-number';

function parse(input: string) {
  const result = parseDocumentNumber(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('parseDocumentNumber', () => {
  it.each([
    ['9916/17', 'short', 9916, 2017, []],
    ['7923/2/17 REV 2', 'short', 7923, 2017, [['REV', 2]]],
    ['7923/1/17 REV 1', 'short', 7923, 2017, [['REV', 1]]],
    ['ST 7923 2017 REV 2', 'register', 7923, 2017, [['REV', 2]]],
    ['ST 9916 2017 INIT', 'register', 9916, 2017, []],
    ['WK 6162/2017 REV 1', 'working', 6162, 2017, [['REV', 1]]],
    ['WK 2569/2017 INIT', 'working', 2569, 2017, []],
    ['COR 1', 'suffix', null, null, [['COR', 1]]],
    ['ADD 1', 'suffix', null, null, [['ADD', 1]]],
    [
      'ADD 1 REV 1',
      'suffix',
      null,
      null,
      [
        ['ADD', 1],
        ['REV', 1],
      ],
    ],
    [
      'ADD 1 COR 1',
      'suffix',
      null,
      null,
      [
        ['ADD', 1],
        ['COR', 1],
      ],
    ],
    ['9916/17 ADD 1', 'short', 9916, 2017, [['ADD', 1]]],
    [
      '9916/17 ADD 1 REV 1',
      'short',
      9916,
      2017,
      [
        ['ADD', 1],
        ['REV', 1],
      ],
    ],
    ['9916/17 COR 1', 'short', 9916, 2017, [['COR', 1]]],
    ['12109/13', 'short', 12109, 2013, []],
    ['6122/15', 'short', 6122, 2015, []],
    ['5432/98', 'short', 5432, 1998, []],
    [
      'ST 9916 2017 ADD 1 REV 1',
      'register',
      9916,
      2017,
      [
        ['ADD', 1],
        ['REV', 1],
      ],
    ],
  ])('reads %s', (input, style, number, year, suffixes) => {
    const id = parse(input);
    expect(id).toEqual({ style, number, year, suffixes: suffixes.map(([kind, n]) => ({ kind, n })) });
    expect(formatDocumentNumber(id)).toBe(input);
  });

  it.each([
    ['  7923/2/17   rev 2 ', '7923/2/17 REV 2'],
    ['st 9916 2017', 'ST 9916 2017 INIT'],
    ['WK 6162/2017', 'WK 6162/2017 INIT'],
  ])('normalises %j to %s', (input, expected) => {
    expect(formatDocumentNumber(parse(input))).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['hello', 'syntax'],
    ['9916', 'syntax'],
    ['9916 / 17', 'syntax'],
    ['/17', 'syntax'],
    ['9916/2017', 'bad-year'],
    ['9916/7', 'bad-year'],
    ['0/17', 'bad-number'],
    ['09916/17', 'bad-number'],
    ['9916/17 REV', 'bad-suffix'],
    ['9916/17 REV 0', 'bad-suffix'],
    ['9916/17 FOO 1', 'bad-suffix'],
    ['9916/17 INIT', 'bad-suffix'],
    ['9916/17 ADD 1 ADD 2', 'duplicate-suffix'],
    ['9916/17 ADD 1 REV 1 REV 2', 'duplicate-suffix'],
    ['7923/2/17 REV 3', 'revision-mismatch'],
    ['7923/2/17', 'missing-revision'],
    ['7923/17 REV 1', 'missing-revision'],
    ['ST 9916 17 INIT', 'bad-year'],
    ['ST 9916/2017 INIT', 'syntax'],
    ['ST 9916 2017 INIT REV 1', 'bad-suffix'],
    ['WK 6162/17 REV 1', 'bad-year'],
    ['WK 6162 2017 REV 1', 'syntax'],
    ['XX 123 2017', 'syntax'],
    ['GR 9916/17', 'syntax'],
    ['9916/17 ADD one', 'bad-suffix'],
    ['REV', 'bad-suffix'],
    ['9916/17 REV 1000', 'bad-suffix'],
    ['1234567/17', 'bad-number'],
    [`9916/17${' ADD 1'.repeat(40)}`, 'too-long'],
  ])('refuses %j (%s) and says why', (input, code) => {
    const result = parseDocumentNumber(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message.length).toBeGreaterThan(10);
  });

  it.each([
    ['7923/17 REV 1', '7923/1/17 REV 1'],
    ['7923/17 REV 1 COR 1', '7923/1/17 REV 1 COR 1'],
    ['7923/17 rev 2 add 1 rev 1', '7923/2/17 REV 2 ADD 1 REV 1'],
  ])('refuses %j naming the number it would be with the revision repeated: %s', (input, written) => {
    const result = parseDocumentNumber(input);
    expect(result.ok ? 'read' : result.error.message).toBe(
      `a revision repeats its number inside the document number: write ${written}`,
    );
  });
});

describe('isWrittenAsDocumentNumber', () => {
  it.each<[string, boolean]>([
    ['9916/17', true],
    ['ST 9916 2017 INIT', true],
    ['WK 6162/2017 REV 1', true],
    // Written as a number, but wrong: the header's number all the same.
    ['7923/17 REV 2', true],
    ['7923/2/17 REV 3', true],
    ['9916/2017', true],
    ['st 9916 17 init', true],
    ['9916/17 INIT', true],
    ['9916/17 REV', true],
    ['09916/17', true],
    // Not a number at all.
    ['COR 1', false],
    ['ADD 1 REV 1', false],
    ['2017/18 PRIORITIES', false],
    ['1/2 OF THE BUDGET', false],
    ['Draft 3', false],
    ['LIMITE', false],
    ['', false],
  ])('%j: %s', (input, written) => {
    expect(isWrittenAsDocumentNumber(input)).toBe(written);
  });
});

describe('readRevisionNumber', () => {
  it.each([
    ['7923/17', 0],
    ['ST 7923 2017 INIT', 0],
    ['7923/2/17 REV 2', 2],
    ['WK 6162/2017 REV 1', 1],
    ['9916/17 ADD 1', 0],
    ['9916/17 ADD 1 REV 3', 3],
    ['7923/1/17 REV 1 ADD 1', 0],
  ])('reads %s as revision %i of its document', (number, rev) => {
    expect(readRevisionNumber(parse(number))).toBe(rev);
  });
});

describe('nextRevision', () => {
  it.each([
    ['7923/17', '7923/1/17 REV 1'],
    ['7923/1/17 REV 1', '7923/2/17 REV 2'],
    ['7923/2/17 REV 2', '7923/3/17 REV 3'],
    ['WK 6162/2017 INIT', 'WK 6162/2017 REV 1'],
    ['WK 6162/2017 REV 1', 'WK 6162/2017 REV 2'],
    ['ST 7923 2017 INIT', 'ST 7923 2017 REV 1'],
    ['ST 7923 2017 REV 2', 'ST 7923 2017 REV 3'],
    ['9916/17 ADD 1', '9916/17 ADD 1 REV 1'],
    ['ADD 1 REV 1', 'ADD 1 REV 2'],
    ['COR 1', 'COR 1 REV 1'],
    ['7923/1/17 REV 1 ADD 1', '7923/1/17 REV 1 ADD 1 REV 1'],
    ['7923/1/17 REV 1 ADD 1 REV 1', '7923/1/17 REV 1 ADD 1 REV 2'],
    ['ST 7923 2017 REV 2 ADD 1 COR 1', 'ST 7923 2017 REV 2 ADD 1 COR 1 REV 1'],
  ])('follows %s with %s', (from, to) => {
    expect(formatDocumentNumber(nextRevision(parse(from)))).toBe(to);
  });

  it.each([
    '7923/17',
    '9916/17 ADD 1',
    '7923/1/17 REV 1 ADD 1',
    '7923/1/17 REV 1 COR 1',
    '7923/2/17 REV 2 ADD 1 COR 1',
    'WK 6162/2017 REV 1 ADD 2',
  ])('labels every revision of %s as the register reads it back', (created) => {
    // An exported revision carries its label in its header; the upload of an edited copy reads it.
    for (let rev = 0; rev <= 3; rev++) {
      const label = formatDocumentNumber(labelRevision(parse(created), rev));
      const read = parseDocumentNumber(label);
      expect(read.ok ? formatDocumentNumber(read.value) : read.error.message).toBe(label);
    }
  });

  it('labels revision n of a document from its number as created', () => {
    const base = parse('7923/17');
    expect([0, 1, 2].map((rev) => formatDocumentNumber(labelRevision(base, rev)))).toEqual([
      '7923/17',
      '7923/1/17 REV 1',
      '7923/2/17 REV 2',
    ]);
  });
});

describe('isSameDocument', () => {
  const id = (input: string) => {
    const parsed = parseDocumentNumber(input);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return parsed.value;
  };
  it.each([
    ['9916/17', '9916/1/17 REV 1', true],
    ['9916/17', 'ST 9916 2017 REV 2', true],
    ['9916/2/17 REV 2', '9916/17', true],
    ['9916/17 ADD 1', '9916/17 ADD 1 REV 1', true],
    ['WK 6162/2017', 'WK 6162/2017 REV 1', true],
    ['9916/17', '7923/17', false],
    ['9916/17', '9916/18', false],
    ['9916/17', '9916/17 ADD 1', false],
    ['9916/17', 'WK 9916/2017', false],
    ['7923/17 ADD 1', '7923/1/17 REV 1 ADD 1', false],
    ['7923/1/17 REV 1 ADD 1', '7923/1/17 REV 1 ADD 1 REV 2', true],
  ])('%s and %s: %s', (a, b, same) => {
    expect(isSameDocument(id(a), id(b))).toBe(same);
    expect(isSameDocument(id(b), id(a))).toBe(same);
  });
});

describe('formatRegisterIdentity', () => {
  it.each([
    // One document, in every revision and every form.
    ['7923/17', 'ST 7923 2017'],
    ['ST 7923 2017', 'ST 7923 2017'],
    ['ST 7923 2017 INIT', 'ST 7923 2017'],
    ['7923/1/17 REV 1', 'ST 7923 2017'],
    ['7923/2/17 REV 2', 'ST 7923 2017'],
    ['ST 7923 2017 REV 2', 'ST 7923 2017'],
    [' 7923/1/17   rev 1 ', 'ST 7923 2017'],
    // Corrigenda and addenda are documents of their own, in every revision of theirs.
    ['9916/17 COR 1', 'ST 9916 2017 COR 1'],
    ['9916/17 COR 2', 'ST 9916 2017 COR 2'],
    ['9916/17 ADD 1', 'ST 9916 2017 ADD 1'],
    ['9916/17 ADD 1 REV 1', 'ST 9916 2017 ADD 1'],
    ['ST 9916 2017 ADD 1 REV 2', 'ST 9916 2017 ADD 1'],
    ['9916/17 ADD 1 COR 1', 'ST 9916 2017 ADD 1 COR 1'],
    // An addendum to a revision is not the addendum to the original.
    ['7923/1/17 REV 1 ADD 1', 'ST 7923 2017 REV 1 ADD 1'],
    ['7923/1/17 REV 1 ADD 1 REV 1', 'ST 7923 2017 REV 1 ADD 1'],
    // Working documents are another series; years are the register's four digits.
    ['WK 6162/2017 INIT', 'WK 6162/2017'],
    ['WK 6162/2017 REV 1', 'WK 6162/2017'],
    ['5432/98', 'ST 5432 1998'],
    // A bare suffix names a document relative to another: only its own part.
    ['ADD 1 REV 1', 'ADD 1'],
    ['COR 1', 'COR 1'],
  ])('%s is %s in the register', (written, identity) => {
    expect(formatRegisterIdentity(parse(written))).toBe(identity);
    expect(readRegisterIdentity(written)).toBe(identity);
  });
});

describe('readRegisterIdentity', () => {
  it.each<[string | null, string | null]>([
    [null, null],
    ['', null],
    ['   ', null],
    ['9916/17', 'ST 9916 2017'],
    // What the register cannot read is compared as written, spaced and cased alike.
    ['Draft  3', 'DRAFT 3'],
    [' draft 3 ', 'DRAFT 3'],
    ['9916/2017', '9916/2017'],
  ])('reads %j as %j', (written, identity) => {
    expect(readRegisterIdentity(written)).toBe(identity);
  });
});

describe('readCorrectedNumber', () => {
  it.each([
    ['9916/17 COR 1', '9916/17'],
    ['9916/1/17 REV 1 COR 1', '9916/1/17 REV 1'],
    ['9916/17 ADD 1 COR 2', '9916/17 ADD 1'],
    ['ST 9916 2017 COR 1', 'ST 9916 2017 INIT'],
    ['9916/17', null],
    ['9916/17 COR 1 REV 1', null],
    ['9916/17 ADD 1', null],
    ['COR 1', null],
  ])('reads which document %s corrects: %s', (input, expected) => {
    const corrected = readCorrectedNumber(parse(input));
    expect(corrected && formatDocumentNumber(corrected)).toBe(expected);
  });
});

describe('findCorrectedRevision', () => {
  it.each([
    ['9916/17 COR 1', '9916/17', 1, 0],
    ['9916/1/17 REV 1 COR 1', '9916/17', 1, 1],
    ['ST 9916 2017 REV 1 COR 2', '9916/17', 2, 1],
    ['ST 9916 2017 COR 1', '9916/17', 0, 0],
    ['9916/2/17 REV 2 COR 1', '9916/17', 2, 2],
    ['9916/17 ADD 1 COR 1', '9916/17 ADD 1', 0, 0],
    ['9916/17 ADD 1 REV 1 COR 1', '9916/17 ADD 1', 1, 1],
    ['9916/2/17 REV 2 COR 1', '9916/17', 1, null],
    ['9916/17 COR 1', '9916/1/17 REV 1', 1, null],
    ['9916/1/17 REV 1 COR 1', '9916/1/17 REV 1', 3, 0],
    ['9916/17 ADD 1 COR 1', '9916/17', 1, null],
    ['9916/17 COR 1', '9916/17 ADD 1', 1, null],
    ['9917/17 COR 1', '9916/17', 1, null],
    ['WK 9916/2017 COR 1', '9916/17', 1, null],
    ['9916/17', '9916/17', 1, null],
    ['9916/17 ADD 1', '9916/17', 1, null],
  ])(
    'finds which revision %s corrects of %s issued up to revision %i: %s',
    (corrigendum, base, latest, expected) => {
      expect(findCorrectedRevision(parse(corrigendum), parse(base), latest)).toBe(expected);
    },
  );
});

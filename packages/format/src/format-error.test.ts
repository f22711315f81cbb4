import { describe, expect, it } from 'vitest';
import { describeFormatError, type FormatError } from './format-error';

describe('describeFormatError', () => {
  it.each<[FormatError, string | undefined, string]>([
    [
      { code: 'unknown-footnote', message: 'footnote 7 is cited but never defined', line: 42 },
      'council.md',
      'council.md:42: footnote 7 is cited but never defined',
    ],
    [
      { code: 'unknown-footnote', message: 'footnote 7 is cited but never defined', line: 42 },
      undefined,
      'line 42: footnote 7 is cited but never defined',
    ],
    [{ code: 'not-docx', message: 'not a zip archive' }, 'a.docx', 'a.docx: not a zip archive'],
    [{ code: 'empty', message: 'the file is empty' }, undefined, 'the file is empty'],
    [
      { code: 'bad-docx', message: 'could not be read:\n  line two' },
      'a.docx',
      'a.docx: could not be read: line two',
    ],
  ])('says what is wrong and where in one line', (error, fileName, expected) => {
    expect(describeFormatError(error, fileName)).toBe(expected);
  });
});

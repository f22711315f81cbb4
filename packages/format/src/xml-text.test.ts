import { describe, expect, it } from 'vitest';
import { xmlText } from './xml-text';

describe('xmlText', () => {
  it.each([
    ['plain text, tabs and line ends as they are', 'a\tb\nc\r\nd «é» 😀', 'a\tb\nc\r\nd «é» 😀'],
    ["Word's line and page breaks as spaces", 'Title\u000bsecond line\u000cpage', 'Title second line page'],
    ['other control characters dropped', 'Pres\u0007 Bell\u0000\u001f', 'Pres Bell'],
    [
      'a lone surrogate and the non-characters as U+FFFD',
      'a\ud800b\udc00c\ufffe\uffff',
      'a\ufffdb\ufffdc\ufffd\ufffd',
    ],
  ])('keeps %s', (_what, input, expected) => {
    expect(xmlText(input)).toBe(expected);
  });
});

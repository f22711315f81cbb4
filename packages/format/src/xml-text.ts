/** What XML 1.0 cannot carry: C0 control characters other than tab and line ends, U+FFFE, U+FFFF, lone surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids.
const NOT_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu;

/**
 * `value` as XML can carry it. Word refuses a whole file for one forbidden character, and every text a
 * .docx carries can hold one (a title pasted from Word, a user's name). A vertical tab or form feed
 * (Word's line and page breaks, as they paste) becomes a space so words stay apart; other control
 * characters are dropped, being invisible; a lone surrogate or non-character becomes U+FFFD.
 */
export function xmlText(value: string): string {
  return value.replace(NOT_IN_XML, (char) =>
    char === '\u000b' || char === '\u000c' ? ' ' : char < ' ' ? '' : '\ufffd',
  );
}

import { describe, expect, it } from 'vitest';
import type { InlinePiece } from './inline-text';
import { measureTypedMarker, readTypedMarker, readTypedNumber } from './typed-number';

const text = (value: string): InlinePiece => ({ type: 'text', value });
const mark = (label: string): InlinePiece => ({ type: 'mark', mark: { label } });

describe('readTypedNumber', () => {
  it.each<[string, InlinePiece[], number, InlinePiece[]]>([
    ['a number and a space', [text('1. First point.')], 1, [text('First point.')]],
    ['a number and a tab', [text('2.\tSecond point.')], 2, [text('Second point.')]],
    ['a closing parenthesis', [text('3) Third point.')], 3, [text('Third point.')]],
    [
      'no-break spaces, as Word writes them in HTML',
      [text('4.\u00a0\u00a0\u00a0 Fourth.')],
      4,
      [text('Fourth.')],
    ],
    ['a single no-break space', [text('5.\u00a0Fifth.')], 5, [text('Fifth.')]],
    ['white space before the number', [text('\n  6. Sixth.')], 6, [text('Sixth.')]],
    ['a line break in the HTML source after it', [text('7.\nSeventh.')], 7, [text('Seventh.')]],
    [
      'a number split over runs',
      [text('1'), text('2.'), text('\t'), text('Twelfth.')],
      12,
      [text('Twelfth.')],
    ],
    [
      'a footnote mark later in the text',
      [text('8. Cited'), mark('1'), text(' here.')],
      8,
      [text('Cited'), mark('1'), text(' here.')],
    ],
  ])('reads %s', (_what, pieces, number, rest) => {
    expect(readTypedNumber(pieces)).toEqual({ number, pieces: rest });
  });

  it.each<[string, InlinePiece[]]>([
    ['a figure that opens a sentence', [text('27 Member States support the text.')]],
    ['a decimal figure', [text('2.5 million people.')]],
    ['a number with nothing after it', [text('3. ')]],
    ['a number glued to the word', [text('3.Third.')]],
    ['a number of more than four digits', [text('12345. Text.')]],
    ['a number after a footnote mark', [mark('1'), text('3. Text.')]],
    ['a lettered point', [text('(a) Text.')]],
  ])('reads no number from %s', (_what, pieces) => {
    expect(readTypedNumber(pieces)).toBeNull();
  });
});

describe('readTypedMarker', () => {
  it.each<[string, InlinePiece[], ReturnType<typeof readTypedMarker>]>([
    ['a typed number', [text('1. First.')], { kind: 'numbered', number: 1, pieces: [text('First.')] }],
    ['a typed indent', [text('\u2013\tAn indent.')], { kind: 'bullet', pieces: [text('An indent.')] }],
    [
      'a number before a dash, which stays in the text',
      [text('2. - a dash')],
      { kind: 'numbered', number: 2, pieces: [text('- a dash')] },
    ],
    [
      'a dash before a number, which stays in the text',
      [text('- 3. a number')],
      { kind: 'bullet', pieces: [text('3. a number')] },
    ],
    ['neither', [text('27 Member States.')], null],
  ])('reads %s', (_what, pieces, expected) => {
    expect(readTypedMarker(pieces)).toEqual(expected);
  });
});

describe('measureTypedMarker', () => {
  it.each<[string, ReturnType<typeof measureTypedMarker>]>([
    ['3. The Council recalls', { kind: 'numbered', length: 3 }],
    ['12)\tText', { kind: 'numbered', length: 4 }],
    ['\u2013  An indent', { kind: 'bullet', length: 3 }],
    ['- a hyphen indent', { kind: 'bullet', length: 2 }],
    ['27 Member States', null],
    ['2.5 million', null],
    ['-based', null],
    ['(a) a point', null],
  ])('measures %j', (value, expected) => {
    expect(measureTypedMarker(value)).toEqual(expected);
  });
});

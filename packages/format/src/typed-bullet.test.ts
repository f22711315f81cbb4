import { describe, expect, it } from 'vitest';
import type { InlinePiece } from './inline-text';
import { readTypedBullet } from './typed-bullet';

const text = (value: string): InlinePiece => ({ type: 'text', value });
const mark = (label: string): InlinePiece => ({ type: 'mark', mark: { label } });

describe('readTypedBullet', () => {
  it.each<[string, InlinePiece[], InlinePiece[]]>([
    ['an en dash and a tab', [text('–\tserve to protect the EU,')], [text('serve to protect the EU,')]],
    ['a hyphen and a space', [text('- take into account,')], [text('take into account,')]],
    ['a bullet character and a tab', [text('•\trespect the law.')], [text('respect the law.')]],
    [
      'no-break spaces, as Word writes them in HTML',
      [text('–\u00a0\u00a0 serve to protect,')],
      [text('serve to protect,')],
    ],
    [
      "Word's list marker in its own span",
      [text('-'), text('\u00a0\u00a0'), text('take into account,')],
      [text('take into account,')],
    ],
    [
      "the middle dot of Word's Symbol-font bullet in HTML",
      [text('·'), text('\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 '), text('respect the law.')],
      [text('respect the law.')],
    ],
    ['white space before the marker', [text('\n  – indent.')], [text('indent.')]],
    ['a line break in the HTML source after it', [text('–\nindent.')], [text('indent.')]],
    ['a dash followed by a figure', [text('– 5 % of the budget,')], [text('5 % of the budget,')]],
    [
      'a footnote mark later in the text',
      [text('– cited'), mark('1'), text(' here,')],
      [text('cited'), mark('1'), text(' here,')],
    ],
  ])('reads %s', (_what, pieces, rest) => {
    expect(readTypedBullet(pieces)).toEqual({ pieces: rest });
  });

  it.each<[string, InlinePiece[]]>([
    ['a dash glued to a figure', [text('-5 % compared with 2016.')]],
    ['a minus sign', [text('−5 % compared with 2016.')]],
    ['a minus sign and a space', [text('− 5 %.')]],
    ['a dash glued to a word', [text('–based approach.')]],
    ['a hyphenated word', [text('Cyber-related activities.')]],
    ['an em dash quotation', [text('— We agree, said the Presidency.')]],
    ['a dash inside the sentence', [text('The EU – and its Member States – agree.')]],
    ['a lettered point', [text('(a) Text.')]],
    ['a typed number', [text('1. Text.')]],
    ['a marker with nothing after it', [text('– ')]],
    ['a marker after a footnote mark', [mark('1'), text('– Text.')]],
    ['two hyphens', [text('-- Text.')]],
  ])('reads no bullet from %s', (_what, pieces) => {
    expect(readTypedBullet(pieces)).toBeNull();
  });
});

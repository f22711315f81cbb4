import { describe, expect, it } from 'vitest';
import { normalizeCaretColors, pickTextColor, toHexColor } from './caret-color';

describe('caret colours', () => {
  it.each([
    ['#1d4ed8', '#1d4ed8'],
    ['#ABC', '#aabbcc'],
    ['hsl(0 100% 50%)', '#ff0000'],
    ['hsl(120, 100%, 25%)', '#008000'],
    ['hsl(240deg 100% 50% / 0.5)', '#0000ff'],
    ['hsl(158 65% 42%)', '#25b17e'],
    ['hsl(0 0% 100%)', '#ffffff'],
    ['rebeccapurple', null],
    ['', null],
  ])('turns %s into %s', (input, expected) => {
    expect(toHexColor(input)).toBe(expected);
  });

  it.each([
    ['#1d4ed8', '#ffffff'],
    ['#000000', '#ffffff'],
    ['#ffff00', '#000000'],
    ['hsl(60 65% 42%)', '#000000'],
    ['#ffffff', '#000000'],
  ])('labels a caret coloured %s in %s', (background, text) => {
    expect(pickTextColor(background)).toBe(text);
  });

  it('rewrites the colours of the states that changed, leaving the others', () => {
    const states = new Map<number, unknown>([
      [1, { user: { name: 'FR', color: 'hsl(0 100% 50%)' } }],
      [2, { user: { name: 'DE', color: 'hsl(0 100% 50%)' } }],
      [3, { user: { name: 'odd', color: 'papayawhip' } }],
      [4, null],
    ]);
    normalizeCaretColors(states, [1, 3, 4, 5]);
    expect(states.get(1)).toEqual({ user: { name: 'FR', color: '#ff0000' } });
    expect(states.get(2)).toEqual({ user: { name: 'DE', color: 'hsl(0 100% 50%)' } });
    expect(states.get(3)).toEqual({ user: { name: 'odd', color: '#4b5563' } });
  });
});

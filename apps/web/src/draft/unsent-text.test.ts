import { describe, expect, it } from 'vitest';
import { keepUnsentText, type UnsentTexts } from './unsent-text';

describe('keepUnsentText', () => {
  it("keeps each box's text for its block, the other boxes' as they were", () => {
    const texts: UnsentTexts = new Map();
    keepUnsentText(texts, 'b1', { note: 'Awaiting instructions' });
    keepUnsentText(texts, 'b1', { comment: 'FR would keep it', privateNote: true });
    keepUnsentText(texts, 'b2', { reply: { to: 'c1', text: 'Agreed' } });
    expect(Object.fromEntries(texts)).toEqual({
      b1: { note: 'Awaiting instructions', comment: 'FR would keep it', privateNote: true, reply: null },
      b2: { note: '', comment: '', privateNote: false, reply: { to: 'c1', text: 'Agreed' } },
    });
  });

  it('keeps nothing for a block once its boxes are empty (sent, or wiped), nor an empty reply', () => {
    const texts: UnsentTexts = new Map();
    keepUnsentText(texts, 'b1', { note: 'Awaiting instructions', reply: { to: 'c1', text: 'Agreed' } });
    keepUnsentText(texts, 'b1', { reply: { to: 'c1', text: '' } });
    expect(texts.get('b1')).toEqual({
      note: 'Awaiting instructions',
      comment: '',
      privateNote: false,
      reply: null,
    });
    keepUnsentText(texts, 'b1', { note: '' });
    expect(texts.has('b1')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { describeLeftOut } from './left-out';

describe('describeLeftOut', () => {
  it('says nothing when nothing was left out, or the server said nothing', () => {
    expect(describeLeftOut({ comments: 0, images: 0 })).toBeNull();
    expect(describeLeftOut(undefined)).toBeNull();
  });

  it('names the Word comments and images left out, one or many', () => {
    expect(describeLeftOut({ comments: 1, images: 0 })).toBe(
      'A Word comment in the file was not taken in (Accord keeps the text alone): comment on the paragraphs here instead.',
    );
    expect(describeLeftOut({ comments: 2, images: 1 })).toBe(
      '2 Word comments and an image in the file were not taken in (Accord keeps the text alone): comment on the paragraphs here instead.',
    );
    expect(describeLeftOut({ comments: 0, images: 3 })).toBe(
      '3 images in the file were not taken in (Accord keeps the text alone).',
    );
  });
});

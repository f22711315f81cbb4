import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate-limit';

describe('TokenBucket', () => {
  it('allows a burst, refuses beyond it, and refills with time', () => {
    const bucket = new TokenBucket(3, 10, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });

  it('never holds more than its burst however long it waited', () => {
    const bucket = new TokenBucket(2, 1000, 0);
    expect([bucket.take(60_000), bucket.take(60_000), bucket.take(60_000)]).toEqual([true, true, false]);
  });

  it('spends a cost of several tokens at once, such as the bytes of a frame', () => {
    const bucket = new TokenBucket(100, 100, 0);
    expect(bucket.take(0, 60)).toBe(true);
    expect(bucket.take(0, 60)).toBe(false);
    expect(bucket.take(200, 60)).toBe(true);
  });
});

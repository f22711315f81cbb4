import { describe, expect, it } from 'vitest';
import { createToken, hashToken, isHashOf } from './tokens';

describe('isHashOf', () => {
  it('knows the hash of a secret, again and again', () => {
    const secret = createToken();
    expect(isHashOf(hashToken(secret), secret)).toBe(true);
    expect(isHashOf(hashToken(secret), secret)).toBe(true);
  });

  it('refuses the hash of another secret, a prefix of it, and what is not a hash', () => {
    const secret = createToken();
    expect(isHashOf(hashToken(`${secret}x`), secret)).toBe(false);
    expect(isHashOf(hashToken(secret.slice(0, -1)), secret)).toBe(false);
    expect(isHashOf(hashToken(secret).slice(0, 32), secret)).toBe(false);
    expect(isHashOf('', secret)).toBe(false);
    expect(isHashOf(secret, secret)).toBe(false);
  });
});

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret: 32 random bytes, base64url. Used for user tokens and session ids. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keeps instead of a token or session id. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares two secrets in constant time (their hashes, so lengths never leak). */
export function isSameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** A random identifier for documents and users: 16 characters, URL-safe. */
export function createId(): string {
  return randomBytes(12).toString('base64url');
}

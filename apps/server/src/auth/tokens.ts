import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret: 32 random bytes, base64url. Used for user tokens and session ids. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keeps instead of a token or session id. */
export function hashToken(token: string): string {
  // The one-shot hash: every request hashes its token, and a Hash object per call costs five times more.
  return hash('sha256', token, 'hex');
}

let remembered: { readonly secret: string; readonly hash: Buffer } | null = null;

/**
 * Whether `tokenHash` (from `hashToken`) is the hash of `secret`, compared in constant time (hashes, so
 * lengths never leak). The secret's hash is remembered: the admin token is checked on every request.
 */
export function isHashOf(tokenHash: string, secret: string): boolean {
  if (remembered?.secret !== secret) {
    remembered = { secret, hash: hash('sha256', secret, 'buffer') };
  }
  const given = Buffer.from(tokenHash, 'hex');
  return given.length === remembered.hash.length && timingSafeEqual(given, remembered.hash);
}

/** A random identifier for documents and users: 16 characters, URL-safe. */
export function createId(): string {
  return randomBytes(12).toString('base64url');
}

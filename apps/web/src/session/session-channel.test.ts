import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../testing/memory-storage';
import { noteSignedInUser } from './session-channel';

describe('the user this browser knows signed in', () => {
  it('calls a sign-in a change once, and a page loaded again as the same user none', () => {
    const storage = new MemoryStorage();
    expect(noteSignedInUser('u-fr', () => storage)).toBe(true);
    expect(noteSignedInUser('u-fr', () => storage)).toBe(false);
    // A login link as someone else.
    expect(noteSignedInUser('u-de', () => storage)).toBe(true);
    expect(noteSignedInUser('u-de', () => storage)).toBe(false);
  });

  it('never calls a sign-out a change, but a sign-in after it one, even as the same user', () => {
    const storage = new MemoryStorage();
    noteSignedInUser('u-fr', () => storage);
    expect(noteSignedInUser(null, () => storage)).toBe(false);
    expect(noteSignedInUser(null, () => storage)).toBe(false);
    expect(noteSignedInUser('u-fr', () => storage)).toBe(true);
  });

  it('calls every sign-in a change when the storage refuses to keep it', () => {
    const storage = new MemoryStorage(true);
    expect(noteSignedInUser('u-fr', () => storage)).toBe(true);
    expect(noteSignedInUser('u-fr', () => storage)).toBe(true);
  });

  it('calls a sign-in a change, without throwing, in a browser that forbids storage altogether', () => {
    const forbidden = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    expect(noteSignedInUser('u-fr', forbidden)).toBe(true);
    expect(noteSignedInUser(null, forbidden)).toBe(false);
  });
});

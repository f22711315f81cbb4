import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../testing/memory-storage';
import { noteSignedInUser } from './session-channel';

describe('the user this browser knows signed in', () => {
  it('calls a sign-in a change once, and a page loaded again as the same user none', () => {
    const storage = new MemoryStorage();
    expect(noteSignedInUser(storage, 'u-fr')).toBe(true);
    expect(noteSignedInUser(storage, 'u-fr')).toBe(false);
    // A login link as someone else.
    expect(noteSignedInUser(storage, 'u-de')).toBe(true);
    expect(noteSignedInUser(storage, 'u-de')).toBe(false);
  });

  it('never calls a sign-out a change, but a sign-in after it one, even as the same user', () => {
    const storage = new MemoryStorage();
    noteSignedInUser(storage, 'u-fr');
    expect(noteSignedInUser(storage, null)).toBe(false);
    expect(noteSignedInUser(storage, null)).toBe(false);
    expect(noteSignedInUser(storage, 'u-fr')).toBe(true);
  });

  it('calls every sign-in a change when the storage refuses to keep it', () => {
    const storage = new MemoryStorage(true);
    expect(noteSignedInUser(storage, 'u-fr')).toBe(true);
    expect(noteSignedInUser(storage, 'u-fr')).toBe(true);
  });
});

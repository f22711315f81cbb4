import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../testing/memory-storage';
import { loadInsertionStyle, saveInsertionStyle } from './insertion-style';

describe('the insertion style of redlines', () => {
  it("is the Council's bold underline until the user picks another, which the next visit keeps", () => {
    const storage = new MemoryStorage();
    expect(loadInsertionStyle(storage)).toBe('bold-underline');
    saveInsertionStyle(storage, 'bold');
    expect(loadInsertionStyle(storage)).toBe('bold');
  });

  it('falls back to the convention on an unknown stored value or a storage that refuses writes', () => {
    const storage = new MemoryStorage();
    storage.setItem('accord.redline.insertions', 'italic');
    expect(loadInsertionStyle(storage)).toBe('bold-underline');
    const full = new MemoryStorage(true);
    saveInsertionStyle(full, 'bold');
    expect(loadInsertionStyle(full)).toBe('bold-underline');
  });
});

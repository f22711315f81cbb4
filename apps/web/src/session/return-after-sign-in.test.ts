import { describe, expect, it } from 'vitest';
import { rememberReturnPath, takeReturnPath } from './return-after-sign-in';

/** A Storage of a Map, as `sessionStorage` behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => {
      items.delete(key);
    },
    setItem: (key, value) => {
      items.set(key, value);
    },
  };
}

describe('the return after sign-in', () => {
  it('brings a sign-in back to where the tab was, once', () => {
    const storage = memoryStorage();
    rememberReturnPath('/documents/abc#block-1', () => storage);
    expect(takeReturnPath(true, () => storage)).toBe('/documents/abc#block-1');
    expect(takeReturnPath(true, () => storage)).toBeNull();
  });

  it('forgets the place when the list is opened other than by a sign-in', () => {
    const storage = memoryStorage();
    rememberReturnPath('/documents/abc', () => storage);
    expect(takeReturnPath(false, () => storage)).toBeNull();
    expect(takeReturnPath(true, () => storage)).toBeNull();
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a scheme-relative address', '//evil.example/'],
  ])('never sends the tab to %s', (_name, path) => {
    const storage = memoryStorage();
    storage.setItem('accord.session.return', path);
    expect(takeReturnPath(true, () => storage)).toBeNull();
  });

  it('does without a storage the browser refuses', () => {
    const refused = () => {
      throw new Error('SecurityError');
    };
    expect(() => rememberReturnPath('/documents/abc', refused)).not.toThrow();
    expect(takeReturnPath(true, refused)).toBeNull();
  });
});

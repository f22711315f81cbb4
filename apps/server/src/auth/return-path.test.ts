import { describe, expect, it } from 'vitest';
import { MAX_RETURN_PATH_CHARS, readReturnPath } from './return-path';

describe('readReturnPath', () => {
  it.each([
    ['a document', '/documents/abc', '/documents/abc'],
    ['a paragraph of a document', '/documents/abc#block-1', '/documents/abc#block-1'],
    ['a screen with its query', '/documents/abc/revisions?to=2', '/documents/abc/revisions?to=2'],
    ['no next', undefined, '/'],
    ['an empty next', '', '/'],
    ['another site', 'https://evil.example/', '/'],
    ['a scheme-relative address', '//evil.example/documents', '/'],
    ['a backslash browsers read as a slash', '/\\evil.example', '/'],
    ['a tab inside the slashes', '/\t/evil.example', '/'],
    ['a relative path', 'documents/abc', '/'],
    ['a script', 'javascript:alert(1)', '/'],
    ['a path too long for any screen', `/${'a'.repeat(MAX_RETURN_PATH_CHARS)}`, '/'],
  ])('sends %s to %j', (_name, next, expected) => {
    expect(readReturnPath(next)).toBe(expected);
  });

  it('keeps a path made of dots on this site', () => {
    expect(readReturnPath('/../../documents/abc')).toBe('/documents/abc');
  });
});

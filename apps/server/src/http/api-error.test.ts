import { describe, expect, it } from 'vitest';
import { excerpt, MAX_ECHO_CHARS } from './api-error';

describe('excerpt', () => {
  it('repeats a short value whole', () => {
    expect(excerpt('doc-1')).toBe('doc-1');
  });

  it('cuts a long value to its beginning, never between the halves of a surrogate pair', () => {
    expect(excerpt('x'.repeat(1_000))).toBe(`${'x'.repeat(MAX_ECHO_CHARS)}…`);
    expect(excerpt(`${'x'.repeat(MAX_ECHO_CHARS - 1)}😀tail`)).toBe(`${'x'.repeat(MAX_ECHO_CHARS - 1)}…`);
  });

  it('writes control and direction characters as escapes, so the message reads as written', () => {
    // "there is no document ‮fdp.exe" would show as "there is no document exe.pdf" turned around.
    expect(excerpt('\u202Efdp.exe')).toBe('\\u202Efdp.exe');
    expect(excerpt('a\u0000b\nc\u2067d\u200Fe\u0085')).toBe('a\\u0000b\\u000Ac\\u2067d\\u200Fe\\u0085');
    // Letters of right-to-left scripts are text, not controls.
    expect(excerpt('مرحبا')).toBe('مرحبا');
  });
});

import { describe, expect, it } from 'vitest';
import { readLoginInput } from './read-login-input';

const TOKEN = 'q3Xr0vVb8m_Jk-2LzP9aWc4eTnYhUoRiSdGfE1lKx7A';

describe('readLoginInput', () => {
  it.each([
    ['a login link as the demo prints it', `http://localhost:8080/login?token=${TOKEN}`, TOKEN, null],
    [
      'a login link that names a document',
      `https://accord.example.org/login?token=${TOKEN}&next=/documents/abc`,
      TOKEN,
      '/documents/abc',
    ],
    [
      'a link with its next encoded',
      `https://a.example/login?next=%2Fdocuments%2Fabc&token=${TOKEN}`,
      TOKEN,
      '/documents/abc',
    ],
    ['the token alone', TOKEN, TOKEN, null],
    ['the token with spaces around it', `  ${TOKEN}\n`, TOKEN, null],
    [
      'a link a mail program wrapped over two lines',
      `https://accord.example.org/login?to\nken=${TOKEN}`,
      TOKEN,
      null,
    ],
    ['a link in angle brackets', `<https://accord.example.org/login?token=${TOKEN}>`, TOKEN, null],
    ['the link without its host', `/login?token=${TOKEN}`, TOKEN, null],
    ['a link behind a proxy path', `https://example.org/accord/login?token=${TOKEN}`, TOKEN, null],
  ])('reads %s', (_what, input, token, next) => {
    expect(readLoginInput(input)).toEqual({ ok: true, value: { token, next } });
  });

  it.each([
    ['another site', '//evil.example/x'],
    ['an address', 'https://evil.example/x'],
    ['a backslash path', '/\\evil.example'],
  ])('reads a next that names %s as it is, for the server to judge, and still signs in', (_what, next) => {
    const input = `https://accord.example.org/login?token=${TOKEN}&next=${encodeURIComponent(next)}`;
    expect(readLoginInput(input)).toEqual({ ok: true, value: { token: TOKEN, next } });
  });

  it.each([
    ['nothing', '   ', 'empty'],
    ['the address of a document', 'https://accord.example.org/documents/abc', 'not-a-login-link'],
    [
      'a login link without its token',
      'https://accord.example.org/login?next=/documents/abc',
      'not-a-login-link',
    ],
    ['a login link cut inside its token', 'https://accord.example.org/login?token=', 'not-a-login-link'],
    ['a sentence', 'my token is abc', 'not-a-token'],
    ['a token with a stray character', `${TOKEN}.`, 'not-a-token'],
    ['a very long text', 'a'.repeat(5_000), 'not-a-token'],
  ])('refuses %s', (_what, input, error) => {
    expect(readLoginInput(input)).toEqual({ ok: false, error });
  });
});

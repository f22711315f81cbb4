/**
 * What a person pastes into the sign-in page: a login link as it was sent ("https://…/login?token=…",
 * maybe with `&next=…`, maybe wrapped over lines or in <angle brackets> by a mail program), or the
 * token alone. Read here, in the page, so that no address holding the token is ever the page's own.
 */
import { err, ok, type Result } from '@accord/model';

export interface LoginInput {
  readonly token: string;
  /**
   * The page the link names to open once signed in (`next`), if any, as it is: the server says
   * whether it is a path of this site (`POST /login`'s answer), as it does when the link is opened.
   */
  readonly next: string | null;
}

export type LoginInputError =
  /** Nothing was pasted. */
  | 'empty'
  /** An address, but not a login link (no `/login`, or no token in it). */
  | 'not-a-login-link'
  /** Neither an address nor a token (a token is letters, digits, "-" and "_"). */
  | 'not-a-token';

/** Longer than any token the server makes (43 characters) by far, and than any address of it. */
const MAX_INPUT_CHARS = 4_000;

/** The characters of a token: base64url. */
const TOKEN = /^[A-Za-z0-9_-]+$/;

export function readLoginInput(input: string): Result<LoginInput, LoginInputError> {
  // A mail program may put a link in <…>, which is not part of it.
  const pasted = input
    .trim()
    .replace(/^<([\s\S]*)>$/, '$1')
    .trim();
  if (pasted === '') return err('empty');
  if (pasted.length > MAX_INPUT_CHARS) return err('not-a-token');
  if (TOKEN.test(pasted)) return ok({ token: pasted, next: null });
  if (!/^https?:\/\//i.test(pasted) && !pasted.startsWith('/login')) return err('not-a-token');
  let url: URL;
  try {
    // A long link wrapped over lines by a mail program: an address holds no white space.
    url = new URL(pasted.replace(/\s+/g, ''), 'http://accord.invalid');
  } catch {
    return err('not-a-login-link');
  }
  const token = url.searchParams.get('token');
  if (!url.pathname.endsWith('/login') || token === null || !TOKEN.test(token))
    return err('not-a-login-link');
  return ok({ token, next: url.searchParams.get('next') });
}

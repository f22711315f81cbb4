/** The longest `next` a login link may carry; a path of the app is far shorter. */
export const MAX_RETURN_PATH_CHARS = 2_000;

const BASE = 'http://accord.invalid';

/** A backslash, a control character or a space, which browsers read leniently (a tab is dropped). */
const mayLeaveSite = (char: string) => char === '\\' || char <= ' ' || char === '\u007f';

/**
 * Where a login link sends the browser once signed in: its `next`, when that is a path of this site
 * ("/documents/abc#block-1"), else the document list. Anything that could leave the site (an address,
 * "//host", "/\\host", which browsers read as another host) is ignored rather than refused: the
 * link still signs its user in.
 */
export function readReturnPath(next: string | undefined): string {
  if (next === undefined || next.length > MAX_RETURN_PATH_CHARS) return '/';
  // A path only: no scheme, no host, no backslash (read as a slash), no control character or space.
  if (!next.startsWith('/') || next.startsWith('//') || [...next].some(mayLeaveSite)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context } from 'hono';

/** Bodies smaller than this go out as they are: gzip saves little on them. */
export const MIN_GZIP_BYTES = 1024;

const gzipAsync = promisify(gzip);
/** ETags of one process never match another's: counters restart with the process. */
const PROCESS_TAG = randomBytes(6).toString('base64url');
let lastTag = 0;

type Bytes = Uint8Array<ArrayBuffer>;

interface KnownBody {
  readonly etag: string;
  gzipped: Promise<Bytes> | null;
}

const KNOWN = new WeakMap<Bytes, KnownBody>();

/**
 * Answers with `body`, a byte array its maker hands out again, the same object, for as long as it has
 * not changed (as `ConsensusLedger.reportJson` does). Each such body gets one ETag, so a client that
 * already has it is answered 304 without it (browsers revalidate by themselves: `no-cache`); and it
 * is gzipped once, off the event loop, for every client that accepts gzip. A room of clients fetching
 * a report after each hint then costs one compression, and nothing when the report did not change.
 */
export async function respondWithCachedBody(c: Context, body: Bytes, contentType: string): Promise<Response> {
  let known = KNOWN.get(body);
  if (known === undefined) {
    known = { etag: `"${PROCESS_TAG}-${++lastTag}"`, gzipped: null };
    KNOWN.set(body, known);
  }
  const validators = { etag: known.etag, 'cache-control': 'private, no-cache', vary: 'Accept-Encoding' };
  // A 304 has no body, so no type: a client reading the type as "parse the body" found none to parse.
  if (matchesEtag(c.req.header('if-none-match'), known.etag)) return c.body(null, 304, validators);
  const headers = { ...validators, 'content-type': contentType };
  if (body.length >= MIN_GZIP_BYTES && acceptsGzip(c.req.header('accept-encoding'))) {
    const entry = known;
    entry.gzipped ??= (gzipAsync(body, { level: 6 }) as Promise<Bytes>).catch((error: unknown) => {
      entry.gzipped = null;
      throw error;
    });
    return c.body(await entry.gzipped, 200, { ...headers, 'content-encoding': 'gzip' });
  }
  return c.body(body, 200, headers);
}

/** Whether an If-None-Match header names `etag` (weak or strong, in a list, or `*`). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/** Whether an Accept-Encoding header takes gzip (by name or `*`, with a quality above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let star = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (name.trim() === 'gzip') return quality > 0;
    if (name.trim() === '*') star = quality > 0;
  }
  return star;
}

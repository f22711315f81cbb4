import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type ZodError, z } from 'zod';
import { DatabaseLostError } from '../store/store';
import { ApiError, badRequest, excerpt } from './api-error';
import { refusalOf } from './free-text';
import { describeBodyTypes, type RouteKey } from './media-types';
import { StorageFaultLog } from './storage-fault-log';

/** An error message longer than this is cut: none should be, as no message echoes a value whole. */
export const MAX_ERROR_MESSAGE_CHARS = 1_000;

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/**
 * The error body every refusal has, `message` cut at `MAX_ERROR_MESSAGE_CHARS`; `details` are a
 * refusal's own fields after these two (the holder of a number taken).
 */
export function respondWithError(
  c: Context,
  status: ApiError['status'],
  code: string,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
) {
  const cut =
    message.length > MAX_ERROR_MESSAGE_CHARS ? `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}…` : message;
  return c.json({ error: { ...details, code, message: cut } } satisfies ErrorBody, status);
}

/**
 * Maps every thrown error to the JSON error body; a bug is a 500 with a generic message, never a stack.
 * `bodyTypes` names what each route takes, for a 415 (JSON where a route is not in it). A storage
 * fault is logged through `storageFaults`, once while it lasts.
 */
export function createErrorHandler(
  logError: (message: string, error: unknown) => void,
  bodyTypes: ReadonlyMap<RouteKey, readonly string[]> = new Map(),
  storageFaults: StorageFaultLog = new StorageFaultLog(logError),
): ErrorHandler {
  return async (error, c) => {
    if (error instanceof ApiError) {
      if (error.cause !== undefined) {
        const fault = storageFault(error.cause);
        if (fault === null) logError(`${c.req.method} ${c.req.path} failed`, error.cause);
        else storageFaults.refused(c, fault, error.cause);
      }
      if (error.retryAfterSeconds !== null) c.header('Retry-After', String(error.retryAfterSeconds));
      // RFC 9110 asks a 401 to say how to authenticate: a client library reads it before any body.
      if (error.status === 401) c.header('WWW-Authenticate', 'Bearer realm="accord"');
      return respondWithError(c, error.status, error.code, error.message, error.details);
    }
    if (error instanceof HTTPException) {
      if (error.status === 400 && /json/i.test(error.message)) {
        if (await readsAsUtf16(c)) {
          return respondWithError(
            c,
            415,
            'json-not-utf8',
            'JSON must be UTF-8 (RFC 8259), and this body is not (UTF-16?): send it as UTF-8',
          );
        }
        return respondWithError(c, 400, 'malformed-json', 'the request body is not valid JSON');
      }
      if (error.status === 400 && /formdata/i.test(error.message)) {
        return respondWithError(
          c,
          400,
          'malformed-form',
          'the request body is not a valid multipart/form-data form',
        );
      }
      if (error.status === 415) {
        const accepted = bodyTypes.get(`${c.req.method} ${c.req.routePath}`) ?? ['application/json'];
        return respondWithError(
          c,
          415,
          'unsupported-media-type',
          `the body must be ${describeBodyTypes(accepted)}`,
        );
      }
      if (error.status === 413)
        return respondWithError(c, 413, 'body-too-large', error.message || 'the body is too large');
      const status = error.status as ApiError['status'];
      return respondWithError(c, status, 'http-error', error.message || 'request refused');
    }
    // The client went away, or its body broke off (a chunked body Node's parser refused): whoever
    // reads this, the server did nothing wrong, and nothing was written.
    if (isRequestAborted(error)) {
      return respondWithError(
        c,
        400,
        'request-aborted',
        'the request’s body did not arrive whole; nothing was written',
      );
    }
    const fault = storageFault(error);
    if (fault !== null) {
      // A lost database is a known condition the store has said once, not a failure of this request.
      if (!(error instanceof DatabaseLostError)) storageFaults.refused(c, fault, error);
      if (fault.retry) c.header('Retry-After', '1');
      return respondWithError(c, fault.status, fault.code, describeStorageFault(fault));
    }
    logError(`${c.req.method} ${c.req.path} failed`, error);
    return respondWithError(c, 500, 'internal', 'the server failed to handle this request');
  };
}

/**
 * Whether a body JSON.parse refused was text in another encoding than UTF-8, as Windows tools write
 * it (PowerShell 5's `Out-File`, Notepad's "Unicode"): read as UTF-8, UTF-16's byte-order mark is two
 * replacement characters, and its ASCII has a NUL beside every letter, which no JSON holds. Hono keeps
 * the text it failed to parse, so this costs nothing on any other request.
 */
async function readsAsUtf16(c: Context): Promise<boolean> {
  const text = await c.req.text().catch(() => null);
  return text !== null && (text.startsWith('\uFFFD\uFFFD') || text.includes('\u0000'));
}

/** Node's error for a request whose connection closed before its body was read (`aborted`). */
export function isRequestAborted(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ECONNRESET';
}

export interface StorageFault {
  readonly status: 503 | 507;
  readonly code: 'storage-busy' | 'storage-full' | 'storage-unavailable';
  /** What is wrong, for the message: "the database is locked by another process". */
  readonly cause: string;
  /** Whether trying again may succeed (a 503, with `Retry-After`). */
  readonly retry: boolean;
  /** What must happen first when trying again will not do. */
  readonly remedy?: string;
  /** What became of the request's change, when not "nothing was written". */
  readonly outcome?: string;
}

/** A storage fault's message: what is wrong, that nothing was written, and what may be done. */
export function describeStorageFault(fault: StorageFault): string {
  const next = fault.retry ? ', try again' : fault.remedy === undefined ? '' : `: ${fault.remedy}`;
  return `${fault.cause}; ${fault.outcome ?? 'nothing was written'}${next}`;
}

/** The refusal of a change while the database is not where the next start looks. */
export const DATABASE_LOST_FAULT: StorageFault = {
  status: 503,
  code: 'storage-unavailable',
  cause: 'the server’s data directory was deleted or moved while it runs',
  retry: false,
  remedy: 'the server must be stopped and the directory put back',
};

/**
 * The refusal of a change found lost once written: it went to the lost file alone, so it is refused
 * rather than acknowledged, and a client should look before sending it again once the directory is back.
 */
export const DATABASE_LOST_AFTER_WRITE_FAULT: StorageFault = {
  ...DATABASE_LOST_FAULT,
  outcome:
    'this change went to the lost file alone, where the next start does not look (back in place, the directory holds it)',
};

/**
 * A fault of the storage rather than a bug: the SQLite file locked by another process, the disk full
 * or failing. The request's transaction rolled back, and a client may try again.
 */
export function storageFault(error: unknown): StorageFault | null {
  if (error instanceof DatabaseLostError)
    return error.written ? DATABASE_LOST_AFTER_WRITE_FAULT : DATABASE_LOST_FAULT;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return {
      status: 503,
      code: 'storage-busy',
      cause: 'the database is locked by another process',
      retry: true,
    };
  }
  if (code === 'SQLITE_FULL') {
    return { status: 507, code: 'storage-full', cause: 'the server’s disk is full', retry: false };
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN') {
    return {
      status: 503,
      code: 'storage-unavailable',
      cause: 'the server cannot write its database',
      retry: true,
    };
  }
  return null;
}

// A field left out reads "reason: required", not zod's "Invalid input: expected string, received
// undefined", which speaks of types to a user who only forgot a field. Set once, for every schema.
z.config({
  customError: (issue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined,
});

/** Names the field of the first problem: "role: Invalid option: expected one of …". */
export function describeZodError(error: ZodError): string {
  return error.issues.slice(0, 3).map(describeIssue).join('; ');
}

function describeIssue(issue: ZodError['issues'][number]): string {
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  if (issue.code === 'unrecognized_keys') {
    // Named where they stand ("positions.0.notes"), each cut short: a body may name any key.
    const keys = issue.keys.map((key) => excerpt([...issue.path, key].join('.')));
    return `${keys.join(', ')}: no such ${keys.length === 1 ? 'field' : 'fields'} in this request`;
  }
  return `${field}: ${issue.message}`;
}

/**
 * The answer to a request that failed validation: a free-text field over its limit is a 413 with the
 * field's code (whatever else is wrong), a list over its length a 413 `too-many-items`, an ill-formed
 * field a 400 with its code; anything else a 400 `invalid-request`. The message names the field.
 */
export function toValidationError(error: ZodError): ApiError {
  for (const issue of error.issues) {
    const refusal = refusalOf(issue);
    if (refusal?.status === 413) return new ApiError(413, refusal.code, describeIssue(issue));
    // A list over its length (positions given at once) is a body over a limit too; the message names it.
    if (issue.code === 'too_big' && issue.origin === 'array') {
      return new ApiError(413, 'too-many-items', describeIssue(issue));
    }
  }
  const first = error.issues[0];
  const refusal = first === undefined ? null : refusalOf(first);
  const code = first?.code === 'unrecognized_keys' ? 'unknown-field' : (refusal?.code ?? 'invalid-request');
  return badRequest(code, describeZodError(error));
}

import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error routes throw; `onError` turns it into `{ error: { code, message } }` with `status`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    options: {
      /** Sent as `Retry-After`: a 503 the client may simply try again. */
      readonly retryAfterSeconds?: number;
      /** A fault of the server behind the refusal, logged when it is answered. */
      readonly cause?: unknown;
      /** Fields the error body carries beside `code` and `message`, for a script to act on. */
      readonly details?: Readonly<Record<string, unknown>>;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.details = options.details ?? {};
  }
  readonly retryAfterSeconds: number | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export const badRequest = (code: string, message: string) => new ApiError(400, code, message);
export const unauthorized = (message = 'a valid token or session is required') =>
  new ApiError(401, 'unauthorized', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (code: string, message: string) => new ApiError(404, code, message);

/** The most of a caller's value an error message repeats (an id is 16 characters, a block id no more). */
export const MAX_ECHO_CHARS = 64;

/**
 * Control and bidirectional formatting characters: a right-to-left override repeated in a message
 * would turn the rest of the line around wherever a page or a terminal shows it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it escapes.
const UNSAFE_TO_SHOW = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * A value the caller sent, as an error message may repeat it: whole when short, else its beginning
 * and an ellipsis, so a 5 MB field is never sent back; control and direction characters written as
 * escapes (`\u202E`), so the message reads as it was written.
 */
export function excerpt(value: string): string {
  const shown =
    value.length <= MAX_ECHO_CHARS
      ? value
      : // Not between the two halves of a surrogate pair.
        `${value.slice(0, /[\uD800-\uDBFF]/.test(value.charAt(MAX_ECHO_CHARS - 1)) ? MAX_ECHO_CHARS - 1 : MAX_ECHO_CHARS)}…`;
  return shown.replace(
    UNSAFE_TO_SHOW,
    (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

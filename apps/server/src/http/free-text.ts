// String.prototype.isWellFormed is ES2024 (Node 20 has it); the shared tsconfig's lib is ES2023.
/// <reference lib="es2024.string" />
import { z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';

/**
 * The one schema for free text a request stores (a comment and its quote, a position note, a reason
 * for breaking silence, a user's name, a document's title, a revision note, Markdown), so every such
 * field is refused the same way:
 *
 *   over its limit     413 with the field's own code (`comment-too-long`, …), naming field and limit
 *   not well-formed    400 `ill-formed-text`: a lone UTF-16 surrogate (JSON can carry one as "\ud800")
 *                      would be stored as UTF-8, that is changed, and read back as U+FFFD; a NUL,
 *                      which no export writes; and U+FFFD itself, which is what bytes that were not
 *                      UTF-8 were decoded to
 *
 * The router's validation hook (`toValidationError`) reads the answer from the issue's `params`.
 */
export interface FreeTextLimit {
  /** The most UTF-16 code units (`String.length`) accepted. */
  readonly maxChars: number;
  /** The code of the 413, e.g. `comment-too-long`. */
  readonly tooLongCode: string;
  /** What the field holds, for the message: "a comment" → "a comment has at most 10,000 characters". */
  readonly what: string;
}

export const ILL_FORMED_TEXT = 'ill-formed-text';

/**
 * What a JSON body's bytes that are not UTF-8 (or a body in another charset) are decoded to: refused
 * rather than stored, as the bytes sent were not what is kept.
 */
const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * No text holds it: an uploaded file with one is refused as binary, and no export can write one (the
 * Markdown export writes U+FFFD in its place, which the `markdown` field then refuses), so a NUL kept
 * in a title or a note would come back changed, or not at all.
 */
const NUL = '\u0000';

/** How a refused field is answered; carried on the zod issue. */
export interface TextRefusal {
  readonly status: 400 | 413;
  readonly code: string;
}

const REFUSAL_KEY = 'accordRefusal';

/** A string schema that refuses ill-formed text and, given a limit, text over it. */
export function freeText(limit?: FreeTextLimit) {
  const schema = z.string().superRefine((value, ctx) => {
    // Length first: it costs nothing, and an oversized body is refused whatever it holds.
    if (limit !== undefined && value.length > limit.maxChars) {
      const refusal: TextRefusal = { status: 413, code: limit.tooLongCode };
      ctx.addIssue({
        code: 'custom',
        message: `${limit.what} has at most ${limit.maxChars.toLocaleString('en')} characters`,
        params: refusalParams(refusal),
      });
    } else if (!value.isWellFormed()) {
      const refusal: TextRefusal = { status: 400, code: ILL_FORMED_TEXT };
      ctx.addIssue({
        code: 'custom',
        message: 'holds a lone UTF-16 surrogate (ill-formed Unicode); send well-formed text',
        params: refusalParams(refusal),
      });
    } else if (value.includes(NUL)) {
      const refusal: TextRefusal = { status: 400, code: ILL_FORMED_TEXT };
      ctx.addIssue({
        code: 'custom',
        message: 'holds a NUL character (U+0000), which is no text: send the text without it',
        params: refusalParams(refusal),
      });
    } else if (value.includes(REPLACEMENT_CHARACTER)) {
      const refusal: TextRefusal = { status: 400, code: ILL_FORMED_TEXT };
      ctx.addIssue({
        code: 'custom',
        message:
          'holds U+FFFD, the mark of bytes that were not UTF-8: send the body as UTF-8 (or the text was damaged before it was sent)',
        params: refusalParams(refusal),
      });
    }
  });
  return limit === undefined ? schema : schema.openapi({ maxLength: limit.maxChars });
}

/**
 * `freeText` for a field a request may leave out (a position's note, the reason for cancelling
 * silence), left out meaning none; a field whose none the API also takes as null adds `.nullable()`.
 */
export function optionalFreeText(limit: FreeTextLimit) {
  return freeText(limit).optional();
}

/** The issue params that make the router answer a refused value with `refusal` (see `refusalOf`). */
export function refusalParams(refusal: TextRefusal): Record<string, unknown> {
  return { [REFUSAL_KEY]: refusal };
}

/** The refusal `freeText` put on an issue, if it did. */
export function refusalOf(issue: ZodError['issues'][number]): TextRefusal | null {
  if (issue.code !== 'custom') return null;
  const refusal = (issue.params as Record<string, unknown> | undefined)?.[REFUSAL_KEY];
  return refusal === undefined ? null : (refusal as TextRefusal);
}

import { z } from '@hono/zod-openapi';

/**
 * The longest id taken in any path or body (`replyTo`): longer is no id of ours, refused with the
 * same 400 on every route. Ours are 16 characters; 200 leaves room for ids a migration brings.
 */
export const MAX_ID_CHARS = 200;

/** An id in a path, named `name` in the OpenAPI document: one schema for every route. */
export const pathParam = (name: string) =>
  z
    .string()
    .min(1)
    .max(MAX_ID_CHARS)
    .openapi({ param: { name, in: 'path' } });

/** The path of every route under `/api/documents/{id}`. */
export const DocumentParams = z.object({ id: pathParam('id') });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid-request' }),
      message: z.string().openapi({ example: 'role: Invalid option' }),
    }),
  })
  .openapi('Error');

export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

export const ERROR_RESPONSES = {
  400: errorResponse('Malformed JSON, a wrong type, a missing field or a value out of range'),
  401: errorResponse('No valid token or session'),
  403: errorResponse('The role does not allow this'),
  413: errorResponse(
    'The body is too large (`body-too-large`), a free-text field is over its limit (the code names it), a list has more items than it takes (`too-many-items`), or a text or file is over a reader’s limit (`too-large`: its bytes, paragraphs or footnotes); the message names the limit',
  ),
} as const;

export const NOT_FOUND_RESPONSE = { 404: errorResponse('No such resource') } as const;

/** The revision route: an uploaded text may name an older revision. */
export const REVISION_CONFLICT_RESPONSE = {
  409: errorResponse(
    'The uploaded file’s header names a revision older than the latest (`upload-outdated`: issued, it would undo the later changes); nothing is written',
  ),
} as const;

/** Every route that may be sent a body (`documentSharedRefusals`). */
export const UNSUPPORTED_MEDIA_TYPE_RESPONSE = {
  415: errorResponse(
    'The body is of a type the route does not take (`unsupported-media-type`: the message names those it does), compressed (`unsupported-content-encoding`), or JSON not in UTF-8 (`json-not-utf8`, RFC 8259: UTF-16 is refused, not guessed at); nothing is read',
  ),
} as const;

/** The store refused a query (`storageFault`), on every route that uses it (`documentSharedRefusals`). */
export const STORAGE_FAULT_RESPONSES = {
  503: errorResponse(
    'The database is locked by another process or cannot be used (`storage-busy`, `storage-unavailable`); Retry-After says when to try again',
  ),
  507: errorResponse('The server’s disk is full (`storage-full`)'),
} as const;

/** Routes that read an uploaded text in the format reader's workers (`format-reader.ts`). */
export const BUSY_RESPONSE = {
  503: errorResponse(
    'The server is reading too many files at once (`busy`), or its database is locked or cannot be used (`storage-busy`, `storage-unavailable`); Retry-After says when to try again',
  ),
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

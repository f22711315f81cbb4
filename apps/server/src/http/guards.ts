import type { Action } from '@accord/model';
import type { MiddlewareHandler } from 'hono';
import { badRequest } from './api-error';
import { requireUser } from './require';
import type { AppEnv } from './router';

/**
 * Route middleware that runs before the body is validated, so that a caller whose role may not do
 * `action` hears 403 whatever they sent.
 */
export function allow(action: Action): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireUser(c, action);
    await next();
  };
}

/** Fields that would say who is acting: that is always the caller, never the body. */
export const IDENTITY_FIELDS = [
  'delegation',
  'author',
  'userId',
  'user',
  'authorId',
  'actor',
  'as',
  'onBehalfOf',
  'memberState',
] as const;

const IDENTITY_KEYS = new Set<string>(IDENTITY_FIELDS.map((field) => field.toLowerCase()));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The first field of `body` that names who acts, as a path written as the validator writes one
 * (`positions.2.delegation`): at the top, or in an object listed under a field, as each position given
 * at once is.
 */
function findIdentityField(body: Record<string, unknown>): string | undefined {
  // Case-insensitive: "Delegation" must not slip past as an unknown field that is silently dropped.
  const named = Object.keys(body).find((key) => IDENTITY_KEYS.has(key.toLowerCase()));
  if (named !== undefined) return named;
  for (const [field, value] of Object.entries(body)) {
    if (!Array.isArray(value)) continue;
    for (const [index, item] of value.entries()) {
      if (!isRecord(item)) continue;
      const inner = Object.keys(item).find((key) => IDENTITY_KEYS.has(key.toLowerCase()));
      if (inner !== undefined) return `${field}.${index}.${inner}`;
    }
  }
  return undefined;
}

/**
 * Refuses a JSON body that tries to name who is acting (`delegation`, `author`, `userId`, …) with 400:
 * a delegation can never record anything for another, so such a field is never silently ignored
 * either. A body that is not JSON is left for the validator to refuse.
 */
export const refuseIdentityFields: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (/^application\/([a-z0-9.+-]*\+)?json/i.test(c.req.header('content-type') ?? '')) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      body = null;
    }
    if (isRecord(body)) {
      const named = findIdentityField(body);
      if (named !== undefined) {
        throw badRequest(
          'identity-in-body',
          `${named}: who acts is taken from your credentials; do not send this field`,
        );
      }
    }
  }
  await next();
};

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** What a request body of each media type is, for a 415's message. */
const BODY_NAMES: Readonly<Record<string, string>> = {
  'application/json': 'JSON',
  'multipart/form-data': 'a file upload',
  'application/x-www-form-urlencoded': 'a form',
};

/** The route a request matched: its method and Hono path (`POST /api/documents/:id/revisions`). */
export type RouteKey = `${string} ${string}`;

/**
 * The media types each route declares for its body, from the OpenAPI registry: what a 415 tells the
 * caller to send, for the route they called.
 */
export function declaredBodyTypes<E extends object>(app: OpenAPIHono<E>): Map<RouteKey, readonly string[]> {
  const types = new Map<RouteKey, readonly string[]>();
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const content = definition.route.request?.body?.content;
    if (content === undefined) continue;
    // The registry holds OpenAPI paths (`{id}`); Hono matches `:id`.
    const path = definition.route.path.replaceAll(/\{([^}]+)\}/g, ':$1');
    types.set(`${definition.route.method.toUpperCase()} ${path}`, Object.keys(content));
  }
  return types;
}

/** "JSON (Content-Type: application/json) or a file upload (Content-Type: multipart/form-data)". */
export function describeBodyTypes(types: readonly string[]): string {
  return types.map((type) => `${BODY_NAMES[type] ?? type} (Content-Type: ${type})`).join(' or ');
}

/**
 * Route middleware for a route that takes a file as `multipart/form-data`: a form of fields alone
 * (`application/x-www-form-urlencoded`, what `curl -d` sends without a Content-Type) is refused with
 * the route's 415, naming what it takes. Hono's form validator reads both kinds of form as one, and
 * such a body was answered "file: must be a file", which hid that JSON was what was meant.
 */
export const refuseFieldsOnlyForm: MiddlewareHandler = async (c, next) => {
  const essence = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (essence === 'application/x-www-form-urlencoded') {
    throw new HTTPException(415, { message: 'Unsupported Media Type' });
  }
  await next();
};

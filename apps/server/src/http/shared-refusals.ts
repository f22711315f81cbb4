import type { OpenAPIHono } from '@hono/zod-openapi';
import { ERROR_RESPONSES, UNSUPPORTED_MEDIA_TYPE_RESPONSE } from './schemas';

/** Methods whose requests carry no body the server reads (`refuseEncodedBodies` judges the rest). */
const BODILESS_METHODS: ReadonlySet<string> = new Set(['get', 'head']);

/**
 * Adds to each route's documented responses the refusals the router gives whichever route is called,
 * so that no route has to list them itself, and a new route is described rightly: 400 when its path,
 * query or body fails its schema (`createRouter`'s hook); 415 for a body that is compressed
 * (`refuseEncodedBodies`), to any route but a read, or of a type the route does not take. A route's own
 * description of these statuses is kept.
 */
export function documentSharedRefusals<E extends object>(app: OpenAPIHono<E>): void {
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const { route } = definition;
    const request = route.request;
    const validated = request?.params ?? request?.query ?? request?.body ?? request?.headers;
    // A new object: the route's own config is a module's constant, shared by every app.
    definition.route = {
      ...route,
      responses: {
        ...(validated === undefined ? {} : { 400: ERROR_RESPONSES[400] }),
        ...(BODILESS_METHODS.has(route.method) ? {} : UNSUPPORTED_MEDIA_TYPE_RESPONSE),
        ...route.responses,
      },
    };
  }
}

import type { OpenAPIHono } from '@hono/zod-openapi';
import { ERROR_RESPONSES, STORAGE_FAULT_RESPONSES, UNSUPPORTED_MEDIA_TYPE_RESPONSE } from './schemas';

/** Methods whose requests carry no body the server reads (`refuseEncodedBodies` judges the rest). */
const BODILESS_METHODS: ReadonlySet<string> = new Set(['get', 'head']);

/** Routes that use the store: the API's (authentication looks the caller up) and the sign-in. */
const readsStore = (path: string) => path.startsWith('/api/') || path === '/login';

/**
 * Adds to each route's documented responses the refusals the app gives whichever route is called, so
 * that no route has to list them itself, and a new route is described rightly:
 * - 400 when its path, query or body fails its schema (`createRouter`'s hook);
 * - 415 for a body of a type the route does not take, or compressed (`refuseEncodedBodies`), to any
 *   route but a read;
 * - 503 from a store that is locked or failing and 507 from a full disk (`storageFault`), to any route
 *   that uses the store (a read may write too: a lapse of silence noticed, `GET /login`'s session).
 * A route's own description of these statuses is kept.
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
        ...(readsStore(route.path) ? STORAGE_FAULT_RESPONSES : {}),
        ...route.responses,
      },
    };
  }
}

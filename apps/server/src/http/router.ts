import { OpenAPIHono } from '@hono/zod-openapi';
import type { Authenticated } from '../auth/authenticate';
import type { Client } from './client-address';
import { toValidationError } from './error-handling';

export interface AppEnv {
  /** `client` is unset only for a request made without a socket (a test's `app.request`). */
  Variables: { auth: Authenticated; client: Client | undefined };
}

/**
 * A router whose request validation failures become 400s naming the field (413 for free text over
 * its limit, see `freeText`).
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw toValidationError(result.error);
    },
  });
}

import { OpenAPIHono } from '@hono/zod-openapi';
import type { Authenticated } from '../auth/authenticate';
import { badRequest } from './api-error';
import { describeZodError } from './error-handling';

export interface AppEnv {
  Variables: { auth: Authenticated };
}

/** A router whose request validation failures become 400s naming the field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw badRequest('invalid-request', describeZodError(result.error));
    },
  });
}

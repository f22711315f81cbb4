import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router';
import { jsonResponse } from '../http/schemas';

const health = createRoute({
  method: 'get',
  path: '/healthz',
  security: [],
  summary: 'Whether the server is up and its store open',
  responses: { 200: jsonResponse('Ready', z.object({ ok: z.literal(true) })) },
});

export function createHealthRoutes() {
  return createRouter().openapi(health, (c) => c.json({ ok: true as const }, 200));
}

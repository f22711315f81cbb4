import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router';
import { jsonResponse } from '../http/schemas';
import type { Store } from '../store/store';

const health = createRoute({
  method: 'get',
  path: '/healthz',
  security: [],
  summary: 'Whether the server is up and can keep what it is sent',
  description:
    'For a monitor: 503 with `problem` when the database cannot be read or is no longer where the server opened it (the data directory deleted or moved while it runs: what is written after is not found by the next start).',
  responses: {
    200: jsonResponse('Ready', z.object({ ok: z.literal(true) })),
    503: jsonResponse(
      'Up, but what it is sent may be lost: stop it and see `problem`',
      z.object({ ok: z.literal(false), problem: z.string() }),
    ),
  },
});

export function createHealthRoutes(deps: { store: Store }) {
  return createRouter().openapi(health, async (c) => {
    const problem = await deps.store.checkHealth();
    return problem === null
      ? c.json({ ok: true as const }, 200)
      : c.json({ ok: false as const, problem }, 503);
  });
}

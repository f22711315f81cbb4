/**
 * The yardstick for S9: Hono on `@hono/node-server`, as Accord serves its API, with a route on the same
 * path as the position route that does nothing but answer.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { serveBench } from './child-ipc';

const app = new Hono();
app.put('/api/documents/:id/blocks/:blockId/position', (c) => c.json({ ok: true }));
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, () => {
  serveBench((server.address() as AddressInfo).port);
});
process.on('SIGTERM', () => process.exit(0));

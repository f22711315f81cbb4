import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './router';

/** Paths that never fall back to the web app's index.html. */
const SERVER_PATHS = /^\/(api|sync)(\/|$)|^\/(healthz|login)$/;

/**
 * Serves the built web app (apps/web/dist) with a single-page fallback: any other GET that is not an
 * API path gets index.html, so deep links work. Without a build, nothing is served and nothing fails.
 */
export function serveWebApp(app: Hono<AppEnv>, webRoot: string | null): void {
  if (webRoot === null || !existsSync(join(webRoot, 'index.html'))) return;
  const isServerPath = (path: string) => SERVER_PATHS.test(path);
  const files = serveStatic({ root: webRoot });
  const index = serveStatic({ root: webRoot, path: 'index.html' });
  app.get('*', async (c, next) => (isServerPath(c.req.path) ? next() : files(c, next)));
  app.get('*', async (c, next) => (isServerPath(c.req.path) ? next() : index(c, next)));
}

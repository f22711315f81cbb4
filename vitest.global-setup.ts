/**
 * Vitest's global setup: every bundle the tests run, built from the sources as they are now, once,
 * before any test file starts (so none runs stale code or sees half a file): the CLI the CLI's tests
 * spawn, the server entry point the restart and crash tests spawn, and the format reader's worker
 * that every server in the tests reads uploads with.
 */
import { buildCliBundle } from './apps/cli/src/bundle';
import { buildServerBundles } from './apps/server/src/bundles';

export default async function setup(): Promise<void> {
  await buildCliBundle();
  // The server's builder stops esbuild's service once its last build ends: nothing else in Vitest's
  // own process uses it, and it would otherwise wake all through the run to ping this one.
  await buildServerBundles();
}

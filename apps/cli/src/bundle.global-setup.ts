/** Vitest's global setup: the CLI bundled once, before any test worker starts, so none sees half a file. */
import { stop } from 'esbuild';
import { buildCliBundle } from './bundle';

export default async function setup(): Promise<void> {
  await buildCliBundle();
  // Nothing else in Vitest's own process uses esbuild, whose service process would otherwise live
  // through the whole run, waking to ping it (a sixth of a core on a starved CI machine).
  await stop();
}

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const CLI_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * `src/bin.ts` with everything it imports in one file, as the tests spawn it: built by Vitest's global
 * setup before any test runs (so never stale, and no worker sees half a file). The bin, through tsx,
 * compiled some hundred modules at every start (50 s of a test on a loaded CI machine).
 */
export const CLI_BUNDLE = join(CLI_ROOT, 'dist/accord.mjs');

export async function buildCliBundle(outfile = CLI_BUNDLE): Promise<void> {
  await build({
    entryPoints: [join(CLI_ROOT, 'src/bin.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // The CommonJS packages inside (mammoth, JSZip) call `require` for Node's own modules.
    banner: {
      js: "import { createRequire as accordCreateRequire } from 'node:module'; const require = accordCreateRequire(import.meta.url);",
    },
  });
}

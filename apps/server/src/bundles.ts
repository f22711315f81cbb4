import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type BuildOptions, build, stop } from 'esbuild';
import { SERVER_ROOT } from './server-root';

/**
 * The format reader's worker, bundled into one file: a worker loading the format package's TypeScript
 * through tsx took 3–12 s to start on the test machine (hundreds of modules through a loader); the
 * bundle loads in about 0.1 s. `npm run build -w @accord/server` writes it (turbo runs that before
 * `npm start` and `npm run bench`, Vitest's global setup before the tests); a reader that finds none
 * builds it first.
 */
export const FORMAT_WORKER_BUNDLE = join(SERVER_ROOT, 'dist/format-worker.mjs');

/**
 * The server's entry point (`main.ts`) with the workspace's own TypeScript bundled in and every
 * package from node_modules left to Node: what the tests spawn as a process, since starting `main.ts`
 * through tsx compiled hundreds of files at every start (53 s on a loaded CI machine).
 */
export const SERVER_BUNDLE = join(SERVER_ROOT, 'dist/server.mjs');

export async function buildFormatWorkerBundle(outfile = FORMAT_WORKER_BUNDLE): Promise<void> {
  await bundle(outfile, {
    entryPoints: [join(SERVER_ROOT, 'src/documents/format-tasks.ts')],
    // The CommonJS packages inside (mammoth, JSZip) call `require` for Node's own modules.
    banner: {
      js: "import { createRequire as accordCreateRequire } from 'node:module'; const require = accordCreateRequire(import.meta.url);",
    },
  });
}

export async function buildServerBundle(outfile = SERVER_BUNDLE): Promise<void> {
  await bundle(outfile, {
    entryPoints: [join(SERVER_ROOT, 'src/main.ts')],
    plugins: [
      {
        name: 'node-modules-external',
        setup(builder) {
          builder.onResolve({ filter: /^[^./]/ }, ({ path }) =>
            path.startsWith('@accord/') ? undefined : { external: true },
          );
        },
      },
    ],
  });
}

/** Both bundles: what `npm run build -w @accord/server` and the tests' global setup build. */
export async function buildServerBundles(): Promise<void> {
  await Promise.all([buildFormatWorkerBundle(), buildServerBundle()]);
}

/** Builds under way in this process: esbuild's service is stopped when the last one ends. */
let building = 0;

async function bundle(outfile: string, options: BuildOptions): Promise<void> {
  building += 1;
  let result: Awaited<ReturnType<typeof build>>;
  try {
    result = await build({
      ...options,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'warning',
    });
  } finally {
    building -= 1;
    // A build here is a one-off, and esbuild's service process otherwise lives as long as this one,
    // waking to ping it (a sixth of a core on a starved CI machine, all through the tests).
    if (building === 0) await stop();
  }
  const [output] = result.outputFiles ?? [];
  if (output === undefined) throw new Error(`esbuild wrote nothing for ${outfile}`);
  await mkdir(dirname(outfile), { recursive: true });
  // Written whole under another name first: a process starting meanwhile never loads half a file.
  const partial = `${outfile}.${process.pid}.partial`;
  await writeFile(partial, output.contents);
  await rename(partial, outfile);
}

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Every test of the repository in one Vitest run: the package suites, the server's, the CLI's, and the
 * cross-package, server and browser tests of `tests/`. One run transforms each module once (the server's
 * graph was transformed three times, `@accord/model` eight) and starts one process where eight runs of
 * npm, Vite and a worker each cost minutes on a slow CI machine.
 *
 * The limits are for a loaded two-core CI machine (a hypervisor taking a third of its time): a limit
 * stops a test that hangs, it does not judge speed; benchmarks do that.
 */
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'bench/src/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', 'tests/artifacts/**'],
    // The files share one worker and its loaded modules: each file keeps its state in what it starts
    // (servers, stores, browsers, temporary folders) and stops it. Isolated, every file started a
    // process and imported its graph again (650 s of the server suite's 1,700 on such a machine).
    isolate: false,
    // One file at a time: real servers and Chromium compete for the two cores.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 30_000 } },
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
    // The CLI, the server entry point and the format worker, bundled once before any test file starts.
    globalSetup: [fileURLToPath(new URL('./vitest.global-setup.ts', import.meta.url))],
  },
});

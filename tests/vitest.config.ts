import { defineConfig } from 'vitest/config';

// Cross-package, server-integration and browser tests: real servers on port 0, real clients.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'artifacts/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real servers and browsers compete for two cores; a single file at a time keeps timings sane.
    fileParallelism: false,
  },
});

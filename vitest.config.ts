import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (everything in-process) and `e2e` (tests that run the `harness` command, a browser or
 * an external process end to end: `*.e2e.test.ts`). `npm test` runs both; `npm run test:fast` runs `unit`.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Environment simulations and training are CPU-bound; two forks match this project's 2-core target.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.e2e.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.e2e.test.ts'] } },
    ],
  },
});

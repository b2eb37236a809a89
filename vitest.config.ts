import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Environment simulations and training are CPU-bound; two forks match this project's 2-core target.
    pool: 'forks',
    maxWorkers: 2,
  },
});

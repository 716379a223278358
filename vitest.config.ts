import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    // Starting a Temporal dev server and bundling the workflows takes tens of seconds on a
    // loaded 2-core machine; the tests themselves are short.
    hookTimeout: 120_000,
    testTimeout: 90_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
});

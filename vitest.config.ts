import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    // Starting a Temporal dev server and bundling the workflows takes tens of seconds on a
    // loaded 2-core machine; the tests themselves are short.
    hookTimeout: 120_000,
    testTimeout: 90_000,
    // expect.poll waits for what a worker, a server or a browser does next.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    globalSetup: ['test/support/global-setup.ts'],
  },
});

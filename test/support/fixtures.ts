import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { test } from 'vitest';
import { startModelServer, type ModelServer } from './model-server.js';
import { connectTestEnvironment } from './temporal.js';

/**
 * `it` with a scripted model server and the Temporal test environment (its client, and the
 * connection workers share), each made once per test file and closed after it:
 * `castTest('…', async ({ model, env, client }) => …)`.
 */
export const castTest = test.extend<{
  model: ModelServer;
  env: TestWorkflowEnvironment;
  client: Client;
}>({
  model: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from this pattern
    async ({}, use) => {
      const model = await startModelServer();
      await use(model);
      await model.close();
    },
    { scope: 'file' },
  ],
  env: [
    // eslint-disable-next-line no-empty-pattern -- as above
    async ({}, use) => {
      const env = await connectTestEnvironment();
      await use(env);
      await env.teardown();
    },
    { scope: 'file' },
  ],
  client: [async ({ env }, use) => use(env.client), { scope: 'file' }],
});

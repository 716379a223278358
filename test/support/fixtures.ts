import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { test } from 'vitest';
import { startModelServer, type ModelServer } from './model-server.js';
import { connectTestEnvironment } from './temporal.js';

/** The Temporal test environment (its client, and the connection workers share), one per file. */
const temporalTest = test.extend<{ env: TestWorkflowEnvironment; client: Client }>({
  env: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from this pattern
    async ({}, use) => {
      const env = await connectTestEnvironment();
      await use(env);
      await env.teardown();
    },
    { scope: 'file' },
  ],
  client: [async ({ env }, use) => use(env.client), { scope: 'file' }],
});

async function serveModel(use: (model: ModelServer) => Promise<void>) {
  const model = await startModelServer();
  await use(model);
  await model.close();
}

/**
 * `it` with a scripted model server of its own and the file's Temporal test environment:
 * `castTest('…', async ({ model, env, client }) => …)`. A new model server per test, so a step
 * one test scripted and never used cannot answer the next one.
 */
export const castTest = temporalTest.extend<{ model: ModelServer }>({
  // eslint-disable-next-line no-empty-pattern -- as above
  model: ({}, use) => serveModel(use),
});

/**
 * As castTest, with one model server for the whole file: for fixtures made once per file (a
 * worker, a harness) that must reach the same server as the tests.
 */
export const fileModelTest = temporalTest.extend<{ model: ModelServer }>({
  // eslint-disable-next-line no-empty-pattern -- as above
  model: [({}, use) => serveModel(use), { scope: 'file' }],
});

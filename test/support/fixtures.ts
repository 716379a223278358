import type { Client } from '@temporalio/client';
import { test } from 'vitest';
import { startModelServer, type ModelServer } from './model-server.js';
import { connectTestClient } from './temporal.js';

/**
 * `it` with a scripted model server and a Temporal client, each made once per test file and
 * closed after it: `castTest('…', async ({ model, client }) => …)`.
 */
export const castTest = test.extend<{ model: ModelServer; client: Client }>({
  model: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from this pattern
    async ({}, use) => {
      const model = await startModelServer();
      await use(model);
      await model.close();
    },
    { scope: 'file' },
  ],
  client: [
    // eslint-disable-next-line no-empty-pattern -- as above
    async ({}, use) => {
      const { client, connection } = await connectTestClient();
      await use(client);
      await connection.close();
    },
    { scope: 'file' },
  ],
});

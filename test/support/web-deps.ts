import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createTemporalHealth } from '../../src/temporal/temporal-health.js';
import type { WebDeps } from '../../src/web/deps.js';
import { fastActivity } from './cast-fixtures.js';
import { randomTaskQueue, temporalAddress } from './temporal.js';

/**
 * What a test's web app is given: the suite's server, a task queue of its own and a model name
 * of its own (part of the cast key, so tests never share a cached cast). `overrides` say what
 * the test is about.
 */
export function testWebDeps(client: Client, overrides: Partial<WebDeps> = {}): WebDeps {
  const model = overrides.model ?? `test-model-${randomUUID()}`;
  return {
    client,
    taskQueue: randomTaskQueue('web'),
    activity: fastActivity,
    model,
    modelLabel: model,
    localModel: false,
    temporalUiUrl: 'http://127.0.0.1:8233',
    namespace: 'default',
    maxDataChars: 1_000,
    temporalHealth: createTemporalHealth({
      address: temporalAddress(),
      setting: 'TEMPORAL_ADDRESS',
    }),
    ...overrides,
  };
}

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities/index.js';
import { createModelClient } from '../../src/activities/model-client.js';
import type { ModelServer } from './model-server.js';
import { createTestWorker } from './temporal.js';

export interface ModelActivityOptions {
  /** As CAST_MAX_REASKS; 2 by default, as there. */
  maxReasks?: number;
  /** The openai client's per-request timeout. */
  timeoutMs?: number;
  heartbeatIntervalMs?: number;
}

/** Long enough to count as a secret, so tests see it redacted as a configured key would be. */
export const testApiKey = 'test-key-0123';

/** The real activities, with the real openai client pointed at the scripted model server. */
export function modelActivities(
  model: ModelServer,
  { maxReasks = 2, timeoutMs = 10_000, heartbeatIntervalMs }: ModelActivityOptions = {},
) {
  const openai = createModelClient({ apiKey: testApiKey, baseURL: model.url, timeoutMs });
  return createActivities({
    openai,
    maxReasks,
    secrets: [testApiKey],
    ...(heartbeatIntervalMs !== undefined ? { heartbeatIntervalMs } : {}),
  });
}

/** Runs fn while a real worker with those activities polls the task queue, then stops it. */
export async function withModelWorker<T>(
  env: Pick<TestWorkflowEnvironment, 'nativeConnection'>,
  model: ModelServer,
  taskQueue: string,
  fn: () => Promise<T>,
  options: ModelActivityOptions = {},
): Promise<T> {
  const worker = await createTestWorker(env, {
    taskQueue,
    activities: modelActivities(model, options),
  });
  return worker.runUntil(fn);
}

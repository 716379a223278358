import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { createModelClient } from '../activities/model-client.js';
import type { Config } from '../config.js';
import { openBatchStore } from '../store/open-batch-store.js';
import { dataConverterOf } from './connect.js';
import { workflowCode } from './workflow-code.js';

/** The worker that runs castData, castBatch and their activities, on the workflow code for its environment. */
export async function createWorker(
  config: Config,
  connection: NativeConnection,
  overrides: Partial<WorkerOptions> = {},
): Promise<Worker> {
  const openai = createModelClient({
    apiKey: config.model.apiKey,
    baseURL: config.model.baseURL,
    timeoutMs: config.model.timeoutMs,
  });
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    // With a prebuilt bundle, its failure converter was bundled by scripts/build-workflow-bundle.ts.
    dataConverter: dataConverterOf(config),
    ...(await workflowCode(config.worker.production)),
    activities: createActivities({
      openai,
      maxReasks: config.model.maxReasks,
      // The key itself is redacted from every failure text, whatever its shape.
      secrets: config.model.apiKey ? [config.model.apiKey] : [],
      timeoutSeconds: config.activity.startToCloseTimeoutMs / 1000,
      // Batches (issue 13): rows and results live in the claim-check store.
      batchStore: openBatchStore(config.batch.store, config.security.keyRing),
    }),
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTasks,
    // Model APIs limit requests per key, so the limit holds across every worker on the queue.
    ...(config.worker.modelRateLimitPerSecond
      ? { maxTaskQueueActivitiesPerSecond: config.worker.modelRateLimitPerSecond }
      : {}),
    shutdownGraceTime: config.worker.shutdownGraceMs,
    ...overrides,
  });
}

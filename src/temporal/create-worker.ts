import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { createModelClient } from '../activities/model-client.js';
import type { Config } from '../config.js';
import { dataConverterOf } from './connect.js';

// `.ts` when run from source with tsx, `.js` when run from the compiled output.
const ownExtension = extname(fileURLToPath(import.meta.url));
const workflowsPath = fileURLToPath(new URL(`../workflows/index${ownExtension}`, import.meta.url));
const prebuiltBundlePath = fileURLToPath(new URL('../workflow-bundle.js', import.meta.url));

/**
 * The worker that runs castData and castWithModel. Production loads the bundle built ahead of
 * time (no webpack at start-up, and the code that runs is the code that was tested); development
 * bundles from source.
 */
export function createWorker(
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
    ...(config.worker.production
      ? { workflowBundle: { codePath: prebuiltBundlePath } }
      : { workflowsPath }),
    activities: createActivities({
      openai,
      maxReasks: config.model.maxReasks,
      // The key itself is redacted from every failure text, whatever its shape.
      secrets: config.model.apiKey ? [config.model.apiKey] : [],
      timeoutSeconds: config.activity.startToCloseTimeoutMs / 1000,
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

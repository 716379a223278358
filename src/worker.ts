import { batchStoreLocation } from './batch-config.js';
import { checkStoredRuns, keysForProcess } from './codec/process-keys.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { connectWorker } from './temporal/connect.js';
import { createWorker } from './temporal/create-worker.js';
import { installRuntime } from './temporal/runtime.js';
import { runEntry } from './run/run-entry.js';

// Entry point of a worker process. The SDK's worker stops polling on SIGINT/SIGTERM, lets
// in-flight activities finish within the shutdown grace time, then hands the rest back.
async function main() {
  const loaded = loadConfig();
  const logger = createLogger(loaded.logLevel);
  const config = await keysForProcess(loaded, logger);
  installRuntime(logger, { metricsPort: config.worker.metricsPort });
  const connection = await connectWorker(config);
  await checkStoredRuns(config, connection.workflowService).catch(async (err: unknown) => {
    await connection.close();
    throw err;
  });
  const worker = await createWorker(config, connection);
  logger.info(
    {
      address: config.temporal.address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      model: config.model.label,
      modelBaseURL: config.model.baseURL,
      metricsPort: config.worker.metricsPort,
      prebuiltBundle: config.worker.production,
      batchStore: batchStoreLocation(config.batch.store),
    },
    'worker started',
  );
  try {
    await worker.run();
  } finally {
    await connection.close();
    logger.info('worker stopped');
  }
}

runEntry(main);

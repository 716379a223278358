import { Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig } from './config.js';
import { createLogger, temporalLogger } from './logger.js';
import { connectWorker } from './temporal/connect.js';
import { createWorker } from './temporal/create-worker.js';

// Entry point of a worker process. The SDK's worker stops polling on SIGINT/SIGTERM, lets
// in-flight activities finish within the shutdown grace time, then hands the rest back.
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  Runtime.install({ logger: temporalLogger(logger) });
  const connection = await connectWorker(config);
  const worker = await createWorker(config, connection);
  logger.info(
    {
      address: config.temporal.address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      model: config.model.name,
      modelConfigured: Boolean(config.model.apiKey),
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

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});

import { batchStoreLocation } from './batch-config.js';
import { keysForProcess } from './codec/process-keys.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startWebServer } from './run/web-server.js';
import { runEntry } from './run/run-entry.js';

// Entry point of the web process: the page, the JSON API and the docs.
async function main() {
  const loaded = loadConfig();
  const logger = createLogger(loaded.logLevel);
  const config = await keysForProcess(loaded, logger);
  const web = await startWebServer(config, logger);
  logger.info(
    {
      url: web.url,
      temporal: config.temporal.address,
      batchStore: batchStoreLocation(config.batch.store),
    },
    'web started',
  );
  const stop = async () => {
    logger.info('web stopping');
    await web.close();
    logger.info('web stopped');
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

runEntry(main);

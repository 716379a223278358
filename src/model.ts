import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.js';
import { findModelFile } from './local-model/model-file.js';
import { localModelId } from './local-model/model-id.js';
import { startModelServer } from './local-model/serve.js';
import { createLogger } from './logger.js';
import { runEntry } from './run/run-entry.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// Entry point of the local model server: SmolLM2 behind an OpenAI-compatible endpoint on
// loopback, for `npm run worker` (and started by `npm start` when no model API is configured).
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const { localModel } = config;
  const path = await findModelFile({ explicitPath: localModel.path, repoRoot });
  const server = await startModelServer({
    host: localModel.host,
    port: localModel.port,
    modelId: localModelId,
    maxTokensCap: localModel.maxTokens,
    load: { path, contextSize: localModel.contextSize, threads: localModel.threads },
    logger,
  });
  const url = `${server.url}/v1`;
  logger.info(
    { url, model: localModelId, path, threads: localModel.threads },
    'model server listening',
  );
  await server.ready;
  logger.info({ url }, 'model server ready');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'model server stopping');
    server.close().then(
      () => {
        logger.info('model server stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'the model server could not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

runEntry(main);

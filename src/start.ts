import { loadConfig } from './config.js';
import { startLocalModel } from './local/local-model.js';
import { startLocalTemporal, type LocalTemporal } from './local/local-temporal.js';
import { localModelNote } from './local-model/model-id.js';
import { createLogger } from './logger.js';
import { startWebServer } from './run/web-server.js';
import { connectClient, connectWorker } from './temporal/connect.js';
import { createWorker } from './temporal/create-worker.js';
import { installRuntime } from './temporal/runtime.js';
import { runEntry } from './run/run-entry.js';

// `npm start`: everything on one machine — a Temporal dev server (unless TEMPORAL_ADDRESS
// names one), the local model server (unless OPENAI_API_KEY or OPENAI_BASE_URL names a model
// API), a worker and the web app — stopped together by Ctrl-C.
async function main() {
  let config = loadConfig();
  const logger = createLogger(config.logLevel);
  // The model loads while Temporal starts.
  const modelStarting = config.model.local ? startLocalModel(logger) : undefined;
  let temporal: LocalTemporal | undefined;
  try {
    if (config.local.useDevServer) temporal = await startLocalTemporal(config.local);
  } catch (err) {
    await modelStarting?.then(
      (model) => model.stop(),
      () => undefined,
    );
    throw err;
  }
  const localModel = await modelStarting?.catch(async (err: unknown) => {
    await temporal?.stop();
    throw err;
  });
  if (temporal || localModel) {
    config = loadConfig({
      ...process.env,
      ...(temporal && {
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL ?? temporal.uiUrl,
      }),
      ...(localModel && {
        LOCAL_MODEL_HOST: localModel.host,
        LOCAL_MODEL_PORT: String(localModel.port),
      }),
    });
  }
  // The worker stops on our signal, not the SDK's own, so everything stops in order.
  installRuntime(logger, { metricsPort: config.worker.metricsPort, shutdownSignals: [] });

  const workerConnection = await connectWorker(config);
  const worker = await createWorker(config, workerConnection);
  const workerDone = worker.run();
  const client = await connectClient(config);
  const web = await startWebServer(config, client, logger);

  console.log(
    [
      '',
      'typecast is running',
      `  page:         ${web.url}`,
      `  API docs:     ${web.url}/docs`,
      `  Temporal UI:  ${config.temporal.uiUrl}`,
      `  Temporal:     ${config.temporal.address}` +
        (temporal ? ` (dev server, state in ${temporal.dbFile})` : ''),
      `  model:        ${config.model.label}${config.model.baseURL ? ` at ${config.model.baseURL}` : ''}`,
      ...(config.model.local ? [`                ${localModelNote}`] : []),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    worker.shutdown();
    await workerDone;
    await web.close();
    await client.connection.close();
    await workerConnection.close();
    await localModel?.stop();
    await temporal?.stop();
    logger.info('stopped');
  };
  // Exit explicitly: an idle native runtime may keep the event loop alive after shutdown.
  const stopAndExit = (signal: string) =>
    void stop(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'could not stop cleanly');
        process.exit(1);
      },
    );
  process.once('SIGINT', () => stopAndExit('SIGINT'));
  process.once('SIGTERM', () => stopAndExit('SIGTERM'));
}

runEntry(main);

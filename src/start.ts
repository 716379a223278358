import { loadConfig } from './config.js';
import { startLocalTemporal, type LocalTemporal } from './local/local-temporal.js';
import { createLogger } from './logger.js';
import { startWebServer } from './run/web-server.js';
import { connectClient, connectWorker } from './temporal/connect.js';
import { createWorker } from './temporal/create-worker.js';
import { installRuntime } from './temporal/runtime.js';
import { runEntry } from './run/run-entry.js';

// `npm start`: everything on one machine — a Temporal dev server (unless TEMPORAL_ADDRESS
// names one), a worker and the web app — stopped together by Ctrl-C.
async function main() {
  let config = loadConfig();
  const logger = createLogger(config.logLevel);
  let temporal: LocalTemporal | undefined;
  if (config.local.useDevServer) {
    temporal = await startLocalTemporal(config.local);
    config = loadConfig({
      ...process.env,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL ?? temporal.uiUrl,
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
      config.model.apiKey
        ? `  model:        ${config.model.name}${config.model.baseURL ? ` at ${config.model.baseURL}` : ''}`
        : '  model:        not configured — casts will fail until OPENAI_API_KEY is set',
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

import { keysForLocalStart } from './codec/process-keys.js';
import { loadConfig, type Config } from './config.js';
import { refuseBusyPorts } from './local/busy-ports.js';
import {
  configWithLocalTemporal,
  localTemporalPorts,
  startLocalTemporal,
  type LocalTemporal,
} from './local/local-temporal.js';
import { startLocalModel, type LocalModel } from './local/local-model.js';
import { localModelNote } from './local-model/model-id.js';
import { createLogger } from './logger.js';
import { runEntry } from './run/run-entry.js';
import { stopInOrder } from './run/stop-in-order.js';
import { startWebServer, type WebServer } from './run/web-server.js';
import { connectWorker } from './temporal/connect.js';
import { createWorker } from './temporal/create-worker.js';
import { installRuntime } from './temporal/runtime.js';
import { localCodecEndpoint } from './web/routes/codec.js';

// `npm start`: everything on one machine — a Temporal dev server (unless TEMPORAL_ADDRESS
// names one), the local model server (unless OPENAI_API_KEY or OPENAI_BASE_URL names a model
// API), a worker and the web app — stopped together, in order (see stop-in-order.ts).
async function main() {
  let config = loadConfig();
  const logger = createLogger(config.logLevel);
  const steps = stopInOrder(logger);
  try {
    const local = config.local.useDevServer ? localTemporalPorts(config.local) : [];
    await refuseBusyPorts([
      ...local,
      { port: config.web.port, host: config.web.host, settings: 'PORT' },
    ]);
    // The worker stops on our signal, not the SDK's own, so everything stops in order.
    installRuntime(logger, { metricsPort: config.worker.metricsPort, shutdownSignals: [] });

    // The model loads while Temporal starts; both stop after the worker has drained.
    const modelStarting = config.model.local ? startLocalModel() : undefined;
    let localModel: LocalModel | undefined;
    let temporal: LocalTemporal | undefined;
    let env: NodeJS.ProcessEnv = process.env;
    try {
      if (config.local.useDevServer) {
        // The dev server's UI decodes payloads through the web app's codec endpoint.
        temporal = await startLocalTemporal(config.local, {
          uiCodecEndpoint: config.web.port ? localCodecEndpoint(config.web.port) : undefined,
        });
        steps.add(temporal.name, temporal.stop);
        steps.watch(temporal, `run npm start again (its runs are kept in ${temporal.dbFile}).`);
      }
    } finally {
      // Registered even when Temporal failed to start, so stopStarted() stops the model too.
      localModel = await modelStarting;
      if (localModel) {
        steps.add(localModel.name, localModel.stop);
        steps.watch(localModel, 'run npm start again.');
        env = {
          ...env,
          LOCAL_MODEL_HOST: localModel.host,
          LOCAL_MODEL_PORT: String(localModel.port),
        };
      }
    }
    config = temporal ? configWithLocalTemporal(env, temporal) : loadConfig(env);

    const workerConnection = await connectWorker(config);
    steps.add('the worker connection', () => workerConnection.close());
    config = await keysForLocalStart(config, logger, workerConnection.workflowService);
    const worker = await createWorker(config, workerConnection);
    const workerDone = worker.run().catch((err: unknown) => {
      steps.fail('the worker stopped — typecast stops; see the error above.', { err });
    });
    steps.add('the worker', async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone;
    });

    const web = await startWebServer(config, logger);
    steps.add('the web server', web.close);
    console.log(banner(config, web, temporal));
  } catch (err) {
    await steps.stopStarted();
    throw err;
  }
}

/** What is running and where; only what this process started or was told to use. */
function banner(config: Config, web: WebServer, temporal?: LocalTemporal): string {
  return [
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
  ].join('\n');
}

runEntry(main);

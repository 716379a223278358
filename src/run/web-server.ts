import { serve } from '@hono/node-server';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { connectWebClient } from '../temporal/connect.js';
import { createTemporalHealth, type TemporalHealth } from '../temporal/temporal-health.js';
import { openBatchStore } from '../store/open-batch-store.js';
import { createAccess } from '../web/access/api-tokens.js';
import { createApp } from '../web/app.js';

export interface WebServer {
  url: string;
  /** Stops accepting requests, ends open ones (polling browsers), closes the Temporal client. */
  close(): Promise<void>;
}

/** Serves the web app on the configured host and port; shared by the web process and `npm start`. */
export async function startWebServer(config: Config, logger: Logger): Promise<WebServer> {
  const temporalHealth = loggedHealth(config, logger);
  const client = await connectWebClient(config, temporalHealth);
  const app = createApp({
    client,
    taskQueue: config.temporal.taskQueue,
    activity: config.activity,
    model: config.model.name,
    modelLabel: config.model.label,
    localModel: config.model.local,
    temporalUiUrl: config.temporal.uiUrl,
    namespace: config.temporal.namespace,
    maxDataChars: config.maxDataChars,
    allowedHosts: config.web.allowedHosts,
    temporalHealth,
    logger,
    batches: {
      store: openBatchStore(config.batch.store, config.security.keyRing),
      limits: config.batch.limits,
      maxConcurrentRows: config.batch.maxConcurrentRows,
      chunkRows: config.batch.chunkRows,
    },
    access: createAccess(config.security.apiTokens),
    submitRatePerMinute: config.security.submitRatePerMinute,
    codec: {
      codecs: client.options.loadedDataConverter.payloadCodecs,
      origins: config.security.codecOrigins,
    },
  });
  try {
    return await new Promise((resolve, reject) => {
      const server = serve(
        { fetch: app.fetch, port: config.web.port, hostname: config.web.host },
        (info) => {
          const host = config.web.host === '0.0.0.0' ? 'localhost' : config.web.host;
          resolve({
            url: `http://${host}:${info.port}`,
            close: async () => {
              await new Promise<void>((done) => {
                server.close(() => done());
                // Keep-alive connections of polling browsers would hold close() open.
                if ('closeAllConnections' in server) server.closeAllConnections();
              });
              await client.connection.close();
            },
          });
        },
      );
      server.once('error', reject);
    });
  } catch (err) {
    await client.connection.close();
    throw err;
  }
}

/** One line when Temporal stops answering and one when it answers again, not one per request. */
function loggedHealth(config: Config, logger: Logger): TemporalHealth {
  const { address, addressSetting } = config.temporal;
  return createTemporalHealth(
    { address, setting: addressSetting },
    {
      onChange: (state, health) =>
        state.reachable
          ? logger.info({ temporal: address }, 'Temporal answers again')
          : logger.warn(
              { temporal: address, reason: state.lastFailure },
              health.unreachableMessage(),
            ),
    },
  );
}

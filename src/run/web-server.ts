import { serve } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openBatchStore } from '../store/open-batch-store.js';
import { createApp } from '../web/app.js';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the web app on the configured host and port; shared by the web process and `npm start`. */
export function startWebServer(config: Config, client: Client, logger: Logger): Promise<WebServer> {
  const app = createApp({
    client,
    taskQueue: config.temporal.taskQueue,
    activity: config.activity,
    model: config.model.name,
    modelConfigured: Boolean(config.model.apiKey),
    temporalUiUrl: config.temporal.uiUrl,
    namespace: config.temporal.namespace,
    maxDataChars: config.maxDataChars,
    logger,
    batches: {
      store: openBatchStore(config.batch.store),
      limits: config.batch.limits,
      maxConcurrentRows: config.batch.maxConcurrentRows,
      chunkRows: config.batch.chunkRows,
    },
  });
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: config.web.port, hostname: config.web.host },
      (info) => {
        const host = config.web.host === '0.0.0.0' ? 'localhost' : config.web.host;
        resolve({
          url: `http://${host}:${info.port}`,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              // Keep-alive connections of polling browsers would hold close() open.
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}

import { serve } from '@hono/node-server';
import type { Logger } from '../logger.js';
import { createModelServerApp, type ReadyModel } from './app.js';
import { createCompletionQueue } from './completion-queue.js';
import { loadLocalModel, type LoadOptions, type LoadedModel } from './load-model.js';
import { responseGrammars } from './response-grammar.js';

export interface ModelServerOptions {
  host: string;
  port: number;
  modelId: string;
  maxTokensCap: number;
  load: Omit<LoadOptions, 'logger'>;
  logger?: Logger;
}

export interface RunningModelServer {
  url: string;
  /** Resolves once the model is loaded (and /health answers 200); rejects if loading failed. */
  ready: Promise<void>;
  /** Stops accepting, aborts what is waiting or generating, then frees the model. */
  close(): Promise<void>;
}

/**
 * Listens at once and loads the model behind it, so /health can say "loading" (503) until
 * requests can be answered.
 */
export async function startModelServer(options: ModelServerOptions): Promise<RunningModelServer> {
  const { logger } = options;
  const shutdown = new AbortController();
  let readyModel: ReadyModel | undefined;
  let loaded: LoadedModel | undefined;

  const app = createModelServerApp({
    modelId: options.modelId,
    ready: () => readyModel,
    maxTokensCap: options.maxTokensCap,
    shutdownSignal: shutdown.signal,
    ...(logger ? { logger } : {}),
  });

  const started = Date.now();
  const ready = loadLocalModel({ ...options.load, ...(logger ? { logger } : {}) }).then((model) => {
    loaded = model;
    readyModel = {
      queue: createCompletionQueue(model, logger),
      grammars: responseGrammars(model.llama),
    };
    logger?.info({ ms: Date.now() - started, path: options.load.path }, 'model loaded');
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;

  // Waiting and running requests stop at once and answer 503; then the sockets close and
  // the model is freed only after its sequence is no longer in use.
  let closing: Promise<void> | undefined;
  async function stop(): Promise<void> {
    shutdown.abort(new Error('the model server is shutting down'));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    const force = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, 5_000);
    await closed;
    clearTimeout(force);
    await ready.catch(() => undefined);
    await readyModel?.queue.drained();
    await loaded?.dispose();
  }

  return {
    url: `http://${options.host}:${port}`,
    ready,
    close: () => (closing ??= stop()),
  };
}

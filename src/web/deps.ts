import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { BatchLimits } from '../batch/input/index.js';
import type { BatchStore } from '../store/batch-store.js';
import type { CastActivityOptions } from '../workflows/messages.js';

/** What the batch routes need besides the app's own deps (issue 13). */
export interface BatchWebDeps {
  store: BatchStore;
  limits: BatchLimits;
  maxConcurrentRows: number;
  chunkRows: number;
}

/** Everything the web app needs, passed in by the entry point (or a test). */
export interface WebDeps {
  client: Client;
  /** Task queue new casts are started on. */
  taskQueue: string;
  activity: CastActivityOptions;
  /** Model name sent with every cast; part of the cache key. */
  model: string;
  /** False when this process has no API key: the page warns that casts will fail. */
  modelConfigured: boolean;
  temporalUiUrl: string;
  namespace: string;
  maxDataChars: number;
  logger?: Logger;
  /** Batches: the routes are there only when a store is configured. */
  batches?: BatchWebDeps;
}

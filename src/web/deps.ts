import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Logger } from 'pino';
import type { TemporalHealth } from '../temporal/temporal-health.js';
import type { BatchLimits } from '../batch/input/index.js';
import type { BatchStore } from '../store/batch-store.js';
import type { CastActivityOptions } from '../shared.js';
import type { Access } from './access/api-tokens.js';
import type { EagerStart } from '../client/start-cast.js';
import type { BatchStarter } from '../client/start-batch.js';

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
  /**
   * Starts through a worker of `taskQueue` in this process, when there is one (`npm start`):
   * eager workflow start, see start-cast.ts. Reads and everything else go through `client`.
   */
  eager?: EagerStart;
  /** Task queue new casts are started on. */
  taskQueue: string;
  activity: CastActivityOptions;
  /** Model name sent with every cast; part of the cache key. */
  model: string;
  /** How people see the model (config's label, e.g. `smollm2-135m (local)`). */
  modelLabel: string;
  /** True while the offline model serves: the page says it is small and often wrong. */
  localModel: boolean;
  temporalUiUrl: string;
  namespace: string;
  maxDataChars: number;
  /** Host header names the app answers to (`*`: any); loopback names when omitted. */
  allowedHosts?: readonly string[];
  /** The process's one view of its Temporal connection; see temporal-health.ts. */
  temporalHealth: TemporalHealth;
  logger?: Logger;
  /** Batches: the routes are there only when a store is configured. */
  batches?: BatchWebDeps;
  /** Tokens guarding the API, the page and the codec endpoint; all open when omitted. */
  access?: Access;
  /** Submissions per caller (token, or address without tokens) per minute; 0 or omitted: no limit. */
  submitRatePerMinute?: number;
  /** The codec endpoint: the app's payload codecs and the origins allowed to call it. */
  codec?: { codecs: readonly PayloadCodec[]; origins: readonly string[] };
}

/** What the batch routes start, retry and read batches with. */
export function batchStarterOf(deps: WebDeps, batches: BatchWebDeps): BatchStarter {
  return { client: deps.client, taskQueue: deps.taskQueue, activity: deps.activity, ...batches };
}

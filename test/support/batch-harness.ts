import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Hono } from 'hono';
import { createActivities } from '../../src/activities/index.js';
import { createModelClient } from '../../src/activities/model-client.js';
import type { BatchLimits } from '../../src/batch/input/index.js';
import { createBatchStore, type BatchStore } from '../../src/store/batch-store.js';
import { createFsObjectStore } from '../../src/store/fs-object-store.js';
import { createApp } from '../../src/web/app.js';
import type { BatchView } from '../../src/client/batch-view.js';
import { chunkWorkflowId } from '../../src/workflows/batch-messages.js';
import type { CastActivityOptions } from '../../src/shared.js';
import { fastActivity } from './cast-fixtures.js';
import { decodeStoredPayload, sealedForSuite } from './encryption.js';
import { fileModelTest } from './fixtures.js';
import { castPromptOf, type ModelServer, type RecordedRequest } from './model-server.js';
import { createTestWorker, randomTaskQueue } from './temporal.js';
import { testWebDeps } from './web-deps.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/**
 * Retries as fast as a single cast's tests, but timeouts that a loaded two-core machine cannot
 * trip: a missed heartbeat would retry a row whose answer is on its way, and count twice.
 */
export const batchActivity = {
  ...fastActivity,
  startToCloseTimeoutMs: 60_000,
  heartbeatTimeoutMs: 30_000,
};

export interface BatchHarnessOptions {
  maxConcurrentRows?: number;
  chunkRows?: number;
  limits?: Partial<BatchLimits>;
  /** Another store (S3); a fresh temporary folder, sealed with the suite's keys, by default. */
  store?: BatchStore;
  activity?: CastActivityOptions;
}

export interface BatchHarness {
  app: Hono;
  store: BatchStore;
  /** The store's folder, unless another store was given. */
  folder?: string;
  taskQueue: string;
  /** Unique per harness: part of every cast key, so tests never share cached rows. */
  modelName: string;
  /** Runs fn while a real worker with the real activities and this store polls the queue. */
  withWorker<T>(fn: () => Promise<T>, slots?: number): Promise<T>;
  close(): Promise<void>;
}

/** The web app with batches on, a batch store, and a worker to run them, for one test file. */
export async function createBatchHarness(
  env: TestWorkflowEnvironment,
  model: ModelServer,
  {
    maxConcurrentRows = 50,
    chunkRows = 100,
    limits = {},
    store: given,
    activity = batchActivity,
  }: BatchHarnessOptions = {},
): Promise<BatchHarness> {
  const folder = given ? undefined : await mkdtemp(join(tmpdir(), 'typecast-batches-'));
  const store = given ?? createBatchStore(sealedForSuite(createFsObjectStore(folder!)));
  const deps = testWebDeps(env.client, {
    taskQueue: randomTaskQueue('batch'),
    activity,
    batches: {
      store,
      limits: { maxRows: 100_000, maxBytes: 20_000_000, maxTextChars: 1_000, ...limits },
      maxConcurrentRows,
      chunkRows,
    },
  });
  const { taskQueue, model: modelName } = deps;
  const app = createApp(deps);
  return {
    app,
    store,
    ...(folder ? { folder } : {}),
    taskQueue,
    modelName,
    async withWorker(fn, slots = 200) {
      const openai = createModelClient({
        apiKey: 'test-key',
        baseURL: model.url,
        timeoutMs: 8_000,
      });
      const worker = await createTestWorker(env, {
        taskQueue,
        activities: createActivities({ openai, maxReasks: 1, batchStore: store }),
        maxConcurrentActivityTaskExecutions: slots,
      });
      return worker.runUntil(fn);
    },
    close: async () => {
      if (folder) await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A multipart upload as a browser or curl sends it. */
export function uploadFile(
  app: Hono,
  content: string | Uint8Array<ArrayBuffer>,
  name: string,
  fields: Record<string, string>,
) {
  const form = new FormData();
  form.set('file', new File([content], name));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return app.request('/api/batches', { method: 'POST', body: form });
}

/** Long-polls a batch until it is done, as a client of the API would. */
export async function waitUntilDone(
  app: Hono,
  id: string,
  timeoutMs = 120_000,
): Promise<BatchView> {
  const deadline = Date.now() + timeoutMs;
  let since = '';
  for (;;) {
    const res = await app.request(`/api/batches/${id}?wait=10&since=${encodeURIComponent(since)}`);
    if (res.status !== 200) throw new Error(`GET batch: ${res.status} ${await res.text()}`);
    const view = (await res.json()) as BatchView;
    if (view.done) return view;
    if (Date.now() > deadline)
      throw new Error(`batch not done in ${timeoutMs} ms: ${JSON.stringify(view)}`);
    since = view.version;
  }
}

/** The size of the largest payload anywhere in a history event (Uint8Arrays are payload data). */
export function largestPayloadBytes(event: unknown, depth = 0): number {
  if (event instanceof Uint8Array) return event.length;
  if (typeof event !== 'object' || event === null || depth > 20) return 0;
  return Math.max(0, ...Object.values(event).map((v) => largestPayloadBytes(v, depth + 1)));
}

/**
 * `castTest` with one model server per file, plus a batch harness made once per file:
 * `const it = batchTest({ chunkRows: 100 }); it('…', async ({ batches, model, client }) => …)`.
 */
export function batchTest(options: BatchHarnessOptions = {}) {
  return fileModelTest.extend<{ batches: BatchHarness }>({
    batches: [
      async ({ model, env }, use) => {
        const harness = await createBatchHarness(env, model, options);
        await use(harness);
        await harness.close();
      },
      { scope: 'file' },
    ],
  });
}

/**
 * The attempt each row's activity finished on, from the chunk histories: a row asked twice
 * must have been retried (a timeout on a loaded machine, a killed worker), never repeated after
 * it finished.
 */
export async function rowAttempts(client: Client, batchId: string, chunks: number) {
  const converter = client.options.loadedDataConverter.payloadConverter;
  const attempts = new Map<number, number>();
  for (let chunk = 0; chunk < chunks; chunk++) {
    const history = await client.workflow.getHandle(chunkWorkflowId(batchId, chunk)).fetchHistory();
    const rowOf = new Map<string, number>();
    for (const event of history.events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name === 'castBatchRow' && scheduled.input?.payloads?.[0]) {
        // As stored: encrypted.
        const payload = await decodeStoredPayload(scheduled.input.payloads[0]);
        const ref = converter.fromPayload<{ row: number }>(payload);
        rowOf.set(String(event.eventId), ref.row);
      }
      const started = event.activityTaskStartedEventAttributes;
      const row = started ? rowOf.get(String(started.scheduledEventId)) : undefined;
      if (started && row !== undefined) attempts.set(row, started.attempt ?? 1);
    }
  }
  return attempts;
}

/** How often the model was asked about each row, by the row number found in the prompt. */
export function callsPerRow(
  requests: RecordedRequest[],
  rowIn: (prompt: string) => number | undefined,
) {
  const calls = new Map<number, number>();
  for (const request of requests) {
    const row = rowIn(castPromptOf(request.body));
    if (row !== undefined) calls.set(row, (calls.get(row) ?? 0) + 1);
  }
  return calls;
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { startCast, type StartedCast } from '../src/client/start-cast.js';
import { startDevServer, type DevServer } from '../src/local/dev-server.js';
import { findTool } from '../src/local/tool-path.js';
import { createBatchStore } from '../src/store/batch-store.js';
import { createFsObjectStore } from '../src/store/fs-object-store.js';
import { batchResults } from '../src/client/batch-results.js';
import { benchBatch } from './bench-batch.js';
import { startModelServer, type ModelServer } from '../test/support/model-server.js';
import { spawnEntry, stopProcess, waitForOutput } from '../test/support/worker-process.js';

// Load benchmark: its own Temporal dev server, a scripted model with a fixed latency, N worker
// processes on one task queue, M casts started at once. Everything listens on loopback and is
// stopped at the end, also on Ctrl-C.
//   npm run bench -- --casts 200 --workers 2 --latency-ms 200
// Batch mode: one castBatch of N rows instead of N casts (rows/s of a batch):
//   npm run bench -- --batch 10000 --latency-ms 500 --workers 2 --slots 200 --batch-concurrency 400

const { values: args } = parseArgs({
  options: {
    casts: { type: 'string', default: '100' },
    workers: { type: 'string', default: '2' },
    'latency-ms': { type: 'string', default: '200' },
    /** WORKER_MAX_CONCURRENT_ACTIVITIES of each worker. */
    slots: { type: 'string', default: '20' },
    /** How many start calls are in flight at once. */
    'start-concurrency': { type: 'string', default: '50' },
    'timeout-s': { type: 'string', default: '300' },
    /** Rows of one batch; runs a batch instead of single casts. */
    batch: { type: 'string' },
    /** BATCH_MAX_CONCURRENT_ROWS of the batch. */
    'batch-concurrency': { type: 'string', default: '200' },
    'chunk-rows': { type: 'string', default: '500' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (args.help) {
  console.log(
    'npm run bench -- [--casts 100] [--workers 2] [--latency-ms 200] [--slots 20] ' +
      '[--start-concurrency 50] [--timeout-s 300] [--batch 10000 --batch-concurrency 200 --chunk-rows 500]',
  );
  process.exit(0);
}

const casts = wholeNumber('casts', args.casts, 1, 10_000);
const workerCount = wholeNumber('workers', args.workers, 1, 16);
const latencyMs = wholeNumber('latency-ms', args['latency-ms'], 0, 60_000);
const slots = wholeNumber('slots', args.slots, 1, 1_000);
const startConcurrency = wholeNumber('start-concurrency', args['start-concurrency'], 1, 1_000);
const timeoutMs = wholeNumber('timeout-s', args['timeout-s'], 1, 3_600) * 1000;
const batchRows =
  args.batch === undefined ? undefined : wholeNumber('batch', args.batch, 1, 100_000);
const batchConcurrency = wholeNumber('batch-concurrency', args['batch-concurrency'], 1, 2_000);
const chunkRows = wholeNumber('chunk-rows', args['chunk-rows'], 1, 2_000);

function wholeNumber(name: string, text: string | undefined, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max} (got ${text})`);
    process.exit(2);
  }
  return n;
}

type WorkerProcess = ReturnType<typeof spawnEntry>;

let server: DevServer | undefined;
let model: ModelServer | undefined;
let connection: Connection | undefined;
const workers: WorkerProcess[] = [];
// The batch store the workers and this script share (batch mode).
const storeDir = mkdtempSync(join(tmpdir(), 'typecast-bench-'));

async function stopAll() {
  await Promise.all(workers.map((w) => stopProcess(w)));
  await connection?.close();
  await model?.close();
  await server?.stop();
  rmSync(storeDir, { recursive: true, force: true });
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping everything the benchmark started…`);
    void stopAll().finally(() => process.exit(130));
  });
}

async function main() {
  const batch = randomUUID().slice(0, 8);
  console.log(
    batchRows === undefined
      ? `bench: ${casts} casts, ${workerCount} worker(s) × ${slots} slots, model latency ${latencyMs} ms`
      : `bench: one batch of ${batchRows} rows, ${batchConcurrency} rows at once, chunks of ${chunkRows}, ${workerCount} worker(s) × ${slots} slots, model latency ${latencyMs} ms`,
  );

  server = await startDevServer({ cli: findTool('temporal') ?? 'temporal' });
  model = await startModelServer();
  // Each answer depends on the cast's own text, so the check below catches crossed replies.
  model.respondWith((body) => {
    const n = /bench item (\d+)/.exec(body.messages?.at(-1)?.content ?? '')?.[1];
    if (!n) return { status: 400, body: { error: { message: 'bench: unexpected prompt' } } };
    return { delayMs: latencyMs, then: { answer: [Number(n)] } };
  });

  const taskQueue = `bench-${batch}`;
  const env = {
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    OPENAI_API_KEY: 'bench-key',
    OPENAI_BASE_URL: model.url,
    WORKER_MAX_CONCURRENT_ACTIVITIES: String(slots),
    LOG_LEVEL: 'info',
    BATCH_STORE_DIR: storeDir,
  };
  const bootStart = performance.now();
  for (let i = 0; i < workerCount; i++) workers.push(spawnEntry('src/worker.ts', env));
  await Promise.all(workers.map((w) => waitForOutput(w, /worker started/, 180_000)));
  const bootMs = performance.now() - bootStart;

  connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const activity = {
    startToCloseTimeoutMs: 60_000,
    heartbeatTimeoutMs: 20_000,
    maximumAttempts: 3,
    initialIntervalMs: 500,
    maximumIntervalMs: 5_000,
    backoffCoefficient: 2,
  };

  const deadline = Date.now() + timeoutMs;
  if (batchRows !== undefined) {
    await runBatch(client, taskQueue, activity, batchRows, batch, deadline, bootMs);
    return;
  }
  const wallStart = performance.now();
  const latencies: number[] = [];
  const serverLatencies: number[] = [];
  let wrong = 0;
  const failures: unknown[] = [];

  // Start every cast (a bounded number of start calls in flight), and wait for each as soon as
  // it is started: a cast's latency runs from its start call to its result.
  const waits: Promise<void>[] = [];
  await inPool(casts, startConcurrency, async (i) => {
    const n = i + 1;
    const t0 = performance.now();
    const started: StartedCast = await startCast(
      { client, taskQueue, activity },
      {
        text: `bench item ${n} of batch ${batch}`,
        target: { label: 'number[]', schema: { type: 'array', items: { type: 'number' } } },
        model: 'bench-model',
      },
    );
    waits.push(
      (async () => {
        const handle = client.workflow.getHandle(started.id);
        const state = (await withDeadline(handle.result(), deadline)) as { result?: unknown };
        latencies.push(performance.now() - t0);
        if (JSON.stringify(state.result) !== JSON.stringify([n])) wrong++;
        const described = await handle.describe();
        if (described.closeTime) {
          serverLatencies.push(described.closeTime.getTime() - described.startTime.getTime());
        }
      })().catch((err: unknown) => void failures.push(err)),
    );
  });
  const startedMs = performance.now() - wallStart;
  await Promise.all(waits);
  const wallMs = performance.now() - wallStart;

  const rss = workers.map((w) => ({ pid: w.pid, ...memoryOf(w.pid) }));
  const ms = (x: number) => `${Math.round(x)} ms`;
  console.log(
    [
      '',
      `workers ready in        ${ms(bootMs)} (not counted below)`,
      `casts completed         ${latencies.length} of ${casts} (${wrong} with a wrong value)`,
      `total wall time         ${ms(wallMs)} (all started after ${ms(startedMs)})`,
      `throughput              ${(latencies.length / (wallMs / 1000)).toFixed(1)} casts/s`,
      `end-to-end (client)     p50 ${ms(percentile(latencies, 50))}  p95 ${ms(percentile(latencies, 95))}  max ${ms(Math.max(...latencies))}`,
      `workflow start→close    p50 ${ms(percentile(serverLatencies, 50))}  p95 ${ms(percentile(serverLatencies, 95))}  max ${ms(Math.max(...serverLatencies))}`,
      `model calls             ${model.requests.length} (latency ${latencyMs} ms each)`,
      ...rss.map(
        (r) => `worker ${r.pid} memory     RSS ${r.rssMb ?? '?'} MB (peak ${r.peakMb ?? '?'} MB)`,
      ),
    ].join('\n'),
  );
  if (failures.length > 0)
    console.error(`${failures.length} cast(s) failed; the first:`, failures[0]);
  if (wrong > 0 || latencies.length !== casts) process.exitCode = 1;
}

async function runBatch(
  client: Client,
  taskQueue: string,
  activity: Parameters<typeof benchBatch>[0]['activity'],
  rows: number,
  tag: string,
  deadline: number,
  bootMs: number,
) {
  const store = createBatchStore(createFsObjectStore(storeDir));
  const { view, startMs, wallMs } = await benchBatch({
    client,
    taskQueue,
    store,
    activity,
    rows,
    maxConcurrentRows: batchConcurrency,
    chunkRows,
    rowText: (n) => `bench item ${n} of batch ${tag}`,
    deadline,
    interrupted: () => interrupted,
  });
  const p = view.progress;
  // Each row's value must be its own number: a crossed answer shows here.
  let wrong = 0;
  const manifest = await store.readManifest(view.id);
  for await (const part of manifest ? batchResults(store, manifest, 'jsonl') : []) {
    for (const line of part.split('\n').filter(Boolean)) {
      const { row, value } = JSON.parse(line) as { row: number; value: unknown };
      if (JSON.stringify(value) !== JSON.stringify([row])) wrong++;
    }
  }
  const ms = (x: number) => `${Math.round(x)} ms`;
  const rss = workers.map((w) => ({ pid: w.pid, ...memoryOf(w.pid) }));
  console.log(
    [
      '',
      `workers ready in        ${ms(bootMs)} (not counted below)`,
      `batch                   ${view.status}: ${p.succeeded} of ${p.total} rows succeeded (${wrong} with a wrong value), ${p.failed} failed`,
      `rows stored in          ${ms(startMs)}`,
      `total wall time         ${ms(wallMs)}`,
      `throughput              ${(p.done / (wallMs / 1000)).toFixed(1)} rows/s`,
      `model calls             ${model?.requests.length ?? 0} (latency ${latencyMs} ms each)`,
      ...rss.map(
        (r) => `worker ${r.pid} memory     RSS ${r.rssMb ?? '?'} MB (peak ${r.peakMb ?? '?'} MB)`,
      ),
    ].join('\n'),
  );
  if (view.firstFailures.length > 0) console.error('first failures:', view.firstFailures);
  if (view.status !== 'completed' || p.succeeded !== rows || wrong > 0) process.exitCode = 1;
}

/** Runs task(0..count-1) with at most `limit` in flight. */
async function inPool(count: number, limit: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count && !interrupted) await task(next++);
  });
  await Promise.all(lanes);
}

function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`bench: casts still running after --timeout-s ${timeoutMs / 1000}`)),
      Math.max(0, deadline - Date.now()),
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** VmRSS and VmHWM (peak) of a process, from Linux's /proc. */
function memoryOf(pid: number | undefined): { rssMb?: number; peakMb?: number } {
  if (pid === undefined) return {};
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    const mb = (value: number) => (Number.isFinite(value) ? Math.round(value / 1024) : undefined);
    return { rssMb: mb(kb('VmRSS')), peakMb: mb(kb('VmHWM')) };
  } catch {
    return {};
  }
}

try {
  await main();
} catch (err) {
  if (!interrupted) {
    console.error(err);
    process.exitCode = 1;
  }
} finally {
  if (!interrupted) await stopAll();
}

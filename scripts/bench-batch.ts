import type { Client } from '@temporalio/client';
import { readBatch } from '../src/client/read-batch.js';
import { startBatch } from '../src/client/start-batch.js';
import type { BatchView } from '../src/client/batch-view.js';
import type { BatchStore } from '../src/store/batch-store.js';
import type { CastActivityOptions } from '../src/shared.js';

export interface BatchBench {
  client: Client;
  taskQueue: string;
  store: BatchStore;
  activity: CastActivityOptions;
  rows: number;
  maxConcurrentRows: number;
  chunkRows: number;
  /** The text of row n; the scripted model answers it with [n]. */
  rowText: (n: number) => string;
  deadline: number;
  interrupted: () => boolean;
}

export interface BatchFigures {
  view: BatchView;
  startMs: number;
  wallMs: number;
}

/**
 * One batch of `rows` rows through the real path (rows to the store, castBatch on the workers),
 * timed from the submission to the run's close, with progress printed as it goes.
 */
export async function benchBatch(bench: BatchBench): Promise<BatchFigures> {
  const { client, taskQueue, store, activity, rows } = bench;
  const t0 = performance.now();
  const started = await startBatch(
    {
      client,
      taskQueue,
      activity,
      store,
      maxConcurrentRows: bench.maxConcurrentRows,
      chunkRows: bench.chunkRows,
    },
    {
      table: {
        format: 'text',
        columns: ['text'],
        rows: Array.from({ length: rows }, (_, i) => ({ text: bench.rowText(i + 1) })),
      },
      request: {
        target: { label: 'number[]', schema: { type: 'array', items: { type: 'number' } } },
        model: 'bench-model',
      },
      fresh: false,
    },
  );
  const startMs = performance.now() - t0;
  console.log(`batch ${started.id} started after ${Math.round(startMs)} ms (rows stored)`);
  let view: BatchView | undefined;
  let last = 0;
  for (;;) {
    view = await readBatch({ client, taskQueue }, started.id);
    if (!view) throw new Error(`bench: batch ${started.id} vanished`);
    if (view.done || bench.interrupted()) break;
    if (Date.now() > bench.deadline)
      throw new Error('bench: the batch is still running after --timeout-s');
    if (performance.now() - last > 5_000) {
      last = performance.now();
      const p = view.progress;
      console.log(
        `  ${p.done}/${p.total} done, ${p.inFlight} in flight, ${p.rowsPerSecond} rows/s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { view, startMs, wallMs: performance.now() - t0 };
}

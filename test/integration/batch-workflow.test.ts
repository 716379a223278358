import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { expect } from 'vitest';
import type { RowCounts } from '../../src/batch/progress.js';
import type { RowStatus } from '../../src/batch/row-result.js';
import {
  batchStateMemoKey,
  batchWorkflowType,
  type BatchInput,
  type BatchState,
  type ChunkPlan,
  type ChunkRef,
  type RowRef,
  type SealRef,
  type UnrecordedFailure,
} from '../../src/workflows/batch-messages.js';
import { fastActivity } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import { createTestWorker, randomTaskQueue } from '../support/temporal.js';

// The workflows alone, with stub activities: how rows are counted, failures kept and chunks
// sealed, whatever the model and the store do.

const activity = { ...fastActivity, maximumAttempts: 2, initialIntervalMs: 100 };

function input(total: number, overrides: Partial<BatchInput> = {}): BatchInput {
  return {
    batchId: `batch-${randomUUID()}`,
    total,
    chunkRows: 10,
    maxConcurrentRows: 4,
    activity,
    fresh: false,
    ...overrides,
  };
}

interface Stubs {
  planBatchChunk(ref: ChunkRef): Promise<ChunkPlan>;
  castBatchRow(ref: RowRef): Promise<RowStatus>;
  sealBatchChunk(ref: SealRef): Promise<RowCounts>;
}

function stubs(
  castBatchRow: Stubs['castBatchRow'],
  sealed: Map<number, UnrecordedFailure[]>,
): Stubs {
  return {
    // Row 0 of each chunk came from the cache; the rest are cast.
    async planBatchChunk({ chunk }) {
      const start = chunk * 10;
      return {
        counts: { succeeded: 1, cached: 1, failed: 0 },
        firstFailures: [],
        toCast: Array.from({ length: 9 }, (_, i) => start + i + 1),
        duplicates: [],
      };
    },
    castBatchRow,
    async sealBatchChunk({ chunk, failures }) {
      sealed.set(chunk, failures);
      return { succeeded: 0, cached: 0, failed: 0 };
    },
  };
}

it('counts rows by outcome, keeps the first failures and seals failures nobody recorded', async ({
  client,
  env,
}) => {
  const taskQueue = randomTaskQueue('batch-wf');
  const sealed = new Map<number, UnrecordedFailure[]>();
  const worker = await createTestWorker(env, {
    taskQueue,
    activities: stubs(async ({ row }) => {
      if (row % 10 === 3)
        return { outcome: 'failed', error: { type: 'ValidationFailed', message: `row ${row}` } };
      if (row === 25) throw ApplicationFailure.retryable('the model is down', 'ModelServerError');
      return { outcome: 'succeeded' };
    }, sealed),
  });
  const state = (await worker.runUntil(
    client.workflow.execute(batchWorkflowType, {
      taskQueue,
      workflowId: `batch-${randomUUID()}`,
      args: [input(30)],
    }),
  )) as BatchState;

  expect(state).toMatchObject({
    phase: 'completed',
    chunks: 3,
    chunksDone: 3,
    counts: { succeeded: 26, cached: 3, failed: 4 },
    runningChunks: [],
  });
  expect(state.firstFailures.map((f) => [f.row, f.type])).toEqual([
    [4, 'ValidationFailed'],
    [14, 'ValidationFailed'],
    [24, 'ValidationFailed'],
    [26, 'ModelServerError'],
  ]);
  // Only the row whose activity gave up without recording it is handed to the seal.
  expect(sealed.get(2)).toEqual([
    { error: { type: 'ModelServerError', message: 'the model is down' }, rows: [25] },
  ]);
  expect(sealed.get(0)).toEqual([]);
});

it('a cancelled batch stops starting rows, seals every running chunk and ends cancelled with its counts', async ({
  client,
  env,
}) => {
  const taskQueue = randomTaskQueue('batch-wf');
  const sealed = new Map<number, UnrecordedFailure[]>();
  let started = 0;
  const worker = await createTestWorker(env, {
    taskQueue,
    activities: stubs(async ({ row }) => {
      started++;
      if (row < 4) return { outcome: 'succeeded' };
      // Later rows wait until cancelled, as a slow model call would.
      const context = Context.current();
      for (;;) {
        context.heartbeat();
        await context.sleep(100);
        if (context.cancellationSignal.aborted) throw new CancelledFailure('cancelled');
      }
    }, sealed),
  });
  const workflowId = `batch-${randomUUID()}`;
  await worker.runUntil(async () => {
    const handle = await client.workflow.start(batchWorkflowType, {
      taskQueue,
      workflowId,
      args: [input(100, { maxConcurrentRows: 4 })],
    });
    await expect.poll(() => started).toBeGreaterThanOrEqual(6);
    await handle.cancel();
    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
  });

  const memo = (await client.workflow.getHandle(workflowId).describe()).memo?.[
    batchStateMemoKey
  ] as BatchState;
  expect(memo.phase).toBe('cancelled');
  // Chunk 0's first rows and the cached row of each chunk that ran.
  expect(memo.counts.succeeded).toBeGreaterThanOrEqual(4);
  expect(memo.chunksDone).toBeLessThan(10);
  expect([...sealed.keys()].sort()).toEqual([0, 1]);
  expect(started).toBeLessThan(20);
});

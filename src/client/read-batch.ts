import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { addCounts, noRows, progressFigures, type RowCounts } from '../batch/progress.js';
import { firstFailures, type RowError } from '../batch/row-result.js';
import {
  batchStateMemoKey,
  batchStateQuery,
  batchSummaryMemoKey,
  chunkProgressQuery,
  chunkWorkflowId,
  type BatchState,
  type ChunkProgress,
} from '../workflows/batch-messages.js';
import { batchStatus } from './batch-status.js';
import type { BatchSummary, BatchView } from './batch-view.js';
import { findBatch, type BatchScope } from './find-batch.js';

export interface ReadBatchOptions {
  /** Queries need a worker; with none polling they would wait for their whole deadline. */
  queryTimeoutMs?: number;
  now?: () => number;
}

/**
 * A batch's progress, cheaply: the server's description (memo: counts as of the last finished
 * chunk), then, while it runs, the batch's `batchState` query and each running chunk's
 * `chunkProgress` query — two or three small answers, whatever the batch's size.
 */
export async function readBatch(
  scope: BatchScope,
  id: string,
  { queryTimeoutMs = 2_000, now = Date.now }: ReadBatchOptions = {},
): Promise<BatchView | undefined> {
  const description = await findBatch(scope, id);
  if (!description) return undefined;
  const summary = description.memo?.[batchSummaryMemoKey] as BatchSummary | undefined;
  const memoState = description.memo?.[batchStateMemoKey] as BatchState | undefined;
  // Every batch this app starts carries both; a run without them is not one of ours.
  if (!summary || !memoState) return undefined;
  const running = description.status.name === 'RUNNING';
  const { client } = scope;
  const deadline = () => Date.now() + queryTimeoutMs;

  let state = memoState;
  let chunks: ChunkProgress[] = [];
  let error: RowError | undefined;
  if (running) {
    const queried = await client
      .withDeadline(deadline(), () => client.workflow.getHandle(id).query(batchStateQuery))
      .catch(() => undefined);
    if (queried) state = queried;
    chunks = (
      await Promise.all(
        state.runningChunks.map((chunk) =>
          client
            .withDeadline(deadline(), () =>
              client.workflow.getHandle(chunkWorkflowId(id, chunk)).query(chunkProgressQuery),
            )
            .catch(() => undefined),
        ),
      )
    ).filter((c): c is ChunkProgress => c !== undefined);
  } else if (description.status.name === 'COMPLETED') {
    state = (await client.workflow.getHandle(id).result()) as BatchState;
  } else if (description.status.name === 'FAILED') {
    error = await runError(client.workflow.getHandle(id).result());
  }

  const counts: RowCounts = chunks.reduce((sum, c) => addCounts(sum, c), state.counts ?? noRows());
  const inFlight = chunks.reduce((sum, c) => sum + c.inFlight, 0);
  const startedAt = description.startTime.toISOString();
  const finishedAt = description.closeTime?.toISOString();
  const elapsedMs = (description.closeTime?.getTime() ?? now()) - description.startTime.getTime();
  const progress = progressFigures(summary.total, counts, inFlight, elapsedMs, running);
  const status = batchStatus(description.status.code);
  return {
    id,
    runId: description.runId,
    status,
    done: !running,
    progress,
    firstFailures: firstFailures(state.firstFailures ?? [], ...chunks.map((c) => c.firstFailures)),
    startedAt,
    ...(finishedAt ? { finishedAt } : {}),
    summary,
    ...(error ? { error } : {}),
    version: [status, progress.done, progress.failed, progress.inFlight].join(':'),
  };
}

export interface WaitOptions extends ReadBatchOptions {
  /** The version the caller already has: answer as soon as it differs. */
  since?: string;
  waitMs: number;
  intervalMs?: number;
}

/**
 * Reads the batch again until its version differs from `since`, it closes, or `waitMs` pass:
 * a long poll, so a page or a terminal sees progress at once without asking in a tight loop.
 */
export async function waitForBatch(
  scope: BatchScope,
  id: string,
  { since, waitMs, intervalMs = 500, ...read }: WaitOptions,
): Promise<BatchView | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const view = await readBatch(scope, id, read);
    if (!view || view.done || since === undefined || view.version !== since) return view;
    const left = deadline - Date.now();
    if (left <= 0) return view;
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
  }
}

async function runError(result: Promise<unknown>): Promise<RowError> {
  try {
    await result;
    return { type: 'Unknown', message: 'The run closed without an error.' };
  } catch (err) {
    const cause = err instanceof WorkflowFailedError ? err.cause : err;
    if (cause instanceof ApplicationFailure)
      return { type: cause.type ?? 'BatchFailed', message: cause.message };
    return { type: 'BatchFailed', message: cause instanceof Error ? cause.message : String(cause) };
  }
}

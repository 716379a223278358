import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  ChildWorkflowFailure,
  executeChild,
  isCancellation,
  log,
  setHandler,
  upsertMemo,
} from '@temporalio/workflow';
import { chunkCount, chunkRange } from '../batch/chunks.js';
import { addCounts, noRows } from '../batch/progress.js';
import { firstFailures } from '../batch/row-result.js';
import {
  batchStateMemoKey,
  batchStateQuery,
  chunkWorkflowId,
  parallelChunks,
  type BatchInput,
  type BatchState,
} from './batch-messages.js';
import { castBatchChunk } from './cast-batch-chunk.js';
import { castErrorOf } from '../failure-info.js';

/**
 * A batch: one child workflow per chunk of rows, `parallelChunks` at a time, each with its share
 * of the batch's concurrency. This history holds a few events per chunk (200 chunks for 100,000
 * rows at the default size); each chunk's history a few per row of that chunk. Rows and results
 * stay in the store. Cancelled, the running chunks seal what finished and the run ends cancelled.
 */
export async function castBatch(input: BatchInput): Promise<BatchState> {
  const { batchId, total, chunkRows } = input;
  const chunks = chunkCount(total, chunkRows);
  const state: BatchState = {
    phase: 'running',
    total,
    chunks,
    chunksDone: 0,
    counts: noRows(),
    runningChunks: [],
    firstFailures: [],
    startedAt: new Date().toISOString(),
  };
  setHandler(batchStateQuery, () => state);
  const publish = () => upsertMemo({ [batchStateMemoKey]: state });

  const lanes = Math.max(1, Math.min(parallelChunks, chunks, input.maxConcurrentRows));
  const concurrency = Math.max(1, Math.floor(input.maxConcurrentRows / lanes));
  const cancelling = () => CancellationScope.current().consideredCancelled;
  let next = 0;
  let failure: unknown;

  const lane = async () => {
    while (next < chunks && !cancelling() && failure === undefined) {
      const chunk = next++;
      state.runningChunks.push(chunk);
      try {
        const summary = await executeChild(castBatchChunk, {
          workflowId: chunkWorkflowId(batchId, chunk),
          args: [
            {
              batchId,
              chunk,
              ...chunkRange(chunk, chunkRows, total),
              concurrency,
              activity: input.activity,
              fresh: input.fresh,
            },
          ],
        });
        state.counts = addCounts(state.counts, summary);
        state.firstFailures = firstFailures(state.firstFailures, summary.firstFailures);
        state.chunksDone += 1;
      } catch (err) {
        if (!isCancellation(err)) failure ??= err;
      } finally {
        state.runningChunks = state.runningChunks.filter((c) => c !== chunk);
      }
      publish();
    }
  };

  // Every lane ends before the run does: a chunk still sealing must not be cut off by the
  // parent closing (children are terminated with their parent).
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure !== undefined) {
    const err = failure;
    const error = castErrorOf(err instanceof ChildWorkflowFailure ? err.cause : err, {
      lastOf: input.activity.maximumAttempts,
    });
    Object.assign(state, { phase: 'failed', error, finishedAt: new Date().toISOString() });
    publish();
    throw ApplicationFailure.create({
      type: 'BatchFailed',
      message: `A chunk of the batch failed: ${error.message}`,
      nonRetryable: true,
      cause: err instanceof Error ? err : undefined,
    });
  }
  state.finishedAt = new Date().toISOString();
  if (cancelling()) {
    state.phase = 'cancelled';
    publish();
    log.info('batch cancelled', { done: state.counts.succeeded + state.counts.failed, total });
    throw new CancelledFailure('The batch was cancelled; finished rows keep their results.');
  }
  state.phase = 'completed';
  publish();
  return state;
}

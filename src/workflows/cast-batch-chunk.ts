import {
  ActivityCancellationType,
  CancellationScope,
  isCancellation,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type * as activities from '../activities/index.js';
import { addCounts, noRows } from '../batch/progress.js';
import { firstFailures, shortError, type RowError, type RowStatus } from '../batch/row-result.js';
import {
  chunkProgressQuery,
  type ChunkInput,
  type ChunkProgress,
  type ChunkSummary,
  type UnrecordedFailure,
} from './batch-messages.js';
import { castErrorOf } from '../failure-info.js';

type Activities = ReturnType<typeof activities.createActivities>;

/**
 * One chunk of a batch: a planning step answers what the cache already knows, then each
 * remaining row is one `castBatchRow` activity, at most `concurrency` at a time, with the same
 * timeouts and retry policy as a single cast; finally the chunk's results are sealed. Cancelled,
 * it stops starting rows, waits for the ones in flight, seals what finished and says so.
 */
export async function castBatchChunk(input: ChunkInput): Promise<ChunkSummary> {
  const { batchId, chunk, fresh, activity } = input;
  const progress: ChunkProgress = { ...noRows(), inFlight: 0, firstFailures: [] };
  setHandler(chunkProgressQuery, () => progress);

  const { castBatchRow } = proxyActivities<Activities>({
    startToCloseTimeout: activity.startToCloseTimeoutMs,
    heartbeatTimeout: activity.heartbeatTimeoutMs,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      maximumAttempts: activity.maximumAttempts,
      initialInterval: activity.initialIntervalMs,
      maximumInterval: activity.maximumIntervalMs,
      backoffCoefficient: activity.backoffCoefficient,
    },
  });
  // Store work: heartbeating like a row, so a dead worker's chunk moves on just as soon, and
  // retried patiently, since a store that is down for a while comes back.
  const { planBatchChunk, sealBatchChunk } = proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: activity.heartbeatTimeoutMs,
    retry: { maximumAttempts: 20, initialInterval: '1 second', maximumInterval: '1 minute' },
  });

  const unrecorded = new Map<string, UnrecordedFailure>();
  const fail = (row: number, error: RowError, recorded: boolean) => {
    progress.failed += 1;
    progress.firstFailures = firstFailures(progress.firstFailures, [{ row: row + 1, ...error }]);
    if (recorded) return;
    const key = `${error.type}\u0000${error.message}`;
    const group = unrecorded.get(key) ?? { error, rows: [] };
    group.rows.push(row);
    unrecorded.set(key, group);
  };
  const record = (row: number, status: RowStatus) => {
    if (status.outcome === 'failed') {
      fail(row, status.error ?? { type: 'CastFailed', message: 'The row failed.' }, true);
      return;
    }
    progress.succeeded += 1;
    if (status.outcome === 'cached') progress.cached += 1;
  };

  let cancelled = false;
  let duplicates: [number, number][] = [];
  const stopping = () => cancelled || CancellationScope.current().consideredCancelled;
  try {
    const plan = await planBatchChunk({ batchId, chunk, fresh });
    duplicates = plan.duplicates;
    Object.assign(progress, addCounts(progress, plan.counts));
    progress.firstFailures = firstFailures(progress.firstFailures, plan.firstFailures);

    let next = 0;
    const lane = async () => {
      while (next < plan.toCast.length && !stopping()) {
        const row = plan.toCast[next++]!;
        progress.inFlight += 1;
        try {
          record(
            row,
            await castBatchRow({ batchId, row, fresh, maxAttempts: activity.maximumAttempts }),
          );
        } catch (err) {
          if (isCancellation(err)) {
            cancelled = true;
            return;
          }
          const { type, message } = castErrorOf(err, { lastOf: activity.maximumAttempts });
          fail(row, shortError({ type, message }), false);
        } finally {
          progress.inFlight -= 1;
        }
      }
    };
    const lanes = Math.max(1, Math.min(input.concurrency, plan.toCast.length));
    await Promise.all(Array.from({ length: lanes }, lane));
  } catch (err) {
    if (!isCancellation(err)) throw err;
    cancelled = true;
  }

  // Finished rows are kept whatever happened, so sealing cannot be cancelled.
  const copied = await CancellationScope.nonCancellable(() =>
    sealBatchChunk({ batchId, chunk, failures: [...unrecorded.values()], duplicates }),
  );
  Object.assign(progress, addCounts(progress, copied));
  const { inFlight: _inFlight, ...counts } = progress;
  return { ...counts, cancelled: cancelled || CancellationScope.current().consideredCancelled };
}

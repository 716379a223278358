import { ApplicationFailure, Context } from '@temporalio/activity';
import { castKey } from '../cast/cast-key.js';
import type { CastErrorInfo } from '../cast/errors.js';
import type { CastOutcome, CastRequest } from '../cast/types.js';
import { chunkRange } from '../batch/chunks.js';
import type { BatchManifest } from '../batch/manifest.js';
import { noRows } from '../batch/progress.js';
import {
  emptyRowError,
  firstFailures,
  isEmptyText,
  shortError,
  type BatchRowResult,
  type RowFailure,
  type RowStatus,
} from '../batch/row-result.js';
import type { StoredRow } from '../batch/rows.js';
import type { BatchStore } from '../store/batch-store.js';
import { mapLimit } from '../store/map-limit.js';
import type { ChunkPlan, ChunkRef, RowRef, SealRef } from '../workflows/batch-messages.js';

export interface BatchActivityDeps {
  store: BatchStore | undefined;
  /** The single cast's activity: the same prompt, validation, re-asks and error classification. */
  castWithModel: (request: CastRequest) => Promise<CastOutcome>;
}

/** Cache look-ups in flight at once while a chunk is planned. */
const planParallelism = 16;

/**
 * The activities of a batch. Each takes references (batch id, row or chunk number), reads what
 * it needs from the store, writes what it produced to the store and returns a small status.
 */
export function createBatchActivities({ store, castWithModel }: BatchActivityDeps) {
  const open = async (batchId: string) => {
    if (!store) {
      throw ApplicationFailure.nonRetryable(
        'This worker has no batch store configured.',
        'BatchStoreNotConfigured',
      );
    }
    const manifest = await store.readManifest(batchId);
    if (!manifest) {
      throw ApplicationFailure.nonRetryable(
        `The batch ${batchId} is not in the store at ${store.location}. Do the web app and the workers share the same BATCH_STORE_DIR or BATCH_S3_BUCKET?`,
        'BatchNotFound',
      );
    }
    return { store, manifest };
  };

  return {
    /**
     * Answers what needs no model: empty rows fail, rows whose cast is in the result cache are
     * copied from it, and a row with the same cast as an earlier row of the chunk waits for
     * that row's answer. Returns the rows left to cast.
     */
    planBatchChunk: heartbeating(
      async ({ batchId, chunk, fresh }: ChunkRef): Promise<ChunkPlan> => {
        const { store, manifest } = await open(batchId);
        const rows = await store.readRows(manifest, chunk);
        const { start } = chunkRange(chunk, manifest.chunkRows, manifest.total);
        const counts = noRows();
        let failures: RowFailure[] = [];
        const duplicates: [number, number][] = [];
        const firstByKey = new Map<string, number>();
        const unique: { row: number; key: string }[] = [];
        for (const [i, stored] of rows.entries()) {
          const row = start + i;
          if (isEmptyText(stored.text)) {
            const error = emptyRowError();
            await store.putRowResult(manifest, { row, error });
            counts.failed += 1;
            failures = firstFailures(failures, [{ row: row + 1, ...error }]);
            continue;
          }
          const key = castKey(rowRequest(manifest, stored));
          const first = firstByKey.get(key);
          if (first !== undefined) {
            duplicates.push([row, first]);
            continue;
          }
          firstByKey.set(key, row);
          unique.push({ row, key });
        }
        const toCast: number[] = [];
        await mapLimit(unique, planParallelism, async ({ row, key }) => {
          const hit = fresh ? undefined : await store.readCached(key);
          if (!hit) {
            toCast.push(row);
            return;
          }
          await store.putRowResult(manifest, { row, value: hit.value, cached: true });
          counts.succeeded += 1;
          counts.cached += 1;
        });
        Context.current().log.info('Batch chunk planned', {
          batchId,
          chunk,
          cached: counts.cached,
          duplicates: duplicates.length,
          toCast: toCast.length,
        });
        return {
          counts,
          firstFailures: failures,
          toCast: toCast.sort((a, b) => a - b),
          duplicates,
        };
      },
    ),

    /**
     * Casts one row exactly as a single cast is cast (castWithModel, in this activity's
     * context: heartbeats, cancellation, retries), unless another batch cached it meanwhile.
     * A failure is recorded when it is final: not retryable, or on the last attempt.
     */
    async castBatchRow({ batchId, row, fresh, maxAttempts }: RowRef): Promise<RowStatus> {
      const { store, manifest } = await open(batchId);
      const rows = await store.readRows(manifest, Math.floor(row / manifest.chunkRows));
      const stored = rows[row % manifest.chunkRows];
      if (!stored)
        throw ApplicationFailure.nonRetryable(
          `Row ${row + 1} is not in batch ${batchId}.`,
          'BatchNotFound',
        );
      const request = rowRequest(manifest, stored);
      const key = castKey(request);
      if (!fresh) {
        const hit = await store.readCached(key);
        if (hit) {
          await store.putRowResult(manifest, { row, value: hit.value, cached: true });
          return { outcome: 'cached' };
        }
      }
      let outcome: CastOutcome;
      try {
        outcome = await castWithModel(request);
      } catch (err) {
        const final =
          err instanceof ApplicationFailure &&
          (err.nonRetryable || Context.current().info.attempt >= maxAttempts);
        if (!final) throw err;
        const error = shortError(rowError(err));
        await store.putRowResult(manifest, { row, error });
        return { outcome: 'failed', error };
      }
      // The cache first: a result without its cache entry would be asked again by a retry.
      await store.putCached(key, { value: outcome.value });
      await store.putRowResult(manifest, { row, value: outcome.value });
      return { outcome: 'succeeded' };
    },

    /** Writes the chunk's unrecorded failures and gathers its results into one object. */
    /**
     * Writes the chunk's unrecorded failures, gives each duplicate row the outcome of the row
     * it waited for, and gathers the chunk's results into one object. Returns what the
     * duplicates added.
     */
    sealBatchChunk: heartbeating(
      async ({ batchId, chunk, failures, duplicates }: SealRef): Promise<ChunkPlan['counts']> => {
        const { store, manifest } = await open(batchId);
        const missing: BatchRowResult[] = failures.flatMap(({ error, rows }) =>
          rows.map((row) => ({ row, error })),
        );
        const counts = noRows();
        if (duplicates.length > 0) {
          const results = new Map(
            [...(await store.readChunkResults(manifest, chunk)), ...missing].map((r) => [r.row, r]),
          );
          for (const [row, first] of duplicates) {
            const source = results.get(first);
            // The first row never ran (the batch was cancelled): neither did this one.
            if (!source || results.has(row)) continue;
            if (source.error) {
              missing.push({ row, error: source.error });
              counts.failed += 1;
            } else {
              missing.push({ row, value: source.value, cached: true });
              counts.succeeded += 1;
              counts.cached += 1;
            }
          }
        }
        await store.sealChunk(manifest, chunk, missing);
        return counts;
      },
    ),
  };
}

/**
 * Runs a chunk-wide activity while heartbeating, so a worker that dies during it is noticed
 * after the heartbeat timeout rather than the (long) start-to-close timeout.
 */
function heartbeating<A, R>(fn: (input: A) => Promise<R>): (input: A) => Promise<R> {
  return async (input) => {
    const context = Context.current();
    const every = Math.max(100, Math.floor((context.info.heartbeatTimeoutMs ?? 15_000) / 3));
    const timer = setInterval(() => context.heartbeat(), every);
    try {
      return await fn(input);
    } finally {
      clearInterval(timer);
    }
  };
}

/** A row's cast: the batch's target, instructions and model with the row's text. */
function rowRequest(manifest: BatchManifest, stored: StoredRow): CastRequest {
  const { target, instructions, model } = manifest.request;
  return { text: stored.text, target, model, ...(instructions ? { instructions } : {}) };
}

function rowError(err: ApplicationFailure): { type: string; message: string } {
  const detail = err.details?.[0] as Partial<CastErrorInfo> | undefined;
  return { type: err.type ?? detail?.type ?? 'CastFailed', message: err.message };
}

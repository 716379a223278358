import { defineQuery } from '@temporalio/workflow';
import type { RowCounts } from '../batch/progress.js';
import type { RowError, RowFailure } from '../batch/row-result.js';
import type { CastActivityOptions } from '../shared.js';

export const batchWorkflowType = 'castBatch';
export const chunkWorkflowType = 'castBatchChunk';

/** The whole input of a batch run: references and settings, never rows. */
export interface BatchInput {
  batchId: string;
  total: number;
  chunkRows: number;
  maxConcurrentRows: number;
  activity: CastActivityOptions;
  fresh: boolean;
}

export interface ChunkInput {
  batchId: string;
  chunk: number;
  /** Rows [start, end) of the batch, counted from 0. */
  start: number;
  end: number;
  /** Row activities in flight at once in this chunk. */
  concurrency: number;
  activity: CastActivityOptions;
  fresh: boolean;
}

/** A row's activity input: which row, never its text. */
export interface RowRef {
  batchId: string;
  row: number;
  fresh: boolean;
  /** The retry policy's attempts, so the activity knows when its failure is final. */
  maxAttempts: number;
}

export interface ChunkRef {
  batchId: string;
  chunk: number;
  fresh: boolean;
}

/** What the chunk's planning step found: rows answered from the cache or failed, rows to cast. */
export interface ChunkPlan {
  counts: RowCounts;
  firstFailures: RowFailure[];
  toCast: number[];
  /** [row, earlier row with the same cast]: the row takes that row's outcome when sealed. */
  duplicates: [number, number][];
}

export interface SealRef {
  batchId: string;
  chunk: number;
  failures: UnrecordedFailure[];
  duplicates: [number, number][];
}

/** Rows whose activity failed for good without recording it (a timeout on the last attempt). */
export interface UnrecordedFailure {
  error: RowError;
  rows: number[];
}

export interface ChunkProgress extends RowCounts {
  inFlight: number;
  firstFailures: RowFailure[];
}

export interface ChunkSummary extends RowCounts {
  firstFailures: RowFailure[];
  /** The chunk stopped early because the batch was cancelled. */
  cancelled: boolean;
}

export type BatchPhase = 'running' | 'completed' | 'cancelled' | 'failed';

/** The batch workflow's own state: counts of finished chunks and which chunks are running. */
export interface BatchState {
  phase: BatchPhase;
  total: number;
  chunks: number;
  chunksDone: number;
  /** Rows of finished chunks; running chunks answer for their own. */
  counts: RowCounts;
  runningChunks: number[];
  firstFailures: RowFailure[];
  startedAt: string;
  finishedAt?: string;
  error?: RowError;
}

export const batchStateQuery = defineQuery<BatchState>('batchState');
export const chunkProgressQuery = defineQuery<ChunkProgress>('chunkProgress');

/** Memo keys of a batch run: what it was asked (set at start), and its state as of the last chunk. */
export const batchSummaryMemoKey = 'batch';
export const batchStateMemoKey = 'state';

/** Chunks run at once; each gets its share of the batch's concurrency. */
export const parallelChunks = 2;

export function chunkWorkflowId(batchId: string, chunk: number): string {
  return `${batchId}-chunk-${String(chunk).padStart(6, '0')}`;
}

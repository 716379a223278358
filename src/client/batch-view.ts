import type { ProgressFigures } from '../batch/progress.js';
import type { RowError, RowFailure } from '../batch/row-result.js';
import type { InputFormat } from '../batch/rows.js';

/** What a batch was asked, as kept in its run's memo (small: no rows, no schema). */
export interface BatchSummary {
  total: number;
  target: string;
  model: string;
  format: InputFormat;
  column?: string;
  filename?: string;
  instructions?: string;
  fresh: boolean;
  retryOf?: string;
  createdAt: string;
}

/** How a batch run stands: the workflow's phases plus how Temporal may close a run. */
export type BatchStatus =
  | 'running'
  | 'completed'
  | 'cancelled'
  | 'failed'
  | 'terminated'
  | 'timed-out';

/** What a person or program sees of one batch. */
export interface BatchView {
  id: string;
  runId: string;
  status: BatchStatus;
  /** True once the run is closed: polling stops. */
  done: boolean;
  progress: ProgressFigures;
  /** The first failed rows (by row number, from 1) with their reasons. */
  firstFailures: RowFailure[];
  startedAt: string;
  finishedAt?: string;
  summary: BatchSummary;
  /** Why the run itself failed (not a row: the batch). */
  error?: RowError;
  /** Changes whenever anything above changes; a reader waits for a different one. */
  version: string;
}

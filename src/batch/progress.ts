/** Counts of a batch's rows by outcome; `succeeded` includes the `cached` ones. */
export interface RowCounts {
  succeeded: number;
  cached: number;
  failed: number;
}

export const noRows = (): RowCounts => ({ succeeded: 0, cached: 0, failed: 0 });

export function addCounts(a: RowCounts, b: RowCounts): RowCounts {
  return {
    succeeded: a.succeeded + b.succeeded,
    cached: a.cached + b.cached,
    failed: a.failed + b.failed,
  };
}

export interface ProgressFigures {
  total: number;
  /** Rows with a final outcome: succeeded or failed. */
  done: number;
  succeeded: number;
  cached: number;
  failed: number;
  inFlight: number;
  /** Rows not yet done (in flight or waiting). */
  remaining: number;
  /** Rows done per second since the batch started. */
  rowsPerSecond: number;
  /** Seconds until every row is done at that rate; absent until there is a rate. */
  etaSeconds?: number;
}

/** Rate and ETA from the counts and the elapsed time; pure so readers and tests agree. */
export function progressFigures(
  total: number,
  counts: RowCounts,
  inFlight: number,
  elapsedMs: number,
  running: boolean,
): ProgressFigures {
  const done = counts.succeeded + counts.failed;
  const remaining = Math.max(0, total - done);
  const rowsPerSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  return {
    total,
    done,
    ...counts,
    inFlight: running ? inFlight : 0,
    remaining,
    rowsPerSecond: Math.round(rowsPerSecond * 10) / 10,
    ...(running && rowsPerSecond > 0 ? { etaSeconds: Math.ceil(remaining / rowsPerSecond) } : {}),
  };
}

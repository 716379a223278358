/**
 * Rows are stored, cast and sealed in chunks of a fixed size: one chunk is one object of rows,
 * one child workflow and one sealed object of results. Pure, so workflows use it too.
 */
export function chunkCount(total: number, chunkRows: number): number {
  return Math.ceil(total / chunkRows);
}

/** Row indices [start, end) of a chunk; rows are numbered from 0 inside the system. */
export function chunkRange(
  chunk: number,
  chunkRows: number,
  total: number,
): { start: number; end: number } {
  const start = chunk * chunkRows;
  return { start, end: Math.min(total, start + chunkRows) };
}

export function chunkOf(row: number, chunkRows: number): number {
  return Math.floor(row / chunkRows);
}

/** How a set of durations spreads, in milliseconds. */
export interface Spread {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles: every figure is one of the measured values. */
export function spreadOf(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    p50: tenth(rank(50)),
    p95: tenth(rank(95)),
    p99: tenth(rank(99)),
    max: tenth(sorted.at(-1)!),
    mean: tenth(total / sorted.length),
  };
}

/** A tenth of a millisecond is finer than anything measured here. */
export const tenth = (ms: number) => Math.round(ms * 10) / 10;

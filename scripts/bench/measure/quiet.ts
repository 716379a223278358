import { setTimeout as sleep } from 'node:timers/promises';
import { readStat } from './proc.js';
import type { WatchedProcess } from './usage.js';

export interface QuietOptions {
  /** How often CPU is read; a process is quiet when it spent under `busyShare` of this. */
  sampleMs?: number;
  busyShare?: number;
  /** Give up waiting after this long (the next scenario then runs anyway). */
  maxMs?: number;
  signal?: AbortSignal;
}

export interface QuietResult {
  waitedMs: number;
  /** False when `maxMs` passed with a process still busy. */
  quiet: boolean;
}

/**
 * Waits until every process is quiet (under `busyShare` of one core over a sample) two samples
 * in a row, or `maxMs` has passed: after a load the dev server still writes visibility records
 * and the workers wind down.
 */
export async function waitForQuiet(
  processes: readonly WatchedProcess[],
  { sampleMs = 1_000, busyShare = 0.05, maxMs = 120_000, signal }: QuietOptions = {},
): Promise<QuietResult> {
  const started = performance.now();
  const cpu = () => processes.map((p) => readStat(p.pid)?.cpuMs ?? 0);
  let last = cpu();
  let quietSamples = 0;
  while (performance.now() - started < maxMs && !signal?.aborted) {
    // Aborted: the loop ends at once.
    await sleep(sampleMs, undefined, { signal }).catch(() => undefined);
    const now = cpu();
    const busiest = Math.max(...now.map((ms, i) => ms - (last[i] ?? 0)));
    last = now;
    quietSamples = busiest < sampleMs * busyShare ? quietSamples + 1 : 0;
    if (quietSamples >= 2) return { waitedMs: performance.now() - started, quiet: true };
  }
  return { waitedMs: performance.now() - started, quiet: false };
}

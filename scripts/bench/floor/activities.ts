import { setTimeout as sleep } from 'node:timers/promises';

/** Stands in for the model call: it only takes as long. */
export async function answerAfter(latencyMs: number): Promise<number> {
  if (latencyMs > 0) await sleep(latencyMs);
  return latencyMs;
}

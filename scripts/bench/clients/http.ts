import { setTimeout as sleep } from 'node:timers/promises';

/** Long enough for a server that holds a read open (a long poll) and answers late. */
const requestTimeoutMs = 120_000;

export interface Answer {
  status: number;
  text: string;
  /** From sending the request to the end of the body. */
  ms: number;
}

/** One HTTP request, timed to the last byte of the answer, as a client sees it. */
export async function send(url: string, init: RequestInit, signal: AbortSignal): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, {
    ...init,
    signal: AbortSignal.any([signal, AbortSignal.timeout(requestTimeoutMs)]),
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

/** The state reads a scenario's clients did: how long each took, and how many failed. */
export function readLog() {
  const latencies: number[] = [];
  let errors = 0;
  return {
    record(answer: Answer, ok: boolean): void {
      latencies.push(answer.ms);
      if (!ok) errors++;
    },
    latencies,
    errors: () => errors,
  };
}

export type ReadLog = ReturnType<typeof readLog>;

/** Waits, unless the run is stopping: then it throws the signal's AbortError. */
export const pause = (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal });

import type { Client } from '@temporalio/client';
import { awaitCast } from './await-cast.js';
import { castVersion, type CastView } from './cast-view.js';
import { readCast, type ReadOptions } from './read-cast.js';

export interface WaitForCastOptions extends ReadOptions {
  /** The version (castVersion) the reader already shows: answer as soon as it differs. */
  since: string;
  waitMs: number;
  /**
   * When the description is first read again for a change short of the close (queued to
   * casting, a retry's next attempt); each read after waits longer, up to `maxIntervalMs`.
   * The close itself is not polled for.
   */
  intervalMs?: number;
  maxIntervalMs?: number;
}

const defaultIntervalMs = 2_000;
const defaultMaxIntervalMs = 8_000;
/**
 * A cast that has not changed for a while is waiting on its model (or on a busy server),
 * which a read every 2 s only taxes further: under 200 clients those reads were most of a
 * cast's server calls. A change after a quiet spell is seen a few seconds later, the close
 * at once.
 */
const intervalGrowth = 1.6;

/**
 * A long poll for a card: the cast's view once it has moved on from `since` — at once if it
 * already has, the moment the run closes (the server's long poll for the close event, as
 * `result()` waits: nothing written, no worker), or when a description read after
 * `intervalMs`, then less and less often, shows another phase or attempt — else, after
 * `waitMs`, the view as it is.
 */
export async function waitForCast(
  client: Client,
  id: string,
  {
    since,
    waitMs,
    intervalMs = defaultIntervalMs,
    maxIntervalMs = defaultMaxIntervalMs,
    ...ref
  }: WaitForCastOptions,
): Promise<CastView> {
  const deadline = Date.now() + waitMs;
  const view = await readCast(client, id, ref);
  if (view.done || !view.runId || castVersion(view) !== since) return view;

  const stop = new AbortController();
  const run = { id, runId: view.runId, summary: view.summary };
  const changed = async (): Promise<CastView | undefined> => {
    let interval = intervalMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || !(await pause(Math.min(interval, left), stop.signal))) return undefined;
      interval = Math.min(interval * intervalGrowth, maxIntervalMs);
      // With the web's own short deadline: a server that stopped answering is then reported
      // (fail-fast.ts), and the card says so, rather than waiting out the whole bound.
      const next = await readCast(client, id, { ...ref, runId: view.runId });
      if (next.done || castVersion(next) !== since) return next;
    }
  };
  try {
    const first = await firstDefined([awaitCast(client, run, waitMs, stop.signal), changed()]);
    // Nothing moved: the same view, which the card renders with its elapsed time as of now.
    return first ?? view;
  } finally {
    stop.abort();
  }
}

/** Resolves true after `ms`, or false at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const stopped = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stopped);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', stopped, { once: true });
  });
}

/** The first of the tasks to answer something; undefined once all answered nothing. */
function firstDefined<T>(tasks: Promise<T | undefined>[]): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    let left = tasks.length;
    for (const task of tasks) {
      task.then((value) => {
        if (value !== undefined) resolve(value);
        else if (--left === 0) resolve(undefined);
      }, reject);
    }
  });
}

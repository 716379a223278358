import type { BatchView } from '../client/batch-view.js';
import { waitForBatch } from '../client/read-batch.js';
import type { BatchScope } from '../client/find-batch.js';
import { say, type CliIo } from './cli-io.js';
import type { ProgressDisplay } from './progress-display.js';

export type Followed =
  | { outcome: 'done'; view: BatchView }
  | { outcome: 'detached' }
  | { outcome: 'not-found' };

/** Each wait ends by this long even with no news; the same bound the page's card uses. */
const waitMs = 20_000;
/** Reads that may fail in a row (Temporal restarting, a network blip) before giving up. */
const maxFailedReads = 5;

/**
 * Follows a batch until it is done, showing each change as it comes (the server-side wait of
 * the API: one read per change, none in between), or until Ctrl-C detaches.
 */
export async function followBatch(
  scope: BatchScope,
  id: string,
  io: CliIo,
  display: ProgressDisplay,
): Promise<Followed> {
  const interrupted = io.interrupted.then(() => 'interrupted' as const);
  let since: string | undefined;
  let failures = 0;
  try {
    for (;;) {
      const read = waitForBatch(scope, id, { waitMs, ...(since ? { since } : {}) }).then(
        (view) => ({ view }),
        (err: unknown) => ({ err }),
      );
      const next = await Promise.race([read, interrupted]);
      if (next === 'interrupted') return { outcome: 'detached' };
      if ('err' in next) {
        failures += 1;
        if (failures >= maxFailedReads) throw next.err;
        say(io, `Reading the batch failed (${String(next.err)}); trying again.`);
        await Promise.race([new Promise((resolve) => setTimeout(resolve, 2_000)), interrupted]);
        continue;
      }
      failures = 0;
      if (!next.view) return { outcome: 'not-found' };
      display.update(next.view);
      if (next.view.done) return { outcome: 'done', view: next.view };
      since = next.view.version;
    }
  } finally {
    display.stop();
  }
}

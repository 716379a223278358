import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { expect } from 'vitest';
import { startCast } from '../../src/client/start-cast.js';
import { fastActivity } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import { randomTaskQueue, temporalAddress } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';

const casts = 24;
const perSecond = 2;
/**
 * The most model calls any one second may see. The server lets a short burst through first
 * (four calls at this rate on the dev server: one per task-queue partition), then `perSecond`;
 * two more allow for a worker that sends its calls late and so bunches them. Without the limit
 * all 24 arrive within milliseconds; with a limit per worker instead of per queue, within one
 * second too. A slow machine only spreads the calls further apart, so this cannot flake from
 * slowness; how fast casts go under the limit is the bench's to measure, not this test's.
 */
const mostPerSecond = 4 + perSecond + 2;

/** The most of these times that fall in any window of `ms`. */
function mostInWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let last = 0, first = 0; last < sorted.length; last++) {
    while (sorted[first]! <= sorted[last]! - ms) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

it('MODEL_RATE_LIMIT_PER_SECOND holds across two worker processes on one task queue', async ({
  model,
  client,
}) => {
  const taskQueue = randomTaskQueue('rate');
  const tag = randomUUID();
  const env = {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.url,
    MODEL_RATE_LIMIT_PER_SECOND: String(perSecond),
    LOG_LEVEL: 'info',
  };
  model.respondWith(() => ({ answer: 1 }));
  const workers = [spawnEntry('src/worker.ts', env), spawnEntry('src/worker.ts', env)];
  try {
    // Each worker bundles the workflows from source before it polls.
    await Promise.all(workers.map((w) => waitForOutput(w, /worker started/, 120_000)));
    const started = await Promise.all(
      Array.from({ length: casts }, (_, n) =>
        startCast(
          { client, taskQueue, activity: fastActivity },
          {
            text: `cast ${n} of ${tag}`,
            target: { label: 'number', schema: { type: 'number' } },
            model: 'test-model',
          },
        ),
      ),
    );
    await Promise.all(started.map((s) => client.workflow.getHandle(s.id).result()));

    expect(model.requests).toHaveLength(casts);
    const arrivals = model.requests.map((r) => r.receivedAt);
    expect(
      mostInWindow(arrivals, 1_000),
      JSON.stringify(arrivals.map((t) => t - Math.min(...arrivals)).sort((a, b) => a - b)),
    ).toBeLessThanOrEqual(mostPerSecond);

    // Both workers made calls: the limit held for the queue, not for each worker alone.
    const ranBy = new Set<string>();
    for (const { id } of started) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      const start = history.events?.find((e) => e.activityTaskStartedEventAttributes);
      ranBy.add(start?.activityTaskStartedEventAttributes?.identity ?? '');
    }
    expect([...ranBy].sort()).toEqual(workers.map((w) => `${w.pid}@${hostname()}`).sort());
  } finally {
    await Promise.all(workers.map((w) => stopProcess(w)));
  }
}, 300_000);

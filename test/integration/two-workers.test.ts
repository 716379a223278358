import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { expect } from 'vitest';
import { readCast } from '../../src/client/read-cast.js';
import { startCast } from '../../src/client/start-cast.js';
import type { CastRequest } from '../../src/cast/types.js';
import { fastActivity } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import { castPromptOf, gate } from '../support/model-server.js';
import { randomTaskQueue, temporalAddress } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';

const casts = 40;
// Few slots per worker: one worker alone cannot hold all 40 activities at once, so while it is
// busy the other worker's pollers must take tasks — the queue, not luck, spreads the work.
const slotsPerWorker = 4;

/** Calls held open while the workers fill up must not time out on a slow machine. */
const heldActivity = { ...fastActivity, startToCloseTimeoutMs: 120_000 };

/** What the scripted model answers for cast number n: checkable per cast, not a constant. */
const expectedFor = (n: number) => [n, n * 10];

function requestFor(n: number, tag: string): CastRequest {
  return {
    text: `order ${n} of ${casts} in batch ${tag}`,
    target: { label: 'number[]', schema: { type: 'array', items: { type: 'number' } } },
    model: 'test-model',
  };
}

it('two worker processes on one task queue share 40 casts; each cast runs once with its own answer', async ({
  model,
  client,
}) => {
  const taskQueue = randomTaskQueue('two-workers');
  const tag = randomUUID();
  const env = {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.url,
    WORKER_MAX_CONCURRENT_ACTIVITIES: String(slotsPerWorker),
    // The worker's model client waits as long as the held activity may run.
    CAST_TIMEOUT_SECONDS: String(heldActivity.startToCloseTimeoutMs / 1000),
    LOG_LEVEL: 'warn',
  };
  // No answer until both workers hold every slot they have: one alone never holds more than
  // slotsPerWorker, so the model seeing twice that many open at once shows both took work.
  const everySlotBusy = gate();
  // The answer comes from the request's own text, so a mixed-up reply shows up as a wrong value.
  model.respondWith((body) => {
    // The last user message is the cast; earlier ones are the prompt's worked examples.
    const user = castPromptOf(body);
    const n = /order (\d+) of \d+ in batch/.exec(user)?.[1];
    if (!n) return { status: 400, body: { error: { message: `unexpected prompt: ${user}` } } };
    return { after: everySlotBusy.opened, then: { answer: expectedFor(Number(n)) } };
  });

  // LOG_LEVEL=warn hides "worker started"; wait for it at info instead, then stay quiet.
  const workers = [
    spawnEntry('src/worker.ts', { ...env, LOG_LEVEL: 'info' }),
    spawnEntry('src/worker.ts', { ...env, LOG_LEVEL: 'info' }),
  ];
  try {
    await Promise.all(workers.map((w) => waitForOutput(w, /worker started/, 120_000)));

    const numbers = Array.from({ length: casts }, (_, i) => i + 1);
    const started = await Promise.all(
      numbers.map((n) =>
        startCast({ client, taskQueue, activity: heldActivity }, requestFor(n, tag)),
      ),
    );
    expect(started.map((s) => s.outcome)).toEqual(numbers.map(() => 'new'));
    expect(new Set(started.map((s) => s.id)).size).toBe(casts);
    const open = await model.waitForRequests(2 * slotsPerWorker, 120_000);
    expect(open.filter((r) => r.aborted || r.answeredAt !== undefined)).toEqual([]);
    everySlotBusy.open();

    await Promise.all(started.map((s) => client.workflow.getHandle(s.id).result()));

    const views = await Promise.all(started.map((s) => readCast(client, s.id)));
    views.forEach((view, i) => {
      expect(view, `cast ${i + 1}`).toMatchObject({
        phase: 'completed',
        result: expectedFor(i + 1),
        attempt: 1,
      });
    });

    const histories = await Promise.all(
      started.map((s) => client.workflow.getHandle(s.id).fetchHistory()),
    );
    const ranBy = new Map<string, number>();
    for (const history of histories) {
      const events = history.events ?? [];
      const starts = events.filter((e) => e.activityTaskStartedEventAttributes);
      const completions = events.filter((e) => e.activityTaskCompletedEventAttributes);
      expect(starts).toHaveLength(1);
      expect(completions).toHaveLength(1);
      expect(starts[0]?.activityTaskStartedEventAttributes?.attempt).toBe(1);
      const identity = starts[0]?.activityTaskStartedEventAttributes?.identity ?? '';
      ranBy.set(identity, (ranBy.get(identity) ?? 0) + 1);
    }
    // The SDK's default identity is pid@host: the activities ran in exactly our two processes.
    const identities = workers.map((w) => `${w.pid}@${hostname()}`);
    expect([...ranBy.keys()].sort()).toEqual([...identities].sort());

    // Nothing was asked twice: one model request per cast, each for a different cast.
    expect(model.requests).toHaveLength(casts);
    const asked = model.requests.map((r) => /order (\d+) of/.exec(castPromptOf(r.body))?.[1]);
    expect(new Set(asked).size).toBe(casts);
  } finally {
    await Promise.all(workers.map((w) => stopProcess(w)));
  }
  // Two workers bundling the workflows (each may take 120 s on a loaded machine), 40 casts.
}, 300_000);

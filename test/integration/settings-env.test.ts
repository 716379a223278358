import { randomUUID } from 'node:crypto';
import { tsToMs } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { expect } from 'vitest';
import { freePort } from '../../src/local/free-port.js';
import { castViewSchema } from '../../src/web/api-schemas.js';
import { castTest as it } from '../support/fixtures.js';
import { castPromptOf, gate, type Gate } from '../support/model-server.js';
import { randomTaskQueue, temporalAddress } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';

/**
 * Settings a person sets in the environment of the web and the worker, each unlike its default
 * and unlike the others, so a setting read from the wrong variable, dropped on the way or left
 * at its default shows as a wrong number in what Temporal records.
 */
const settings = {
  CAST_TIMEOUT_SECONDS: '47',
  CAST_HEARTBEAT_TIMEOUT_SECONDS: '13',
  CAST_MAX_ATTEMPTS: '3',
  CAST_RETRY_INITIAL_SECONDS: '0.25',
  CAST_RETRY_MAX_SECONDS: '0.5',
  CAST_RETRY_BACKOFF: '1.5',
  WORKER_MAX_CONCURRENT_ACTIVITIES: '2',
};
const slots = Number(settings.WORKER_MAX_CONCURRENT_ACTIVITIES);
/** More casts than slots, so some of them must wait for a slot. */
const heldCasts = slots + 3;

async function scheduledOf(client: Client, id: string) {
  const history = await client.workflow.getHandle(id).fetchHistory();
  return history.events?.find((e) => e.activityTaskScheduledEventAttributes)
    ?.activityTaskScheduledEventAttributes;
}

/** How many of the requests were open (arrived, not answered) when each one arrived: the most. */
function mostOpenAtOnce(requests: { receivedAt: number; answeredAt?: number }[]): number {
  return Math.max(
    ...requests.map(
      ({ receivedAt }) =>
        requests.filter(
          (other) =>
            other.receivedAt <= receivedAt &&
            (other.answeredAt === undefined || other.answeredAt > receivedAt),
        ).length,
    ),
  );
}

it('the CAST_* and WORKER_* settings in the environment of the web and the worker reach a real run', async ({
  model,
  client,
}) => {
  const tag = randomUUID();
  const port = await freePort();
  const env = {
    ...settings,
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: randomTaskQueue('settings'),
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.url,
    PORT: String(port),
    LOG_LEVEL: 'info',
  };
  // Each held cast's model call stays open until the test opens its gate.
  const gates: Gate[] = [];
  model.respondWith((body) => {
    if (castPromptOf(body).includes('fails every time')) return { status: 503 };
    const held = gate();
    gates.push(held);
    return { after: held.opened, then: { answer: 1 } };
  });
  const web = spawnEntry('src/web.ts', env);
  const worker = spawnEntry('src/worker.ts', env);
  const submit = async (data: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/casts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data, target: { type: 'number' } }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };
  const viewOf = async (id: string) =>
    castViewSchema.parse(await (await fetch(`http://127.0.0.1:${port}/api/casts/${id}`)).json());
  try {
    // The worker bundles the workflows from source before it polls.
    await Promise.all([
      waitForOutput(web, /"msg":"web started"/, 120_000),
      waitForOutput(worker, /worker started/, 120_000),
    ]);

    const ids = await Promise.all(
      Array.from({ length: heldCasts }, (_, n) => submit(`held cast ${n} of ${tag}`)),
    );
    // Every activity is on the queue and the worker holds as many as it has slots: the others
    // wait on the server while the worker polls no more.
    await model.waitForRequests(slots, 60_000);
    await expect
      .poll(async () =>
        (await Promise.all(ids.map((id) => scheduledOf(client, id)))).every(Boolean),
      )
      .toBe(true);

    // The web's settings are the run's activity options, as the server records them.
    const scheduled = await scheduledOf(client, ids[0]!);
    expect({
      startToCloseMs: tsToMs(scheduled?.startToCloseTimeout),
      heartbeatMs: tsToMs(scheduled?.heartbeatTimeout),
      maximumAttempts: scheduled?.retryPolicy?.maximumAttempts,
      initialIntervalMs: tsToMs(scheduled?.retryPolicy?.initialInterval),
      maximumIntervalMs: tsToMs(scheduled?.retryPolicy?.maximumInterval),
      backoffCoefficient: scheduled?.retryPolicy?.backoffCoefficient,
    }).toEqual({
      startToCloseMs: 47_000,
      heartbeatMs: 13_000,
      maximumAttempts: 3,
      initialIntervalMs: 250,
      maximumIntervalMs: 500,
      backoffCoefficient: 1.5,
    });

    // Answer the held calls one at a time: each answer frees one slot for one waiting cast.
    for (let n = 0; n < heldCasts; n++) {
      await model.waitForRequests(Math.min(n + slots, heldCasts), 60_000);
      gates[n]!.open();
    }
    for (const id of ids) {
      await expect.poll(async () => (await viewOf(id)).phase).toBe('completed');
    }
    expect(model.requests).toHaveLength(heldCasts);
    expect(mostOpenAtOnce(model.requests)).toBe(slots);

    // CAST_MAX_ATTEMPTS decides how often a retryable failure is tried before the run fails.
    const failing = await submit(`fails every time ${tag}`);
    await expect
      .poll(async () => (await viewOf(failing)).phase, { timeout: 60_000 })
      .toBe('failed');
    const view = await viewOf(failing);
    expect(view.error).toMatchObject({ type: 'ModelServerError', attempt: 3 });
    expect(
      model.requests.filter((r) => castPromptOf(r.body).includes('fails every time')),
    ).toHaveLength(3);
  } finally {
    gates.forEach((held) => held.open());
    await Promise.all([stopProcess(worker), stopProcess(web)]);
  }
}, 300_000);

import { expect } from 'vitest';
import { readCast } from '../../src/client/read-cast.js';
import { startCast } from '../../src/client/start-cast.js';
import { eventually, fastActivity, numberListRequest } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import { randomTaskQueue, temporalAddress } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';

it('a worker killed during a slow cast: a new worker retries the activity and the cast completes', async ({
  model,
  client,
}) => {
  const taskQueue = randomTaskQueue('crash');
  const env = {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.url,
    LOG_LEVEL: 'info',
  };
  // The first request never answers; the retried one does.
  model.script({ hang: true }, { answer: [1, 2, 3] });
  const before = model.requests.length;

  const first = spawnEntry('src/worker.ts', env);
  let second: ReturnType<typeof spawnEntry> | undefined;
  try {
    await waitForOutput(first, /worker started/);
    const started = await startCast(
      { client, taskQueue, activity: { ...fastActivity, heartbeatTimeoutMs: 2_000 } },
      numberListRequest(),
    );
    await eventually(
      async () => model.requests.length,
      (count) => count > before,
    );
    await stopProcess(first, 'SIGKILL');

    second = spawnEntry('src/worker.ts', env);
    await waitForOutput(second, /worker started/);
    const view = await eventually(
      () => readCast(client, started.id),
      (v) => v.done,
      { timeoutMs: 60_000 },
    );
    expect(view).toMatchObject({ phase: 'completed', result: [1, 2, 3] });
    expect(model.requests.length - before).toBe(2);
    expect(model.requests[before]?.aborted).toBe(true);

    const history = await client.workflow.getHandle(started.id).fetchHistory();
    const activityStarts =
      history.events?.filter((e) => e.activityTaskStartedEventAttributes) ?? [];
    expect(activityStarts).toHaveLength(1);
    expect(activityStarts[0]?.activityTaskStartedEventAttributes?.attempt).toBe(2);
  } finally {
    await stopProcess(first, 'SIGKILL');
    if (second) await stopProcess(second);
  }
});

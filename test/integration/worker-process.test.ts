import { describe, expect } from 'vitest';
import { readCast } from '../../src/client/read-cast.js';
import { startCast } from '../../src/client/start-cast.js';
import { freePort } from '../../src/local/free-port.js';
import { eventually, fastActivity, numberListRequest } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import type { ModelServer } from '../support/model-server.js';
import { randomTaskQueue, temporalAddress } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';

const workerEnv = (model: ModelServer, taskQueue: string, extra: Record<string, string> = {}) => ({
  TEMPORAL_ADDRESS: temporalAddress(),
  TEMPORAL_TASK_QUEUE: taskQueue,
  OPENAI_API_KEY: 'sk-secret-test-key',
  OPENAI_BASE_URL: model.url,
  LOG_LEVEL: 'info',
  ...extra,
});

const jsonLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the worker process', () => {
  it('stops at start-up on a bad setting, naming the variable', async ({ model }) => {
    const worker = spawnEntry(
      'src/worker.ts',
      workerEnv(model, 'unused', { CAST_MAX_REASKS: 'lots' }),
    );
    const code = await new Promise((resolve) => worker.once('exit', resolve));
    expect(code).toBe(1);
    expect(worker.output()).toContain('CAST_MAX_REASKS="lots"');
  });

  it('logs JSON lines with workflow and run ids, serves metrics, and drains on SIGTERM', async ({
    model,
    client,
  }) => {
    const taskQueue = randomTaskQueue('process');
    const metricsPort = await freePort();
    const worker = spawnEntry(
      'src/worker.ts',
      workerEnv(model, taskQueue, { WORKER_METRICS_PORT: String(metricsPort) }),
    );
    try {
      await waitForOutput(worker, /worker started/);
      const before = model.requests.length;
      model.script({ delayMs: 2_500, then: { answer: [1, 2] } });
      const started = await startCast(
        { client, taskQueue, activity: fastActivity },
        numberListRequest(),
      );
      await eventually(
        async () => model.requests.length,
        (count) => count > before,
      );

      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/^temporal_\w+/m);
      expect(metrics).toContain(`task_queue="${taskQueue}"`);

      // SIGTERM while the model call is in flight: the worker lets it finish, then exits.
      worker.kill('SIGTERM');
      const code = await new Promise((resolve) => worker.once('exit', resolve));
      expect(code).toBe(0);
      // The activity's result is recorded; the workflow's next step waits for any worker.
      const successor = spawnEntry('src/worker.ts', workerEnv(model, taskQueue));
      const view = await eventually(
        () => readCast(client, started.id),
        (v) => v.done,
      ).finally(() => stopProcess(successor));
      expect(view).toMatchObject({ phase: 'completed', result: [1, 2], attempt: 1 });
      expect(model.requests.length - before).toBe(1);

      const lines = jsonLines(worker.output());
      const aboutRun = lines.filter((line) => line.workflowId === started.id);
      expect(aboutRun.length).toBeGreaterThan(0);
      expect(
        aboutRun.every(
          (line) => typeof line.runId === 'string' || typeof line.workflowRunId === 'string',
        ),
      ).toBe(true);
      expect(lines.some((line) => line.msg === 'worker started')).toBe(true);
      expect(worker.output()).not.toContain('sk-secret-test-key');
    } finally {
      await stopProcess(worker, 'SIGKILL');
    }
  });
});

describe('the model rate limit', () => {
  it('spaces model calls across the task queue when MODEL_RATE_LIMIT_PER_SECOND is set', async ({
    model,
    client,
  }) => {
    const taskQueue = randomTaskQueue('rate');
    const worker = spawnEntry(
      'src/worker.ts',
      workerEnv(model, taskQueue, { MODEL_RATE_LIMIT_PER_SECOND: '2' }),
    );
    try {
      await waitForOutput(worker, /worker started/);
      const before = model.requests.length;
      model.respondWith(() => ({ answer: [1] }));
      const started = await Promise.all(
        Array.from({ length: 6 }, () =>
          startCast({ client, taskQueue, activity: fastActivity }, numberListRequest()),
        ),
      );
      for (const { id } of started) await client.workflow.getHandle(id).result();
      const times = model.requests.slice(before).map((request) => request.receivedAt);
      expect(times).toHaveLength(6);
      // Unlimited, six calls arrive within milliseconds; at 2 per second they need over 2 s.
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1_500);
    } finally {
      await stopProcess(worker);
    }
  });
});

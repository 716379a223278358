import { describe, expect } from 'vitest';
import { readCast } from '../../src/client/read-cast.js';
import { startCast } from '../../src/client/start-cast.js';
import { freePort } from '../../src/local/free-port.js';
import { eventually, fastActivity, numberListRequest } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import { gate } from '../support/model-server.js';
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

// Each worker started from source bundles the workflows first: allow each boot its own wait.
const twoWorkerBoots = 2 * 60_000 + 60_000;

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

  it(
    'logs JSON lines with workflow and run ids, serves metrics, and drains on SIGTERM',
    async ({ model, client }) => {
      const taskQueue = randomTaskQueue('process');
      const metricsPort = await freePort();
      const worker = spawnEntry(
        'src/worker.ts',
        workerEnv(model, taskQueue, { WORKER_METRICS_PORT: String(metricsPort) }),
      );
      try {
        await waitForOutput(worker, /worker started/);
        // The model answers only after the worker has taken the signal.
        const answer = gate();
        model.script({ after: answer.opened, then: { answer: [1, 2] } });
        const started = await startCast(
          { client, taskQueue, activity: fastActivity },
          numberListRequest(),
        );
        const [call] = await model.waitForRequests(1);

        const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        expect(metrics).toMatch(/^temporal_\w+/m);
        expect(metrics).toContain(`task_queue="${taskQueue}"`);

        // SIGTERM while the model call is in flight: the worker stops polling, lets the call
        // finish and report, then exits.
        worker.kill('SIGTERM');
        await waitForOutput(worker, /"state":"STOPPING"/);
        expect(call!.answeredAt).toBeUndefined();
        expect(call!.aborted).toBe(false);
        const signalled = Date.now();
        answer.open();
        const code = await new Promise((resolve) => worker.once('exit', resolve));
        expect(code).toBe(0);
        expect(call!.answeredAt).toBeGreaterThanOrEqual(signalled);
        expect(call!.aborted).toBe(false);
        // The activity's result is recorded; the workflow's next step waits for any worker.
        const successor = spawnEntry('src/worker.ts', workerEnv(model, taskQueue));
        const view = await eventually(
          () => readCast(client, started.id),
          (v) => v.done,
          { timeoutMs: 90_000 },
        ).finally(() => stopProcess(successor));
        expect(view).toMatchObject({ phase: 'completed', result: [1, 2] });
        expect(model.requests).toHaveLength(1);

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
    },
    twoWorkerBoots,
  );

  it(
    'when the shutdown grace time runs out, aborts the model call and hands the cast back',
    async ({ model, client }) => {
      const taskQueue = randomTaskQueue('grace');
      const env = workerEnv(model, taskQueue, { WORKER_SHUTDOWN_GRACE_SECONDS: '3' });
      const worker = spawnEntry('src/worker.ts', env);
      let successor: ReturnType<typeof spawnEntry> | undefined;
      try {
        await waitForOutput(worker, /worker started/);
        // The first call never answers; the attempt after it does. Attempt timeouts far beyond
        // the grace time, so only the worker's shutdown can end the first attempt.
        model.script({ hang: true }, { answer: [3] });
        const activity = {
          ...fastActivity,
          startToCloseTimeoutMs: 120_000,
          heartbeatTimeoutMs: 60_000,
        };
        const started = await startCast({ client, taskQueue, activity }, numberListRequest());
        const [call] = await model.waitForRequests(1);

        worker.kill('SIGTERM');
        const signalled = Date.now();
        const code = await new Promise((resolve) => worker.once('exit', resolve));
        expect(code).toBe(0);
        // The call was aborted once the grace time was up, not at the signal (a slow machine
        // only makes the abort later).
        const aborted = await model.waitForAbort(0);
        expect(aborted.abortedAt! - signalled).toBeGreaterThanOrEqual(2_000);
        // Not a timing claim: the default grace is 30 s, so 20 s tells the 3 s setting from it
        // with a wide margin.
        expect(aborted.abortedAt! - signalled).toBeLessThan(20_000);
        expect(call).toBe(aborted);

        successor = spawnEntry('src/worker.ts', workerEnv(model, taskQueue));
        const view = await eventually(
          () => readCast(client, started.id),
          (v) => v.done,
          { timeoutMs: 90_000 },
        );
        expect(view).toMatchObject({ phase: 'completed', result: [3] });
        expect(model.requests).toHaveLength(2);
        const history = await client.workflow.getHandle(started.id).fetchHistory();
        // The aborted attempt went back to the server as failed, and the next attempt ran.
        const starts = history.events?.filter((e) => e.activityTaskStartedEventAttributes) ?? [];
        expect(starts.map((e) => e.activityTaskStartedEventAttributes?.attempt)).toEqual([2]);
      } finally {
        await stopProcess(worker, 'SIGKILL');
        if (successor) await stopProcess(successor);
      }
    },
    twoWorkerBoots,
  );
});

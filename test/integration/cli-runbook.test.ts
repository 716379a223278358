import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { readCast } from '../../src/client/read-cast.js';
import { startCast } from '../../src/client/start-cast.js';
import type { CastRequest } from '../../src/cast/types.js';
import { historyFromFile, replayHistories } from '../../src/temporal/replay-histories.js';
import type { CastState } from '../../src/shared.js';
import { eventually, fastActivity, numberListRequest } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import { withModelWorker } from '../support/model-worker.js';
import { castPromptOf, type ModelServer, type ModelStep } from '../support/model-server.js';
import {
  randomTaskQueue,
  temporalAddress,
  temporalCli,
  workflowsPath,
} from '../support/temporal.js';
import { failureOf } from '../support/command-failure.js';
import { startCodecServer, type CodecServer } from '../support/codec-server.js';
import { testEncryptionKeys } from '../support/encryption.js';

// Every command of docs/operate.md, run with the real `temporal` CLI against the dev server.
// Casts are encrypted, so the CLI reads them through the app's codec endpoint, as an operator does.

const run = promisify(execFile);
const cli = temporalCli();
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

let codec: CodecServer;

/** `temporal <args> --address <dev server> --namespace default --codec-endpoint …`; resolves to stdout. */
async function temporal(...args: string[]): Promise<string> {
  const { stdout } = await run(
    cli,
    [
      ...args,
      '--address',
      temporalAddress(),
      '--namespace',
      'default',
      '--codec-endpoint',
      codec.endpoint,
      '--codec-auth',
      `Bearer ${codec.token}`,
    ],
    { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

async function temporalJson<T>(...args: string[]): Promise<T> {
  return JSON.parse(await temporal(...args, '--output', 'json')) as T;
}

/** The parts of `-o json` output the runbook points at. */
interface ListedRun {
  execution: { workflowId: string; runId: string };
  type: { name: string };
  status: string;
  taskQueue: string;
  memo?: { fields?: { state?: CastState } };
}

interface Description {
  workflowExecutionInfo: ListedRun & { execution: { runId: string } };
  pendingActivities?: {
    activityType: { name: string };
    attempt: number;
    maximumAttempts: number;
    lastFailure?: {
      message: string;
      encodedAttributes?: { message?: string };
      applicationFailureInfo?: { type?: string };
    };
  }[];
  closeEvent?: {
    eventType: string;
    workflowExecutionTerminatedEventAttributes?: { reason?: string };
    workflowExecutionFailedEventAttributes?: {
      failure?: { message: string; applicationFailureInfo?: { type?: string } };
    };
  };
}

interface HistoryJson {
  events: { eventType: string }[];
}

const describeRun = (id: string) =>
  temporalJson<Description>('workflow', 'describe', '--workflow-id', id);
const statusOf = async (id: string) => (await describeRun(id)).workflowExecutionInfo.status;
const memoState = (d: Description) => d.workflowExecutionInfo.memo?.fields?.state;
/** `-o json` leaves `count` out when it is zero (protobuf's default value). */
const count = async (query: string) =>
  Number(
    (await temporalJson<{ count?: string }>('workflow', 'count', '--query', query)).count ?? 0,
  );
const list = (query: string) => temporalJson<ListedRun[]>('workflow', 'list', '--query', query);

/** Model answers by cast text, so casts running side by side each get their own script. */
const routes = new Map<string, ModelStep[]>();

function route(request: CastRequest, ...steps: ModelStep[]): CastRequest {
  routes.set(request.text, steps);
  return request;
}

function routeByText(model: ModelServer): void {
  model.respondWith((body) => {
    const prompt = castPromptOf(body);
    for (const [text, steps] of routes) {
      // The last step repeats: every later attempt of that cast gets it too.
      if (prompt.includes(text)) return (steps.length > 1 ? steps.shift() : steps[0])!;
    }
    return { status: 400, body: { error: { message: 'cli-runbook: unrouted request' } } };
  });
}

async function withWorker<T>(
  env: TestWorkflowEnvironment,
  model: ModelServer,
  taskQueue: string,
  fn: () => Promise<T>,
) {
  routeByText(model);
  return withModelWorker(env, model, taskQueue, fn);
}

function start(client: Client, taskQueue: string, request: CastRequest) {
  return startCast({ client, taskQueue, activity: fastActivity }, request);
}

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'typecast-cli-runbook-'));
  codec = await startCodecServer();
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
  await codec?.close();
});

describe('the operator runbook (docs/operate.md) with the temporal CLI', () => {
  it('lists and counts casts, shows and exports a history that replays', async ({
    model,
    env,
    client,
  }) => {
    const taskQueue = randomTaskQueue('runbook-list');
    const ofQueue = `WorkflowType = 'castData' AND TaskQueue = '${taskQueue}'`;

    const { done, failed } = await withWorker(env, model, taskQueue, async () => {
      const casts = await Promise.all([
        start(client, taskQueue, route(numberListRequest(), { answer: [1, 2, 3] })),
        start(client, taskQueue, route(numberListRequest(), { answer: [4] })),
        start(client, taskQueue, route(numberListRequest(), { status: 401 })),
      ]);
      await Promise.allSettled(casts.map((c) => client.workflow.getHandle(c.id).result()));
      return { done: casts.slice(0, 2), failed: casts[2]! };
    });

    // Visibility is eventually consistent: the list catches up with the runs.
    const listed = await eventually(
      () => list(ofQueue),
      (runs) => runs.filter((r) => r.status !== 'WORKFLOW_EXECUTION_STATUS_RUNNING').length === 3,
    );
    expect(listed.map((r) => r.execution.workflowId).sort()).toEqual(
      [...done, failed].map((c) => c.id).sort(),
    );
    expect(listed.every((r) => r.type.name === 'castData' && r.taskQueue === taskQueue)).toBe(true);
    // The memo carries the state, so a list shows each cast's phase without a worker.
    const failedRun = listed.find((r) => r.execution.workflowId === failed.id);
    expect(failedRun?.memo?.fields?.state).toMatchObject({
      phase: 'failed',
      error: { type: 'BadCredentials' },
    });

    const table = await temporal('workflow', 'list', '--query', ofQueue);
    expect(table).toMatch(/Status\s+WorkflowId\s+Type\s+StartTime/);
    expect(table).toMatch(new RegExp(`Failed\\s+${failed.id}\\s+castData`));

    const failedOnly = await list(`${ofQueue} AND ExecutionStatus = 'Failed'`);
    expect(failedOnly.map((r) => r.execution.workflowId)).toEqual([failed.id]);

    expect(await count(ofQueue)).toBe(3);
    expect(await count(`${ofQueue} AND ExecutionStatus = 'Completed'`)).toBe(2);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(await count(`${ofQueue} AND StartTime < '${later}'`)).toBe(3);
    expect(await count(`${ofQueue} AND StartTime > '${later}'`)).toBe(0);
    const earlier = new Date(Date.now() - 10 * 60_000).toISOString();
    expect(await count(`${ofQueue} AND CloseTime BETWEEN '${earlier}' AND '${later}'`)).toBe(3);
    expect(
      await temporal('workflow', 'count', '--query', `${ofQueue} GROUP BY ExecutionStatus`),
    ).toMatch(/Total: 3\nGroup total: 2, values: Completed\nGroup total: 1, values: Failed/);
    expect(await temporal('workflow', 'count', '--query', ofQueue)).toMatch(/Total: 3/);
    const grouped = await temporalJson<{ groups: { groupValues: string[]; count: string }[] }>(
      'workflow',
      'count',
      '--query',
      `${ofQueue} GROUP BY ExecutionStatus`,
    );
    expect(
      Object.fromEntries(grouped.groups.map((g) => [g.groupValues[0], Number(g.count)])),
    ).toEqual({ Completed: 2, Failed: 1 });

    const shown = await temporal('workflow', 'show', '--workflow-id', done[0]!.id);
    expect(shown).toMatch(/WorkflowExecutionCompleted/);
    expect(shown).toMatch(/Status\s+COMPLETED/);
    expect(shown).toContain('"result":[1,2,3]');

    // Export as JSON, exactly as the runbook writes it to history.json.
    const historyFile = join(workDir, 'history.json');
    await writeFile(
      historyFile,
      await temporal('workflow', 'show', '--workflow-id', done[0]!.id, '--output', 'json'),
    );
    const source = await historyFromFile(historyFile);
    const events = (source.history as HistoryJson).events;
    expect(events[0]?.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(events.at(-1)?.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    expect(await replayHistories({ workflowsPath }, [source])).toEqual([
      { name: 'history.json', compatible: true },
    ]);

    // `npm run replay` with the exported file and with a history fetched from the server.
    const replayed = await run(
      'npm',
      ['run', '--silent', 'replay', '--', historyFile, '--workflow-id', failed.id],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: temporalAddress(),
          TYPECAST_ENCRYPTION_KEYS: testEncryptionKeys,
        },
      },
    );
    expect(replayed.stdout).toMatch(/compatible\s+history\.json/);
    expect(replayed.stdout).toMatch(new RegExp(`compatible\\s+${failed.id}`));
    expect(replayed.stdout).toMatch(/All 2 histories replay/);
  });

  it('describes a retrying cast, queries its state, and cancels it', async ({
    model,
    env,
    client,
  }) => {
    const taskQueue = randomTaskQueue('runbook-describe');
    const request = route(numberListRequest(), { status: 500 }, { hang: true });

    await withWorker(env, model, taskQueue, async () => {
      const { id } = await start(client, taskQueue, request);

      // Attempt 1 failed with a 500; attempt 2 hangs in the model call.
      await model.waitForRequests(2);
      const retrying = await describeRun(id);
      expect(retrying.workflowExecutionInfo.status).toBe('WORKFLOW_EXECUTION_STATUS_RUNNING');
      expect(retrying.pendingActivities?.[0]).toMatchObject({
        activityType: { name: 'castWithModel' },
        attempt: 2,
        maximumAttempts: fastActivity.maximumAttempts,
        lastFailure: { applicationFailureInfo: { type: 'ModelServerError' } },
      });
      // Failure texts travel encoded (and encrypted): through the codec, the CLI shows them
      // under encodedAttributes, while the message field only says so.
      const lastFailure = retrying.pendingActivities?.[0]?.lastFailure;
      expect(lastFailure?.message).toBe('Encoded failure');
      expect(lastFailure?.encodedAttributes?.message).toMatch(/HTTP 500/);
      // The memo stays as the start wrote it: the pending activity is the live phase.
      expect(memoState(retrying)).toMatchObject({ phase: 'queued', target: 'number[]' });

      const text = await temporal('workflow', 'describe', '--workflow-id', id);
      expect(text).toMatch(/Pending Activities: 1/);
      expect(text).toMatch(/Type\s+castWithModel/);
      expect(text).toMatch(/Attempt\s+2/);
      expect(text).toMatch(/LastFailure\s+.*ModelServerError/);

      // What the runbook says of the query while Temporal retries the model call: the workflow
      // answers what it knows — `casting`, from the attempt it started — and describe (or the
      // app's API, which merges both) is where the live attempt and the last failure are read.
      const queried = await temporalJson<{ queryResult: CastState[] }>(
        'workflow',
        'query',
        '--workflow-id',
        id,
        '--name',
        'state',
      );
      expect(queried.queryResult).toHaveLength(1);
      expect(queried.queryResult[0]).toMatchObject({
        phase: 'casting',
        attempt: 1,
        model: 'test-model',
        target: 'number[]',
      });
      expect(queried.queryResult[0]).not.toHaveProperty('lastError');
      expect(await readCast(client, id)).toMatchObject({
        phase: 'retrying',
        attempt: 2,
        retry: { maximumAttempts: fastActivity.maximumAttempts },
        lastError: { type: 'ModelServerError' },
      });
      const queriedText = await temporal(
        'workflow',
        'query',
        '--workflow-id',
        id,
        '--name',
        'state',
      );
      expect(queriedText).toMatch(/QueryResult\s+\{.*"phase":"casting"/);

      expect(await temporal('workflow', 'cancel', '--workflow-id', id)).toMatch(/Canceled/i);
      const cancelled = await eventually(
        () => describeRun(id),
        (d) => d.workflowExecutionInfo.status !== 'WORKFLOW_EXECUTION_STATUS_RUNNING',
      );
      expect(cancelled.workflowExecutionInfo.status).toBe('WORKFLOW_EXECUTION_STATUS_CANCELED');
      expect(cancelled.closeEvent?.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED');
      expect(memoState(cancelled)?.phase).toBe('cancelled');
    });
  });

  it('without a worker, a query times out while describe shows the state; terminate ends it', async ({
    client,
  }) => {
    // No worker polls this queue: the cast stays queued.
    const taskQueue = randomTaskQueue('runbook-noworker');
    const { id } = await start(client, taskQueue, numberListRequest());

    const began = Date.now();
    const timedOut = await failureOf(
      temporal(
        'workflow',
        'query',
        '--workflow-id',
        id,
        '--name',
        'state',
        '--command-timeout',
        '2s',
      ),
    );
    expect(timedOut?.code).toBe(1);
    // The command gave up (its deadline), not the CLI's flag parsing.
    expect(timedOut?.stderr).toMatch(/querying workflow failed|program interrupted/);
    // Not a timing claim: without the flag the query waits 30 s, so 15 s tells that the flag
    // cut it short from a wait for the server's own deadline, with a wide margin.
    expect(Date.now() - began).toBeLessThan(15_000);
    expect(memoState(await describeRun(id))).toMatchObject({ phase: 'queued', attempt: 0 });

    const reason = 'runbook: stuck cast, no worker for its queue';
    expect(
      await temporal('workflow', 'terminate', '--workflow-id', id, '--reason', reason),
    ).toMatch(/terminated/i);
    const terminated = await describeRun(id);
    expect(terminated.workflowExecutionInfo.status).toBe('WORKFLOW_EXECUTION_STATUS_TERMINATED');
    expect(terminated.closeEvent).toMatchObject({
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED',
      workflowExecutionTerminatedEventAttributes: { reason },
    });
    expect(await temporal('workflow', 'show', '--workflow-id', id)).toMatch(
      /WorkflowExecutionTerminated/,
    );
  });

  it('resets failed casts to their first workflow task: the new runs complete', async ({
    model,
    env,
    client,
  }) => {
    const taskQueue = randomTaskQueue('runbook-reset');
    // The first answer is a 401 (a wrong key); once "fixed", the model answers.
    const byType = route(numberListRequest(), { status: 401 }, { answer: [7, 8] });
    const byEvent = route(numberListRequest(), { status: 401 }, { answer: [9] });

    await withWorker(env, model, taskQueue, async () => {
      const casts = await Promise.all([byType, byEvent].map((r) => start(client, taskQueue, r)));
      await Promise.allSettled(casts.map((c) => client.workflow.getHandle(c.id).result()));
      const [first, second] = casts as [(typeof casts)[0], (typeof casts)[0]];
      for (const { id } of casts) {
        // `workflow result` exits 1 for a failed run and prints the failure.
        const result = await failureOf(
          temporal('workflow', 'result', '--workflow-id', id, '--output', 'json'),
        );
        expect(result?.code).toBe(1);
        expect(result?.stdout).toMatch(/"type": "BadCredentials"/);
        const failed = await describeRun(id);
        expect(failed.workflowExecutionInfo.status).toBe('WORKFLOW_EXECUTION_STATUS_FAILED');
        expect(
          failed.closeEvent?.workflowExecutionFailedEventAttributes?.failure?.applicationFailureInfo
            ?.type,
        ).toBe('BadCredentials');
      }

      const reset = await temporalJson<{ runId: string }>(
        'workflow',
        'reset',
        '--workflow-id',
        first.id,
        '--type',
        'FirstWorkflowTask',
        '--reason',
        'runbook: API key fixed',
      );
      expect(reset.runId).not.toBe(first.runId);

      // The event id to reset to, read from the run's reset points.
      const points = await temporal(
        'workflow',
        'describe',
        '--workflow-id',
        second.id,
        '--reset-points',
      );
      const eventId = /EventId\s+(\d+)/.exec(points)?.[1];
      expect(eventId).toBeDefined();
      expect(
        await temporal(
          'workflow',
          'reset',
          '--workflow-id',
          second.id,
          '--event-id',
          eventId!,
          '--reason',
          'runbook: API key fixed',
        ),
      ).toMatch(new RegExp(`Resetting workflow ${second.id} to event ID ${eventId}`));

      for (const [cast, value] of [
        [first, [7, 8]],
        [second, [9]],
      ] as const) {
        const after = await eventually(
          () => describeRun(cast.id),
          (d) => d.workflowExecutionInfo.status !== 'WORKFLOW_EXECUTION_STATUS_RUNNING',
        );
        expect(after.workflowExecutionInfo.status).toBe('WORKFLOW_EXECUTION_STATUS_COMPLETED');
        expect(after.workflowExecutionInfo.execution.runId).not.toBe(cast.runId);
        // A completed run leaves its memo as the start wrote it; the result says the rest.
        expect(memoState(after)?.phase).toBe('queued');
        expect(await resultOf(cast.id)).toMatchObject({ phase: 'completed', result: value });
      }
      expect((await describeRun(first.id)).workflowExecutionInfo.execution.runId).toBe(reset.runId);

      // Same workflow id, two runs: the failed one stays in the history of the cast.
      const runs = await eventually(
        () => list(`WorkflowId = '${first.id}'`),
        (r) => r.length === 2,
      );
      expect(runs.map((r) => r.status).sort()).toEqual([
        'WORKFLOW_EXECUTION_STATUS_COMPLETED',
        'WORKFLOW_EXECUTION_STATUS_FAILED',
      ]);
    });
  });

  it('resets every failed cast a query matches, in one batch job', async ({
    model,
    env,
    client,
  }) => {
    const taskQueue = randomTaskQueue('runbook-batch-reset');
    const failedOfQueue = `WorkflowType = 'castData' AND TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Failed'`;
    const requests = [
      route(numberListRequest(), { status: 503 }, { answer: [1] }),
      route(numberListRequest(), { status: 503 }, { answer: [2] }),
    ];

    await withWorker(env, model, taskQueue, async () => {
      // One attempt only, so the 503 (an outage) fails the casts at once.
      const casts = await Promise.all(
        requests.map((r) =>
          startCast({ client, taskQueue, activity: { ...fastActivity, maximumAttempts: 1 } }, r),
        ),
      );
      await Promise.allSettled(casts.map((c) => client.workflow.getHandle(c.id).result()));
      await eventually(
        () => count(failedOfQueue),
        (n) => n === 2,
      );

      const output = await temporal(
        'workflow',
        'reset',
        '--query',
        failedOfQueue,
        '--type',
        'FirstWorkflowTask',
        '--reason',
        'runbook: model server back',
        '--yes',
      );
      expect(output).toMatch(/Started batch for job ID: \S+/);
      for (const [index, cast] of casts.entries()) {
        await eventually(
          () => statusOf(cast.id),
          (s) => s === 'WORKFLOW_EXECUTION_STATUS_COMPLETED',
        );
        expect(await resultOf(cast.id)).toMatchObject({ result: [index + 1] });
      }
    });
  });

  it('cancels and terminates many casts by query (batch jobs)', async ({ model, env, client }) => {
    const taskQueue = randomTaskQueue('runbook-batch');
    const running = `WorkflowType = 'castData' AND TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`;
    const startHanging = (n: number) =>
      Promise.all(
        Array.from({ length: n }, () =>
          start(client, taskQueue, route(numberListRequest(), { hang: true })),
        ),
      );

    // Cancelling needs a worker: the workflow itself ends the model call and closes the run.
    const toCancel = await withWorker(env, model, taskQueue, async () => {
      const casts = await startHanging(2);
      await eventually(
        () => count(running),
        (n) => n === 2,
      );
      const job = await temporalJson<{ batchJobId: string }>(
        'workflow',
        'cancel',
        '--query',
        running,
        '--reason',
        'runbook: batch cancel',
        '--yes',
      );
      expect(job.batchJobId).toMatch(/\S/);
      // Batch jobs run asynchronously: wait for every run to close.
      for (const { id } of casts) {
        await eventually(
          () => statusOf(id),
          (s) => s === 'WORKFLOW_EXECUTION_STATUS_CANCELED',
        );
        expect(memoState(await describeRun(id))?.phase).toBe('cancelled');
      }
      return casts;
    });

    // Terminating does not: these casts wait for a worker that is gone.
    const toTerminate = await startHanging(3);
    await eventually(
      () => count(running),
      (n) => n === 3,
    );
    const reason = 'runbook: batch terminate';
    const output = await temporal(
      'workflow',
      'terminate',
      '--query',
      running,
      '--reason',
      reason,
      '--yes',
    );
    const jobId = /Started batch for job ID: (\S+)/.exec(output)?.[1];
    expect(jobId).toBeDefined();
    for (const { id } of toTerminate) {
      await eventually(
        () => statusOf(id),
        (s) => s === 'WORKFLOW_EXECUTION_STATUS_TERMINATED',
      );
    }
    const job = await eventually(
      () =>
        temporalJson<{ state: string; operationType: string; completeOperationCount?: string }>(
          'batch',
          'describe',
          '--job-id',
          jobId!,
        ),
      (j) => j.state === 'BATCH_OPERATION_STATE_COMPLETED',
    );
    expect(job).toMatchObject({
      operationType: 'BATCH_OPERATION_TYPE_TERMINATE_WORKFLOW',
      completeOperationCount: '3',
    });
    expect((await describeRun(toTerminate[0]!.id)).closeEvent).toMatchObject({
      workflowExecutionTerminatedEventAttributes: { reason },
    });
    // The query matched running casts only: the cancelled ones stay cancelled.
    for (const { id } of toCancel)
      expect(await statusOf(id)).toBe('WORKFLOW_EXECUTION_STATUS_CANCELED');
    expect(await count(running)).toBe(0);
  });

  it('task-queue describe shows the worker as a poller', async ({ model, env }) => {
    const taskQueue = randomTaskQueue('runbook-queue');
    await withWorker(env, model, taskQueue, async () => {
      const described = await eventually(
        () =>
          temporalJson<{ pollers: { taskQueueType: string; identity: string }[] | null }>(
            'task-queue',
            'describe',
            '--task-queue',
            taskQueue,
          ),
        (d) => new Set(d.pollers?.map((p) => p.taskQueueType)).size === 2,
      );
      expect(described.pollers?.map((p) => p.taskQueueType).sort()).toEqual([
        'activity',
        'workflow',
      ]);
      expect(described.pollers?.[0]?.identity).toMatch(/\S/);
      const identity = described.pollers?.[0]?.identity ?? '';
      const table = await temporal('task-queue', 'describe', '--task-queue', taskQueue);
      expect(table).toMatch(/Pollers:\n\s+BuildID\s+TaskQueueType\s+Identity\s+LastAccessTime/);
      expect(table).toMatch(new RegExp(`(workflow|activity)\\s+${escapeRegExp(identity)}`));
    });
  });
});

/** The cast's final state, from `temporal workflow result` (waits for the run to close). */
async function resultOf(id: string): Promise<unknown> {
  const shown = await temporalJson<{
    status: string;
    closeEvent: { workflowExecutionCompletedEventAttributes?: { result?: unknown[] } };
  }>('workflow', 'result', '--workflow-id', id);
  expect(shown.status).toBe('COMPLETED');
  return shown.closeEvent.workflowExecutionCompletedEventAttributes?.result?.[0];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

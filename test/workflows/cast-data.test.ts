import { randomUUID } from 'node:crypto';
import { CompleteAsyncError, Context } from '@temporalio/activity';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  WorkflowFailedError,
  type Client,
} from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { castFailure } from '../../src/activities/cast-failure.js';
import type { CastOutcome, CastRequest } from '../../src/cast/types.js';
import { readCast } from '../../src/client/read-cast.js';
import { startCast } from '../../src/client/start-cast.js';
import { stateMemoKey, type CastActivityOptions, type CastState } from '../../src/shared.js';
import { castData } from '../../src/workflows/index.js';
import { eventually, fastActivity, numberListRequest } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import { createTestWorker, randomTaskQueue } from '../support/temporal.js';

// The workflow's own logic — phases, the state it keeps, how a failure becomes the run's error —
// against stub activities, as Temporal's samples test workflows: no model server involved. The
// real activity has its own tests against the scripted model.

type CastWithModel = (request: CastRequest) => Promise<CastOutcome>;

/**
 * An attempt that never answers but reports progress, as the real one does, so it learns of a
 * cancellation (a timeout, a cancel) and stops; bounded to the longest test.
 */
async function hang(): Promise<CastOutcome> {
  const context = Context.current();
  for (let beat = 0; beat < 600; beat++) {
    context.heartbeat();
    await context.sleep(200);
  }
  throw new Error('hang: no cancellation came');
}

/** An attempt that hangs without reporting progress, as a stuck worker does. */
const silent = () =>
  Context.current()
    .sleep(120_000)
    .then(() => ({}) as CastOutcome);

/** Runs fn while a worker with this stub as castWithModel polls a fresh task queue. */
async function withStub<T>(
  env: TestWorkflowEnvironment,
  castWithModel: CastWithModel,
  fn: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = randomTaskQueue('workflow');
  const worker = await createTestWorker(env, { taskQueue, activities: { castWithModel } });
  return worker.runUntil(fn(taskQueue));
}

function execute(client: Client, taskQueue: string, activity: Partial<CastActivityOptions> = {}) {
  return client.workflow.execute(castData, {
    taskQueue,
    workflowId: `workflow-${randomUUID()}`,
    args: [{ request: numberListRequest(), activity: { ...fastActivity, ...activity } }],
  });
}

/** The run's failure, which the test expects. */
const failureOf = (run: Promise<unknown>) =>
  run.then(
    () => expect.fail('the run was expected to fail'),
    (err: unknown) => err,
  );

describe('castData with stub activities', () => {
  it('completes with the activity outcome: result, usage, re-asks and timings', async ({
    env,
    client,
  }) => {
    const outcome: CastOutcome = {
      value: [1, 2, 3],
      usage: { promptTokens: 20, completionTokens: 5, totalTokens: 25 },
      reasks: 1,
      mode: 'json_schema',
    };
    const state = await withStub(
      env,
      async () => outcome,
      (taskQueue) => execute(client, taskQueue),
    );
    expect(state).toMatchObject({
      phase: 'completed',
      attempt: 1,
      result: [1, 2, 3],
      usage: outcome.usage,
      reasks: 1,
      model: 'test-model',
      target: 'number[]',
    });
    expect(state.timings.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(state.timings.finishedAt!)).toBeGreaterThanOrEqual(
      Date.parse(state.timings.startedAt!),
    );
  });

  it("fails the run with the activity's type and details, the cause chain kept", async ({
    env,
    client,
  }) => {
    const invalid = () =>
      Promise.reject(
        castFailure(
          'ValidationFailed',
          'The answer did not match.',
          { rawOutput: '"many"', issues: ['value: expected number, received string'] },
          { attempt: Context.current().info.attempt },
        ),
      );
    const err = await withStub(env, invalid, (taskQueue) => failureOf(execute(client, taskQueue)));

    // WorkflowFailedError → the run's ApplicationFailure → ActivityFailure → the activity's own.
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const run = (err as WorkflowFailedError).cause;
    expect(run).toBeInstanceOf(ApplicationFailure);
    expect(run).toMatchObject({ type: 'ValidationFailed', nonRetryable: true });
    const activity = run?.cause as ActivityFailure;
    expect(activity).toBeInstanceOf(ActivityFailure);
    expect(activity.cause).toBeInstanceOf(ApplicationFailure);
    expect((activity.cause as ApplicationFailure).type).toBe('ValidationFailed');
    expect((run as ApplicationFailure).details?.[0]).toEqual({
      type: 'ValidationFailed',
      message: 'The answer did not match.',
      attempt: 1,
      rawOutput: '"many"',
      issues: ['value: expected number, received string'],
    });
  });

  it("writes no memo as it casts and completes: the start's stays; a reader shows it complete", async ({
    env,
    client,
  }) => {
    const request = numberListRequest();
    const answer = async (): Promise<CastOutcome> => ({
      value: [7],
      usage: { promptTokens: 2, completionTokens: 1, totalTokens: 3 },
      reasks: 0,
      mode: 'json_schema',
    });
    const started = await withStub(env, answer, async (taskQueue) => {
      const s = await startCast({ client, taskQueue, activity: fastActivity }, request);
      await client.workflow.getHandle(s.id).result();
      return s;
    });
    const handle = client.workflow.getHandle(started.id);
    const description = await handle.describe();
    expect(description.memo?.[stateMemoKey]).toMatchObject({ phase: 'queued', attempt: 0 });
    const history = await handle.fetchHistory();
    expect(history.events?.filter((e) => e.workflowPropertiesModifiedEventAttributes)).toEqual([]);
    const view = await readCast(client, started.id);
    expect(view).toMatchObject({
      phase: 'completed',
      done: true,
      result: [7],
      usage: { totalTokens: 3 },
      timings: {
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
        durationMs: expect.any(Number),
      },
    });
  });

  it('writes every phase into the memo for a run started before the memo was trimmed', async ({
    env,
    client,
  }) => {
    // The input of a run started before decisions 0026 and 0028: replayed as it ran.
    const answer = async (): Promise<CastOutcome> => ({
      value: [1],
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      reasks: 0,
      mode: 'json_schema',
    });
    const workflowId = await withStub(env, answer, async (taskQueue) => {
      const run = await client.workflow.start(castData, {
        taskQueue,
        workflowId: `workflow-${randomUUID()}`,
        args: [{ request: numberListRequest(), activity: fastActivity }],
      });
      await run.result();
      return run.workflowId;
    });
    const handle = client.workflow.getHandle(workflowId);
    const history = await handle.fetchHistory();
    expect(history.events?.filter((e) => e.workflowPropertiesModifiedEventAttributes)).toHaveLength(
      2,
    );
    expect((await handle.describe()).memo?.[stateMemoKey]).toMatchObject({ phase: 'completed' });
  });

  it('keeps the failed state in the memo, which a reader shows as the error', async ({
    env,
    client,
  }) => {
    const request = numberListRequest();
    const refused = () =>
      Promise.reject(castFailure('ModelRefused', 'The model refused to answer: no.', {}, {}));
    const started = await withStub(env, refused, async (taskQueue) => {
      const s = await startCast({ client, taskQueue, activity: fastActivity }, request);
      await failureOf(client.workflow.getHandle(s.id).result());
      return s;
    });
    const description = await client.workflow.getHandle(started.id).describe();
    const memo = description.memo?.[stateMemoKey] as CastState;
    expect(memo).toMatchObject({
      phase: 'failed',
      error: { type: 'ModelRefused', message: 'The model refused to answer: no.' },
    });
    expect(memo).not.toHaveProperty('result');
    const view = await readCast(client, started.id);
    expect(view).toMatchObject({ phase: 'failed', done: true, error: memo.error });
    expect(view.summary).toEqual({ textPreview: request.text, target: 'number[]' });
  });

  it('turns a timeout of the last attempt into ModelTimeout, naming the setting and the attempts', async ({
    env,
    client,
  }) => {
    const err = await withStub(env, hang, (taskQueue) =>
      failureOf(
        execute(client, taskQueue, {
          startToCloseTimeoutMs: 1_000,
          maximumAttempts: 2,
          initialIntervalMs: 100,
        }),
      ),
    );
    const error = ((err as WorkflowFailedError).cause as ApplicationFailure).details?.[0];
    expect(error).toMatchObject({ type: 'ModelTimeout', attempt: 2 });
    expect((error as { message: string }).message).toBe(
      'The model call did not finish within CAST_TIMEOUT_SECONDS. That was the last of 2 ' +
        'attempts, and all of them failed. Check that the model server answers, use a faster ' +
        'model, or raise CAST_TIMEOUT_SECONDS.',
    );
  });

  it('names CAST_HEARTBEAT_TIMEOUT_SECONDS when the worker stops reporting progress', async ({
    env,
    client,
  }) => {
    const err = await withStub(env, silent, (taskQueue) =>
      failureOf(
        execute(client, taskQueue, {
          heartbeatTimeoutMs: 1_000,
          maximumAttempts: 1,
        }),
      ),
    );
    const run = (err as WorkflowFailedError).cause as ApplicationFailure;
    expect(run.type).toBe('ModelTimeout');
    expect(run.message).toMatch(
      /^The worker stopped reporting progress on the model call \(CAST_HEARTBEAT_TIMEOUT_SECONDS\)/,
    );
  });

  it('reports a failure type outside the vocabulary as CastFailed, with its message', async ({
    env,
    client,
  }) => {
    const odd = () =>
      Promise.reject(ApplicationFailure.nonRetryable('The disk is on fire.', 'Odd'));
    const err = await withStub(env, odd, (taskQueue) => failureOf(execute(client, taskQueue)));
    expect(((err as WorkflowFailedError).cause as ApplicationFailure).details?.[0]).toEqual({
      type: 'CastFailed',
      message: 'The disk is on fire.',
    });
  });

  it('ends cancelled when the run is cancelled during the model call', async ({ env, client }) => {
    const request = numberListRequest();
    await withStub(env, hang, async (taskQueue) => {
      const started = await startCast({ client, taskQueue, activity: fastActivity }, request);
      const handle = client.workflow.getHandle(started.id);
      await eventually(
        () => readCast(client, started.id),
        (view) => view.phase === 'casting',
      );
      await handle.cancel();
      const err = await failureOf(handle.result());
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect(await readCast(client, started.id)).toMatchObject({ phase: 'cancelled', done: true });
    });
  });
});

describe('a reader of castData runs', () => {
  it('shows a cast whose model answered as casting until a worker records the answer', async ({
    env,
    client,
  }) => {
    let taskToken: Uint8Array | undefined;
    const answerLater: CastWithModel = () => {
      taskToken = Context.current().info.taskToken;
      throw new CompleteAsyncError();
    };
    const taskQueue = randomTaskQueue('workflow');
    const worker = await createTestWorker(env, {
      taskQueue,
      activities: { castWithModel: answerLater },
    });
    const started = await worker.runUntil(async () => {
      const s = await startCast({ client, taskQueue, activity: fastActivity }, numberListRequest());
      await eventually(
        async () => taskToken,
        (token) => token !== undefined,
      );
      expect(await readCast(client, s.id)).toMatchObject({
        phase: 'casting',
        attempt: 1,
        done: false,
      });
      return s;
    });

    // No worker now: the answer is in the history, and the run waits for a task to record it.
    const outcome: CastOutcome = {
      value: [4],
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      reasks: 0,
      mode: 'json_schema',
    };
    await client.activity.complete(taskToken!, outcome);
    const handle = client.workflow.getHandle(started.id);
    const waiting = await eventually(
      () => handle.describe(),
      (d) => (d.raw.pendingActivities?.length ?? 0) === 0,
    );
    expect(waiting.status.name).toBe('RUNNING');
    expect(waiting.memo?.[stateMemoKey]).toMatchObject({ phase: 'queued' });
    expect(await readCast(client, started.id)).toMatchObject({
      phase: 'casting',
      attempt: 1,
      done: false,
    });

    const recorder = await createTestWorker(env, {
      taskQueue,
      activities: { castWithModel: answerLater },
    });
    await recorder.runUntil(handle.result());
    expect(await readCast(client, started.id)).toMatchObject({ phase: 'completed', result: [4] });
  });

  it('shows a retried activity as retrying, with the last failure read as the workflow reads it', async ({
    env,
    client,
  }) => {
    const failThenHang: CastWithModel = () =>
      Context.current().info.attempt === 1
        ? Promise.reject(
            castFailure(
              'ModelServerError',
              'The model server failed with HTTP 500.',
              {},
              {
                attempt: 1,
              },
            ),
          )
        : hang();
    await withStub(env, failThenHang, async (taskQueue) => {
      const started = await startCast(
        { client, taskQueue, activity: { ...fastActivity, initialIntervalMs: 100 } },
        numberListRequest(),
      );
      const retrying = await eventually(
        () => readCast(client, started.id),
        (view) => view.phase === 'retrying',
      );
      expect(retrying).toMatchObject({
        attempt: 2,
        done: false,
        retry: { maximumAttempts: fastActivity.maximumAttempts },
        lastError: {
          type: 'ModelServerError',
          message: 'The model server failed with HTTP 500.',
          attempt: 1,
        },
      });
      await client.workflow.getHandle(started.id).terminate('test over');
    });
  });

  it('names a timed-out attempt ModelTimeout while the next one runs', async ({ env, client }) => {
    await withStub(env, hang, async (taskQueue) => {
      const started = await startCast(
        {
          client,
          taskQueue,
          activity: { ...fastActivity, startToCloseTimeoutMs: 1_000, initialIntervalMs: 100 },
        },
        numberListRequest(),
      );
      const retrying = await eventually(
        () => readCast(client, started.id),
        (view) => view.phase === 'retrying',
      );
      expect(retrying.lastError).toEqual({
        type: 'ModelTimeout',
        message: 'The model call did not finish within CAST_TIMEOUT_SECONDS.',
      });
      await client.workflow.getHandle(started.id).terminate('test over');
    });
  });

  it('shows a terminated run as terminated, with the reason given', async ({ env, client }) => {
    await withStub(env, hang, async (taskQueue) => {
      const started = await startCast(
        { client, taskQueue, activity: fastActivity },
        numberListRequest(),
      );
      await client.workflow.getHandle(started.id).terminate('an operator stopped it');
      expect(await readCast(client, started.id)).toMatchObject({
        phase: 'terminated',
        done: true,
        error: { type: 'Terminated', message: 'The run was terminated: an operator stopped it.' },
      });
    });
  });
});

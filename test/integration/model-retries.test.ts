import { randomUUID } from 'node:crypto';
import {
  ActivityFailure,
  ApplicationFailure,
  WorkflowFailedError,
  type Client,
} from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CastRequest } from '../../src/cast/types.js';
import { castData } from '../../src/workflows/index.js';
import type { CastActivityOptions, CastInput, CastState } from '../../src/shared.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { modelActivities } from '../support/model-worker.js';
import { createActivities } from '../../src/activities/index.js';
import { createModelClient } from '../../src/activities/model-client.js';
import { connectTestEnvironment, createTestWorker, randomTaskQueue } from '../support/temporal.js';

const request: CastRequest = {
  text: 'Forty-two people came.',
  target: { label: 'number', schema: { type: 'number' } },
  model: 'test-model',
};

// A short initial interval, so a retry that waited for Retry-After is plainly not the policy's.
const activity: CastActivityOptions = {
  startToCloseTimeoutMs: 10_000,
  heartbeatTimeoutMs: 3_000,
  maximumAttempts: 3,
  initialIntervalMs: 100,
  maximumIntervalMs: 1_000,
  backoffCoefficient: 2,
};

let model: ModelServer;
let env: TestWorkflowEnvironment;
let client: Client;

beforeAll(async () => {
  env = await connectTestEnvironment();
  client = env.client;
});

afterAll(async () => {
  await env?.teardown();
});

beforeEach(async () => {
  model = await startModelServer();
});

afterEach(async () => {
  await model.close();
});

async function runCast(options: Partial<CastActivityOptions> = {}): Promise<CastState> {
  const taskQueue = randomTaskQueue('model-retries');
  const worker = await createTestWorker(env, {
    taskQueue,
    activities: modelActivities(model, {
      maxReasks: 1,
      timeoutMs: 30_000,
      heartbeatIntervalMs: 200,
    }),
  });
  const input: CastInput = { request, activity: { ...activity, ...options } };
  return worker.runUntil(
    client.workflow.execute(castData, {
      taskQueue,
      workflowId: `model-retries-${randomUUID()}`,
      args: [input],
    }),
  );
}

describe('model failures on a real Temporal dev server', () => {
  it('waits for Retry-After, not the retry policy, after a 429', async () => {
    model.script({ status: 429, headers: { 'retry-after': '2' } }, { answer: 42 });

    const state = await runCast();

    expect(state).toMatchObject({ phase: 'completed', result: 42 });
    expect(model.requests).toHaveLength(2);
    const [first, second] = model.requests;
    // The policy alone would have retried after ~100 ms; a slow machine only adds to the gap.
    const gap = (second?.receivedAt ?? 0) - (first?.receivedAt ?? 0);
    expect(gap).toBeGreaterThanOrEqual(2_000);
  });

  it('waits for Retry-After after a 503 too', async () => {
    model.script({ status: 503, headers: { 'retry-after': '2' } }, { answer: 43 });

    const state = await runCast();

    expect(state).toMatchObject({ phase: 'completed', result: 43 });
    expect(model.requests).toHaveLength(2);
    const [first, second] = model.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(2_000);
  });

  it('retries a 500 and completes', async () => {
    model.script({ status: 500 }, { answer: 7 });

    const state = await runCast();

    expect(state).toMatchObject({ phase: 'completed', result: 7, usage: { totalTokens: 25 } });
    expect(model.requests).toHaveLength(2);
  });

  it('fails the run at once with BadCredentials on a 401', async () => {
    model.setDefault({
      status: 401,
      body: { error: { message: 'Incorrect API key provided: te**ey.' } },
    });

    const err = await runCast().then(
      () => new Error('expected the run to fail'),
      (thrown: unknown) => thrown,
    );

    expect(err).toBeInstanceOf(WorkflowFailedError);
    const runFailure = (err as WorkflowFailedError).cause;
    expect(runFailure).toBeInstanceOf(ApplicationFailure);
    expect((runFailure as ApplicationFailure).type).toBe('BadCredentials');
    expect((runFailure as ApplicationFailure).message).toContain('OPENAI_API_KEY');
    const activityFailure = runFailure?.cause as ActivityFailure;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const modelFailure = activityFailure.cause as ApplicationFailure;
    expect(modelFailure).toBeInstanceOf(ApplicationFailure);
    expect(modelFailure.type).toBe('BadCredentials');
    expect(modelFailure.nonRetryable).toBe(true);
    expect(model.requests).toHaveLength(1);
  });

  it('times out a hanging attempt, aborts its request and retries', async () => {
    // The server tells the worker the attempt timed out when it next heartbeats; the activity's
    // cancellation signal then aborts the HTTP request. The second attempt is answered only
    // once that abort arrived, so the cast completes only if the abort came during the run
    // (not from the worker's shutdown afterwards).
    const firstAborted = model.waitForAbort(0, 60_000);
    model.script({ hang: true }, { after: firstAborted, then: { answer: 5 } });

    const state = await runCast({ startToCloseTimeoutMs: 5_000, heartbeatTimeoutMs: 1_000 });

    expect(state).toMatchObject({ phase: 'completed', result: 5 });
    expect(model.requests).toHaveLength(2);
    const [first, second] = model.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(5_000);
    const aborted = await firstAborted;
    expect(aborted.answeredAt).toBeUndefined();
    expect(aborted.abortedAt).toBeLessThan(second?.answeredAt ?? 0);
  });
});

/** The run's own failure (what the Temporal UI shows) and the activity's beneath it. */
async function failureOf(run: Promise<unknown>) {
  const err = await run.then(
    () => expect.fail('the run was expected to fail'),
    (thrown: unknown) => thrown,
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const runFailure = (err as WorkflowFailedError).cause as ApplicationFailure;
  expect(runFailure).toBeInstanceOf(ApplicationFailure);
  const activityFailure = runFailure.cause as ActivityFailure;
  expect(activityFailure).toBeInstanceOf(ActivityFailure);
  return { run: runFailure, model: activityFailure.cause as ApplicationFailure };
}

describe('how a run classifies what the model server did', () => {
  it('a content filter is ModelRefused, at once', async () => {
    model.setDefault({ content: '', finishReason: 'content_filter' });
    const { run, model: cause } = await failureOf(runCast());
    expect(run.type).toBe('ModelRefused');
    expect(run.message).toMatch(/withheld by the server's content filter/);
    expect(cause.nonRetryable).toBe(true);
    expect(model.requests).toHaveLength(1);
  });

  it('an answer without a choice is a ModelServerError, retried until the last attempt', async () => {
    const noChoice = {
      id: 'chatcmpl-none',
      object: 'chat.completion',
      created: 0,
      model: 'test-model',
      choices: [],
    };
    model.setDefault({ status: 200, body: noChoice });
    const { run } = await failureOf(runCast());
    expect(run.type).toBe('ModelServerError');
    expect(run.message).toMatch(
      /^The model server answered without a choice\. That was the last of 3 attempts/,
    );
    expect(model.requests).toHaveLength(3);
  });

  it('a 429 on every attempt fails the run as RateLimited after the last one', async () => {
    model.setDefault({ status: 429 });
    const { run } = await failureOf(runCast());
    expect(run.type).toBe('RateLimited');
    expect(run.message).toMatch(
      /rate limiting requests \(HTTP 429.*That was the last of 3 attempts/,
    );
    expect(model.requests).toHaveLength(3);
  });

  it('a connection dropped on every attempt fails the run as NetworkError after the last one', async () => {
    model.setDefault({ drop: true });
    const { run } = await failureOf(runCast());
    expect(run.type).toBe('NetworkError');
    expect(run.message).toMatch(/closed the connection before it answered.*last of 3 attempts/);
    expect(model.requests).toHaveLength(3);
  });

  it('a worker with no model configured fails the run as ModelNotConfigured, at once', async () => {
    const taskQueue = randomTaskQueue('no-model');
    const worker = await createTestWorker(env, {
      taskQueue,
      // What the worker builds from a configuration with neither a key nor a server.
      activities: createActivities({
        openai: createModelClient({ timeoutMs: 10_000 }),
        maxReasks: 1,
      }),
    });
    const { run, model: cause } = await failureOf(
      worker.runUntil(
        client.workflow.execute(castData, {
          taskQueue,
          workflowId: `no-model-${randomUUID()}`,
          args: [{ request, activity }],
        }),
      ),
    );
    expect(run.type).toBe('ModelNotConfigured');
    expect(run.message).toContain('Set OPENAI_API_KEY');
    expect(cause.nonRetryable).toBe(true);
    expect(run.details?.[0]).toMatchObject({ type: 'ModelNotConfigured', attempt: 1 });
  });
});

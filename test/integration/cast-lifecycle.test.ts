import { describe, expect } from 'vitest';
import { castWorkflowId } from '../../src/cast/cast-key.js';
import { cancelCast } from '../../src/client/cancel-cast.js';
import { readCast } from '../../src/client/read-cast.js';
import { startCast } from '../../src/client/start-cast.js';
import { stateQuery } from '../../src/shared.js';
import { eventually, fastActivity, numberListRequest } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import { withModelWorker } from '../support/model-worker.js';
import { randomTaskQueue } from '../support/temporal.js';

describe('castData on a real Temporal dev server', () => {
  it('runs a cast to completion and the state query follows it', async ({ model, env, client }) => {
    const taskQueue = randomTaskQueue();
    const request = numberListRequest();
    model.script({ delayMs: 1_500, then: { answer: [1, 2, 3] } });

    await withModelWorker(env, model, taskQueue, async () => {
      const started = await startCast({ client, taskQueue, activity: fastActivity }, request);
      expect(started.outcome).toBe('new');
      expect(started.id).toMatch(/^cast-[0-9a-f]{32}$/);

      const running = await eventually(
        () => client.workflow.getHandle(started.id).query(stateQuery),
        (state) => state.phase === 'casting',
      );
      expect(running).toMatchObject({
        phase: 'casting',
        attempt: 1,
        model: 'test-model',
        target: 'number[]',
      });

      const done = await eventually(
        () => readCast(client, started.id),
        (view) => view.done,
      );
      expect(done).toMatchObject({ phase: 'completed', result: [1, 2, 3], done: true });
      expect(done.usage?.totalTokens).toBeGreaterThan(0);
      expect(Date.parse(done.timings.finishedAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(done.timings.startedAt ?? ''),
      );
      expect(done.summary?.textPreview).toBe(request.text);
    });
  });

  it('joins a running cast and reuses a completed one: one workflow, one model call', async ({
    model,
    env,
    client,
  }) => {
    const taskQueue = randomTaskQueue();
    const request = numberListRequest();
    const before = model.requests.length;
    model.script({ delayMs: 1_000, then: { answer: [7] } });

    await withModelWorker(env, model, taskQueue, async () => {
      const starter = { client, taskQueue, activity: fastActivity };
      const first = await startCast(starter, request);
      const second = await startCast(starter, request);
      expect(second).toEqual({ ...first, outcome: 'joined' });

      await client.workflow.getHandle(first.id).result();
      const third = await startCast(starter, request);
      expect(third).toEqual({ ...first, outcome: 'cached' });
      expect((await readCast(client, third.id)).result).toEqual([7]);
    });

    expect(model.requests.length - before).toBe(1);
    const runs = [];
    for await (const run of client.workflow.list({
      query: `WorkflowId = '${castWorkflowId(request)}'`,
    }))
      runs.push(run);
    expect(runs).toHaveLength(1);
  });

  it('starts a new run when asked for a fresh answer', async ({ model, env, client }) => {
    const taskQueue = randomTaskQueue();
    const request = numberListRequest();
    model.script({ answer: [1] }, { answer: [2] });

    await withModelWorker(env, model, taskQueue, async () => {
      const starter = { client, taskQueue, activity: fastActivity };
      const first = await startCast(starter, request);
      await client.workflow.getHandle(first.id).result();
      const fresh = await startCast(starter, request, { fresh: true });
      expect(fresh.outcome).toBe('new');
      expect(fresh.id).toBe(first.id);
      expect(fresh.runId).not.toBe(first.runId);
      const view = await eventually(
        () => readCast(client, fresh.id),
        (v) => v.done,
      );
      expect(view).toMatchObject({ phase: 'completed', result: [2], runId: fresh.runId });
    });
  });

  it('cancels during a slow model call: the run ends cancelled and the HTTP request is aborted', async ({
    model,
    env,
    client,
  }) => {
    const taskQueue = randomTaskQueue();
    const request = numberListRequest();
    model.script({ hang: true });
    const before = model.requests.length;

    await withModelWorker(env, model, taskQueue, async () => {
      const started = await startCast({ client, taskQueue, activity: fastActivity }, request);
      await eventually(
        async () => model.requests.length,
        (count) => count > before,
      );
      expect(await cancelCast(client, started.id)).toBe('cancel-requested');
      const view = await eventually(
        () => readCast(client, started.id),
        (v) => v.done,
      );
      expect(view.phase).toBe('cancelled');
      expect(await cancelCast(client, started.id)).toBe('already-closed');
    });

    const hung = model.requests[before];
    expect(hung?.aborted).toBe(true);
  });

  it('reads a closed run with no worker running, from the server alone', async ({
    model,
    env,
    client,
  }) => {
    const taskQueue = randomTaskQueue();
    const request = numberListRequest();
    model.script({ answer: [4, 5] });
    const started = await withModelWorker(env, model, taskQueue, async () => {
      const s = await startCast({ client, taskQueue, activity: fastActivity }, request);
      await client.workflow.getHandle(s.id).result();
      return s;
    });

    // The worker is gone: a query would wait for a worker that never comes.
    await expect(
      client.withDeadline(Date.now() + 1_500, () =>
        client.workflow.getHandle(started.id).query(stateQuery),
      ),
    ).rejects.toThrow();
    const view = await readCast(client, started.id);
    expect(view).toMatchObject({ phase: 'completed', result: [4, 5], done: true });
  });

  it('shows a queued cast from its memo while no worker polls', async ({ client }) => {
    const taskQueue = randomTaskQueue();
    const started = await startCast(
      { client, taskQueue, activity: fastActivity },
      numberListRequest(),
    );
    const began = Date.now();
    const view = await readCast(client, started.id);
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(view).toMatchObject({ phase: 'queued', done: false, target: 'number[]' });
    await client.workflow.getHandle(started.id).terminate('test cleanup');
    expect(await readCast(client, started.id)).toMatchObject({ phase: 'terminated', done: true });
  });

  it('shows retrying, the attempt and the last failure while the activity is retried', async ({
    model,
    env,
    client,
  }) => {
    const taskQueue = randomTaskQueue();
    model.script({ status: 500 }, { delayMs: 3_000, then: { answer: [9] } });

    await withModelWorker(env, model, taskQueue, async () => {
      const started = await startCast(
        { client, taskQueue, activity: { ...fastActivity, initialIntervalMs: 1_000 } },
        numberListRequest(),
      );
      const retrying = await eventually(
        () => readCast(client, started.id),
        (view) => view.phase === 'retrying',
      );
      expect(retrying).toMatchObject({
        attempt: 2,
        done: false,
        lastError: { type: 'ModelServerError' },
      });
      const done = await eventually(
        () => readCast(client, started.id),
        (view) => view.done,
      );
      expect(done).toMatchObject({ phase: 'completed', result: [9] });
    });
  });

  it('reports an unknown id as not found', async ({ client }) => {
    const view = await readCast(client, 'cast-does-not-exist');
    expect(view).toMatchObject({ phase: 'not-found', done: true, error: { type: 'NotFound' } });
  });
});

import { describe, expect } from 'vitest';
import { tsToMs } from '@temporalio/common';
import { castWorkflowId } from '../../src/cast/cast-key.js';
import { cancelCast } from '../../src/client/cancel-cast.js';
import { readCast } from '../../src/client/read-cast.js';
import { startCast } from '../../src/client/start-cast.js';
import { stateQuery } from '../../src/shared.js';
import { eventually, fastActivity, numberListRequest } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import { gate } from '../support/model-server.js';
import { withModelWorker } from '../support/model-worker.js';
import { randomTaskQueue } from '../support/temporal.js';

describe('castData on a real Temporal dev server', () => {
  it('runs a cast to completion and the state query follows it', async ({ model, env, client }) => {
    const taskQueue = randomTaskQueue();
    const request = numberListRequest();
    // The model answers once the test has seen the cast running, however slow the machine.
    const answer = gate();
    model.script({ after: answer.opened, then: { answer: [1, 2, 3] } });

    await withModelWorker(env, model, taskQueue, async () => {
      const started = await startCast({ client, taskQueue, activity: fastActivity }, request);
      expect(started.outcome).toBe('new');
      expect(started.id).toMatch(/^cast-[0-9a-f]{32}$/);

      await model.waitForRequests(1);
      const running = await client.workflow.getHandle(started.id).query(stateQuery);
      expect(running).toMatchObject({
        phase: 'casting',
        attempt: 1,
        model: 'test-model',
        target: 'number[]',
      });
      answer.open();

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
    const answer = gate();
    model.script({ after: answer.opened, then: { answer: [7] } });

    await withModelWorker(env, model, taskQueue, async () => {
      const starter = { client, taskQueue, activity: fastActivity };
      const first = await startCast(starter, request);
      await model.waitForRequests(1);
      const second = await startCast(starter, request);
      expect(second).toEqual({ ...first, outcome: 'joined' });

      answer.open();
      await client.workflow.getHandle(first.id).result();
      const third = await startCast(starter, request);
      expect(third).toEqual({ ...first, outcome: 'cached' });
      expect((await readCast(client, third.id)).result).toEqual([7]);
    });

    expect(model.requests).toHaveLength(1);
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

  it('runs a failed, a cancelled and a terminated cast again on the same request', async ({
    model,
    env,
    client,
  }) => {
    const taskQueue = randomTaskQueue();
    const starter = { client, taskQueue, activity: fastActivity };
    const failing = numberListRequest();
    const cancelling = numberListRequest();
    const terminating = numberListRequest();
    // Each cast's first run ends without a value; its second run is answered.
    const asked = new Map<string, number>();
    model.respondWith((body) => {
      const prompt = JSON.stringify(body.messages);
      const text = [failing, cancelling, terminating].find((r) => prompt.includes(r.text))?.text;
      if (!text) return { status: 400 };
      const count = (asked.get(text) ?? 0) + 1;
      asked.set(text, count);
      if (count > 1) return { answer: [count] };
      return text === failing.text ? { status: 401 } : { hang: true };
    });

    await withModelWorker(env, model, taskQueue, async () => {
      const failed = await startCast(starter, failing);
      await client.workflow
        .getHandle(failed.id)
        .result()
        .catch(() => undefined);

      const cancelled = await startCast(starter, cancelling);
      await model.waitForRequests(2);
      await cancelCast(client, cancelled.id);
      await client.workflow
        .getHandle(cancelled.id)
        .result()
        .catch(() => undefined);

      const terminated = await startCast(starter, terminating);
      await model.waitForRequests(3);
      await client.workflow.getHandle(terminated.id).terminate('test: ended from outside');

      for (const [first, request, phase] of [
        [failed, failing, 'failed'],
        [cancelled, cancelling, 'cancelled'],
        [terminated, terminating, 'terminated'],
      ] as const) {
        expect((await readCast(client, first.id)).phase).toBe(phase);
        // The same request is not answered from the run that ended without a value.
        const again = await startCast(starter, request);
        expect(again, phase).toMatchObject({ id: first.id, outcome: 'new' });
        expect(again.runId, phase).not.toBe(first.runId);
        const view = await eventually(
          () => readCast(client, again.id, { runId: again.runId }),
          (v) => v.done,
        );
        expect(view, phase).toMatchObject({ phase: 'completed', result: [2] });
      }
    });
    expect([...asked.values()]).toEqual([2, 2, 2]);
  });

  it('cancels during a slow model call: the run ends cancelled and the HTTP request is aborted', async ({
    model,
    env,
    client,
  }) => {
    const taskQueue = randomTaskQueue();
    const request = numberListRequest();
    model.script({ hang: true });

    await withModelWorker(env, model, taskQueue, async () => {
      const started = await startCast({ client, taskQueue, activity: fastActivity }, request);
      await model.waitForRequests(1);
      expect(await cancelCast(client, started.id)).toBe('cancel-requested');
      const view = await eventually(
        () => readCast(client, started.id),
        (v) => v.done,
      );
      expect(view.phase).toBe('cancelled');
      expect(await cancelCast(client, started.id)).toBe('already-closed');

      // The workflow waits for the activity to abort its request before the run is reported
      // cancelled: the abort came first, while the worker still ran (not by its shutdown).
      const hung = model.requests[0]!;
      expect(hung.aborted).toBe(true);
      const history = await client.workflow.getHandle(started.id).fetchHistory();
      const cancelled = history.events?.find((e) => e.workflowExecutionCanceledEventAttributes);
      expect(cancelled?.eventTime).toBeDefined();
      expect(hung.abortedAt).toBeLessThanOrEqual(tsToMs(cancelled!.eventTime));
    });
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
    // Attempt 2 answers once the test has read the cast while it runs.
    const answer = gate();
    model.script({ status: 500 }, { after: answer.opened, then: { answer: [9] } });

    await withModelWorker(env, model, taskQueue, async () => {
      const started = await startCast(
        { client, taskQueue, activity: fastActivity },
        numberListRequest(),
      );
      await model.waitForRequests(2);
      const retrying = await readCast(client, started.id);
      expect(retrying).toMatchObject({
        phase: 'retrying',
        attempt: 2,
        done: false,
        lastError: { type: 'ModelServerError' },
        retry: { maximumAttempts: fastActivity.maximumAttempts },
      });
      expect(retrying.lastError?.message).toMatch(/HTTP 500/);
      answer.open();
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

import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { describe, expect } from 'vitest';
import type { Hono } from 'hono';
import { castData } from '../../src/workflows/index.js';
import type { CastInput } from '../../src/shared.js';
import { eventually, fastActivity, numberListRequest } from '../support/cast-fixtures.js';
import { modelActivities } from '../support/model-worker.js';
import { createTestWorker, randomTaskQueue } from '../support/temporal.js';
import { fragment, postJson, untilDone, webTest as it } from '../web/web-harness.js';

async function submit(app: Hono, target: unknown = { type: 'number[]' }): Promise<string> {
  const res = await postJson(app, '/api/casts', {
    data: `one, two (${randomUUID()})`,
    target,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

/** The card's "Attempt" fact. */
const attemptOnCard = (html: string) => /<dt>Attempt<\/dt>\s*<dd>(\d+)<\/dd>/.exec(html)?.[1];

describe('failure messages through a real run (dev server, real worker, scripted model)', () => {
  it('while a retry waits, says which attempt comes when and why', async ({ harness }) => {
    const web = await harness();
    const boom = { status: 500, body: { error: { message: 'boom', type: 'server_error' } } };
    // The failure asks for a minute, so the card is read while the retry waits, however slow.
    web.model.script({ ...boom, headers: { 'retry-after': '60' } });
    await web.withWorker(async () => {
      const id = await submit(web.app);
      const { html: waiting } = await eventually(
        () => fragment(web.app, id),
        ({ html }) => html.includes('Retrying —'),
      );
      expect(waiting).toMatch(
        /Retrying — attempt 2 of 3, next in \d+ s: The model server failed with HTTP 500 \(boom\)\./,
      );
      const seconds = Number(/next in (\d+) s/.exec(waiting)?.[1]);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(60);
      expect(waiting).not.toMatch(/will retry/i);
      expect(attemptOnCard(waiting)).toBe('2');
      expect((await web.app.request(`/api/casts/${id}/cancel`, { method: 'POST' })).status).toBe(
        202,
      );
      await untilDone(web.app, id);
    });
    expect(web.model.requests).toHaveLength(1);
  });

  it('once every attempt failed, says so with the attempt count', async ({ harness }) => {
    const web = await harness();
    const boom = { status: 500, body: { error: { message: 'boom', type: 'server_error' } } };
    web.model.setDefault(boom);
    await web.withWorker(async () => {
      const id = await submit(web.app);
      const done = await untilDone(web.app, id);
      expect(done).toMatchObject({ phase: 'failed', attempt: 3 });
      expect(done.error).toEqual({
        type: 'ModelServerError',
        attempt: 3,
        message:
          'The model server failed with HTTP 500 (boom). That was the last of 3 attempts, and ' +
          'all of them failed. Check that the model server is healthy (its logs say more), then ' +
          'submit the cast again.',
      });
      const { html: final } = await fragment(web.app, id);
      expect(attemptOnCard(final)).toBe('3');
      expect(final).toContain('That was the last of 3 attempts');
      expect(final).not.toContain('Retrying');
      expect(web.model.requests).toHaveLength(3);
    });
  });

  it('fails a truncated answer at once as OutputTruncated, naming the token limit', async ({
    harness,
  }) => {
    const web = await harness();
    web.model.setDefault({
      content: '{"value": [1, 2',
      finishReason: 'length',
      usage: { completion_tokens: 8 },
    });
    await web.withWorker(async () => {
      const done = await untilDone(web.app, await submit(web.app));
      expect(done).toMatchObject({ phase: 'failed', attempt: 1 });
      expect(done.error).toMatchObject({
        type: 'OutputTruncated',
        rawOutput: '{"value": [1, 2',
      });
      expect(done.error?.message).toContain('output token limit (8 tokens)');
      expect(done.error?.message).not.toContain('not valid JSON');
      expect(web.model.requests).toHaveLength(1);
    });
  });

  it('fails at once when a 429 asks to come back tomorrow, saying when', async ({ harness }) => {
    const web = await harness();
    web.model.setDefault({ status: 429, headers: { 'retry-after': '86400' } });
    await web.withWorker(async () => {
      const done = await untilDone(web.app, await submit(web.app));
      expect(done.error?.type).toBe('RateLimited');
      expect(done.error?.message).toMatch(/asks to wait 24 h \(until \d{4}-\d\d-\d\dT[\d:]+Z\)/);
      expect(done.attempt).toBe(1);
      expect(web.model.requests).toHaveLength(1);
    });
  });

  it('names CAST_TIMEOUT_SECONDS when every attempt hangs', async ({ harness, env, client }) => {
    const web = await harness();
    const taskQueue = randomTaskQueue('hang');
    const worker = await createTestWorker(env, {
      taskQueue,
      activities: modelActivities(web.model, { timeoutMs: 30_000, heartbeatIntervalMs: 200 }),
    });
    web.model.setDefault({ hang: true });
    const input: CastInput = {
      request: numberListRequest(),
      activity: { ...fastActivity, startToCloseTimeoutMs: 1_500, maximumAttempts: 2 },
    };
    const err = await worker
      .runUntil(
        client.workflow.execute(castData, {
          taskQueue,
          workflowId: `hang-${randomUUID()}`,
          args: [input],
        }),
      )
      .then(
        () => new Error('expected the run to fail'),
        (thrown: unknown) => thrown,
      );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const failure = (err as WorkflowFailedError).cause;
    expect(failure?.message).toContain('did not finish within CAST_TIMEOUT_SECONDS');
    expect(failure?.message).toContain('last of 2 attempts');
  });
});

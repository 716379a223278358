import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castWorkflowType } from '../../src/shared.js';
import { connectTestEnvironment, randomTaskQueue } from '../support/temporal.js';
import { createWebHarness, postForm, type WebHarness } from './web-harness.js';

// Other workflows share the namespace: a payroll run started with the CLI or the SDK, a cast
// of another app on its own task queue. The web app must treat them as if they did not exist.
let env: TestWorkflowEnvironment;
let client: Client;
let web: WebHarness;
const foreign: Record<string, WorkflowHandleWithFirstExecutionRunId> = {};

beforeAll(async () => {
  env = await connectTestEnvironment();
  client = env.client;
  web = await createWebHarness(env);
  // No worker polls these queues: the runs stay open, so a cancel would be accepted.
  foreign.payroll = await client.workflow.start('PayrollRun', {
    workflowId: `payroll-${randomUUID()}`,
    taskQueue: randomTaskQueue('payroll'),
    args: [{ month: '2025-01' }],
  });
  foreign.otherQueue = await client.workflow.start(castWorkflowType, {
    workflowId: `cast-${randomUUID()}`,
    taskQueue: randomTaskQueue('other-app'),
    args: [],
  });
});

afterAll(async () => {
  for (const handle of Object.values(foreign)) await handle.terminate('test over').catch(() => {});
  await web?.close();
  await env?.teardown();
});

/** The body of a 404, with the id replaced, so an unknown id and a foreign one compare equal. */
async function notFoundBody(res: Response, id: string) {
  expect(res.status).toBe(404);
  return (await res.text()).replaceAll(id, '<id>');
}

async function cancelRequested(handle: WorkflowHandleWithFirstExecutionRunId): Promise<boolean> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).some((e) => e.workflowExecutionCancelRequestedEventAttributes);
}

describe.each(['payroll', 'otherQueue'])('a foreign workflow (%s)', (name) => {
  it('answers 404 exactly like an unknown id, in the API and the page, and is never cancelled', async () => {
    const id = foreign[name]!.workflowId;
    const unknown = `cast-${randomUUID()}`;
    const runId = foreign[name]!.firstExecutionRunId;
    const requests: [string, (id: string) => Response | Promise<Response>][] = [
      ['GET /api/casts/:id', (id) => web.app.request(`/api/casts/${id}`)],
      ['GET /api/casts/:id?runId', (id) => web.app.request(`/api/casts/${id}?runId=${runId}`)],
      [
        'POST /api/casts/:id/cancel',
        (id) => web.app.request(`/api/casts/${id}/cancel`, { method: 'POST' }),
      ],
      [
        'GET /casts/:id',
        (id) => web.app.request(`/casts/${id}`, { headers: { 'HX-Request': 'true' } }),
      ],
      ['POST /casts/:id/cancel', (id) => postForm(web.app, `/casts/${id}/cancel`, {})],
    ];
    for (const [route, send] of requests) {
      const seen = await notFoundBody(await send(id), id);
      const expected = await notFoundBody(await send(unknown), unknown);
      expect(seen, route).toBe(expected);
    }
    // Without htmx the page's cancel redirects either way: it must not have cancelled either.
    await postForm(web.app, `/casts/${id}/cancel`, {}, false);

    const description = await foreign[name]!.describe();
    expect(description.status.name).toBe('RUNNING');
    expect(await cancelRequested(foreign[name]!)).toBe(false);
  });
});

it('lists only the casts of its own task queue', async () => {
  const res = await web.app.request('/api/casts?pageSize=100');
  const { casts } = (await res.json()) as { casts: { id: string }[] };
  const ids = casts.map((c) => c.id);
  expect(ids).not.toContain(foreign.payroll!.workflowId);
  expect(ids).not.toContain(foreign.otherQueue!.workflowId);
  const page = await (await web.app.request('/')).text();
  expect(page).not.toContain(foreign.otherQueue!.workflowId);
});

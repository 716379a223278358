import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { eventually } from '../support/cast-fixtures.js';
import { castPromptOf, startModelServer, type ModelServer } from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';
import { connectTestEnvironment } from '../support/temporal.js';
import { recordFigure, residentMb, sized, soakLong } from './soak-figures.js';

const submissions = sized(100, 1_000);
const clients = sized(20, 100);

let model: ModelServer;
let stack: RunningStack;
let client: Client;
let env: TestWorkflowEnvironment;
let taskQueue: string;

beforeAll(async () => {
  model = await startModelServer();
  model.respondWith((body) => ({ answer: [castPromptOf(body).length % 97] }));
  taskQueue = `soak-load-${randomUUID()}`;
  stack = await startStack(model, {
    TEMPORAL_TASK_QUEUE: taskQueue,
    OPENAI_MODEL: `load-${randomUUID()}`,
    TYPECAST_SUBMIT_RATE_PER_MINUTE: '0',
    WORKER_MAX_CONCURRENT_ACTIVITIES: '50',
  });
  env = await connectTestEnvironment();
  client = env.client;
});

afterAll(async () => {
  await stack?.stop();
  await model?.close();
  await env?.teardown();
});

async function count(query?: string): Promise<number> {
  const { count } = await client.workflowService.countWorkflowExecutions({
    namespace: 'default',
    query: `TaskQueue = '${taskQueue}'${query ? ` AND ${query}` : ''}`,
  });
  return Number(count ?? 0);
}

const submit = (data: string) =>
  fetch(`${stack.url}/api/casts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data, target: { type: 'number[]' } }),
  });

it(`${submissions} submissions from ${clients} concurrent clients: as many runs, none lost, none twice`, async () => {
  const rssBefore = residentMb(stack.pid);
  const statuses = new Map<number, number>();
  const ids: string[] = [];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; i < submissions; i += clients) {
        const res = await submit(`load ${i}: ${randomUUID()}`);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 202) ids.push(((await res.json()) as { id: string }).id);
        else await res.body?.cancel();
      }
    }),
  );
  const submitSeconds = (Date.now() - started) / 1000;

  // Every accepted submission is exactly one run, and every run completes.
  const deadline = { timeoutMs: soakLong ? 900_000 : 180_000, intervalMs: 1_000 };
  const completed = await eventually(
    () => count(`ExecutionStatus = 'Completed'`),
    (n) => n >= ids.length,
    deadline,
  );
  const runs = await count();
  const distinct = new Set(ids).size;
  const rssAfter = residentMb(stack.pid);

  // The same request sent by many clients at once is one run, not many.
  const same = `one request, many clients: ${randomUUID()}`;
  const joined = await Promise.all(Array.from({ length: 20 }, () => submit(same)));
  const sameIds = new Set(
    await Promise.all(joined.map(async (res) => ((await res.json()) as { id: string }).id)),
  );
  const sameRuns = await eventually(
    () => count(`WorkflowId = '${[...sameIds][0]}'`),
    (n) => n >= 1,
  );

  recordFigure({
    name: 'load',
    // The burst itself is the fault: it survived when every submission ran exactly once.
    faults: 1,
    survived: completed === submissions && runs === submissions && distinct === submissions ? 1 : 0,
    lost: submissions - completed,
    detail: `${submissions} submissions from ${clients} clients in ${submitSeconds.toFixed(1)} s (${Math.round(submissions / submitSeconds)}/s): ${statuses.get(202) ?? 0} accepted, ${runs} runs, ${completed} completed, ${ids.length - distinct} duplicated; 20 identical submissions → ${sameRuns} run; web+worker RSS ${rssBefore} → ${rssAfter} MB`,
  });
  expect(Object.fromEntries(statuses)).toEqual({ 202: submissions });
  expect(distinct).toBe(submissions);
  expect(runs).toBe(submissions);
  expect(completed).toBe(submissions);
  expect(sameIds.size).toBe(1);
  expect(sameRuns).toBe(1);
});

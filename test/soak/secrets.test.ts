import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from '../support/cast-fixtures.js';
import { castPromptOf, startModelServer, type ModelServer } from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';
import { decodedText } from '../support/stored-text.js';
import { connectTestEnvironment } from '../support/temporal.js';
import { recordFigure } from './soak-figures.js';

// The model key and the API token, pushed at every place they could leak from: a model server
// that quotes the key back in errors and answers, requests that carry the token, a person who
// signs in with it. Neither may appear in a history, a memo, a log line or a page.

const modelKey = `sk-soak-${randomUUID()}`;
const token = `tok-soak-${randomUUID()}`;
const taskQueue = `soak-secrets-${randomUUID()}`;
let model: ModelServer;
let stack: RunningStack;
let client: Client;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  model = await startModelServer();
  model.respondWith((body, request) => {
    const prompt = castPromptOf(body);
    const seen = model.requests.filter((r) => r.rawBody === request.rawBody).length;
    if (prompt.includes('echo in a retry'))
      return seen === 1
        ? {
            status: 500,
            body: { error: { message: `upstream: Authorization: Bearer ${modelKey}` } },
          }
        : { answer: [1] };
    if (prompt.includes('echo in a refusal'))
      return { status: 400, body: { error: { message: `Invalid API key ${modelKey} for model` } } };
    return { content: `not json, but the key: ${modelKey}` };
  });
  stack = await startStack(model, {
    TEMPORAL_TASK_QUEUE: taskQueue,
    OPENAI_API_KEY: modelKey,
    OPENAI_MODEL: `secrets-${randomUUID()}`,
    TYPECAST_API_TOKENS: token,
    LOG_LEVEL: 'debug',
    CAST_MAX_ATTEMPTS: '2',
  });
  env = await connectTestEnvironment();
  client = env.client;
});

afterAll(async () => {
  await stack?.stop();
  await model?.close();
  await env?.teardown();
});

it('keeps the model key and the API token out of histories, memos, logs and pages', async () => {
  const auth = { Authorization: `Bearer ${token}` };
  const seen: Record<string, string> = {};
  const ids: string[] = [];
  for (const data of ['echo in a retry', 'echo in a refusal', 'echo in an answer']) {
    const res = await fetch(`${stack.url}/api/casts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth },
      body: JSON.stringify({ data: `${data} ${randomUUID()}`, target: { type: 'number[]' } }),
    });
    expect(res.status).toBe(202);
    ids.push(((await res.json()) as { id: string }).id);
  }
  for (const id of ids) {
    const view = await eventually(
      async () =>
        (await (await fetch(`${stack.url}/api/casts/${id}`, { headers: auth })).json()) as {
          done: boolean;
        },
      (v) => v.done,
      { timeoutMs: 60_000 },
    );
    seen[`api ${id}`] = JSON.stringify(view);
  }

  // A person signs in with the token and looks at the page, the cards and the docs.
  const signIn = await fetch(`${stack.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Sec-Fetch-Site': 'same-origin' },
    body: new URLSearchParams({ token }),
  });
  const cookie = signIn.headers.get('Set-Cookie')?.split(';')[0] ?? '';
  expect(cookie).toMatch(/^typecast_session=/);
  seen['session cookie'] = cookie;
  const page = (path: string) =>
    fetch(`${stack.url}${path}`, { headers: { Cookie: cookie, 'HX-Request': 'true' } }).then((r) =>
      r.text(),
    );
  seen.page = await page('/');
  for (const id of ids) seen[`card ${id}`] = await page(`/casts/${id}`);
  seen.docs = await page('/docs');
  seen.openapi = await page('/openapi.json');
  seen.list = await page('/api/casts');

  // What Temporal holds, decrypted: histories and the memos a list returns.
  for (const id of ids)
    seen[`history ${id}`] = await decodedText(await client.workflow.getHandle(id).fetchHistory());
  seen.memos = await decodedText(
    await client.workflowService.listWorkflowExecutions({
      namespace: 'default',
      query: `TaskQueue = '${taskQueue}'`,
    }),
  );
  seen.logs = stack.output();

  const leaks = Object.entries(seen).filter(
    ([, text]) => text.includes(modelKey) || text.includes(token),
  );
  recordFigure({
    name: 'secrets',
    faults: Object.keys(seen).length,
    survived: Object.keys(seen).length - leaks.length,
    lost: 0,
    detail: `model key and API token looked for in ${Object.keys(seen).length} places (${ids.length} histories, memos, ${Object.keys(seen).filter((k) => /card|page|docs|api|openapi|list/.test(k)).length} pages and answers, ${seen.logs.split('\n').length} log lines): ${leaks.length} leaks`,
  });
  expect(leaks.map(([where]) => where)).toEqual([]);
  // The failures that quoted the key are there, redacted: the search looked at them.
  const histories = ids.map((id) => seen[`history ${id}`]).join('\n');
  expect(histories).toContain('Bearer [redacted]');
  expect(histories).toContain('Invalid API key [redacted]');
  expect(histories).toContain('but the key: [redacted]');
  expect(seen.logs).toMatch(/"path":"\/api\/casts"/);
});

import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Hono } from 'hono';
import { createApp } from '../../src/web/app.js';
import { fastActivity } from '../support/cast-fixtures.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { withModelWorker } from '../support/model-worker.js';
import { createTemporalHealth } from '../../src/temporal/temporal-health.js';
import { randomTaskQueue, temporalAddress } from '../support/temporal.js';

export interface WebHarness {
  app: Hono;
  model: ModelServer;
  taskQueue: string;
  /** Unique per test: it is part of the cast key, so tests never share a cached cast. */
  modelName: string;
  /** Runs fn while a real worker with the real activities polls this test's task queue. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function createWebHarness(
  client: Client,
  { maxDataChars = 1_000 } = {},
): Promise<WebHarness> {
  const model = await startModelServer();
  const taskQueue = randomTaskQueue('web');
  const modelName = `test-model-${randomUUID()}`;
  const app = createApp({
    client,
    taskQueue,
    activity: fastActivity,
    model: modelName,
    modelLabel: modelName,
    localModel: false,
    temporalUiUrl: 'http://127.0.0.1:8233',
    namespace: 'default',
    maxDataChars,
    temporalHealth: createTemporalHealth({
      address: temporalAddress(),
      setting: 'TEMPORAL_ADDRESS',
    }),
  });
  return {
    app,
    model,
    taskQueue,
    modelName,
    withWorker: (fn) => withModelWorker(model, taskQueue, fn, { maxReasks: 1, timeoutMs: 8_000 }),
    close: () => model.close(),
  };
}

/**
 * A form post as htmx sends it from this site; a post to /casts comes from the page's form
 * (htmx names it in HX-Trigger), unless `trigger` says otherwise (an example has no id).
 */
export function postForm(
  app: Hono,
  path: string,
  fields: Record<string, string>,
  htmx = true,
  trigger: string | undefined = path === '/casts' ? 'cast-form' : undefined,
) {
  return app.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: {
      'Sec-Fetch-Site': 'same-origin',
      ...(htmx ? { 'HX-Request': 'true', ...(trigger ? { 'HX-Trigger': trigger } : {}) } : {}),
    },
  });
}

export function postJson(app: Hono, path: string, body: unknown) {
  return app.request(path, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
}

export function castIdIn(html: string): string {
  const id = /data-cast-id="([^"]+)"/.exec(html)?.[1];
  if (!id) throw new Error(`no run card in: ${html.slice(0, 500)}`);
  return id;
}

/** The opening tag of the run card in a fragment, where its polling attributes live. */
export function cardTag(html: string): string {
  const tag = /<article[^>]*class="run-card[^"]*"[^>]*>/.exec(html)?.[0];
  if (!tag) throw new Error(`no run card in: ${html.slice(0, 500)}`);
  return tag;
}

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { expect } from 'vitest';
import type { CastView } from '../../src/client/cast-view.js';
import { castViewSchema } from '../../src/web/api-schemas.js';
import { createApp } from '../../src/web/app.js';
import { eventually } from '../support/cast-fixtures.js';
import { castTest } from '../support/fixtures.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { withModelWorker, type ModelActivityOptions } from '../support/model-worker.js';
import { testWebDeps } from '../support/web-deps.js';

export interface WebHarness {
  app: Hono;
  model: ModelServer;
  taskQueue: string;
  /** Unique per test: it is part of the cast key, so tests never share a cached cast. */
  modelName: string;
  /**
   * Runs fn while a real worker with the real activities polls this test's task queue. The
   * model client gives up after 8 s, within fastActivity's 10 s attempt, so a hang is the
   * activity's ModelTimeout; anything else a test relies on (maxReasks) it says here.
   */
  withWorker<T>(fn: () => Promise<T>, options?: ModelActivityOptions): Promise<T>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  maxDataChars?: number;
  logger?: Logger;
}

/** The web app on the environment's client, with its own task queue and scripted model. */
export async function createWebHarness(
  env: TestWorkflowEnvironment,
  { maxDataChars = 1_000, logger }: HarnessOptions = {},
): Promise<WebHarness> {
  const model = await startModelServer();
  const deps = testWebDeps(env.client, { maxDataChars, ...(logger ? { logger } : {}) });
  const { taskQueue, model: modelName } = deps;
  const app = createApp(deps);
  return {
    app,
    model,
    taskQueue,
    modelName,
    withWorker: (fn, options) =>
      withModelWorker(env, model, taskQueue, fn, { timeoutMs: 8_000, ...options }),
    close: () => model.close(),
  };
}

/**
 * `it` whose test makes its own web app: `webTest('…', async ({ harness }) => { const web =
 * await harness(); … })`. Each harness is closed after its test; the test environment is the
 * file's (see castTest).
 */
export const webTest = castTest.extend<{
  harness: (options?: HarnessOptions) => Promise<WebHarness>;
}>({
  harness: async ({ env }, use) => {
    const made: WebHarness[] = [];
    await use(async (options) => {
      const web = await createWebHarness(env, options);
      made.push(web);
      return web;
    });
    for (const web of made) await web.close();
  },
});

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

/** A cast as the JSON API shows it, checked against the schema the API documents. */
export async function readApi(app: Hono, id: string): Promise<CastView> {
  const res = await app.request(`/api/casts/${id}`);
  expect(res.status).toBe(200);
  return castViewSchema.parse(await res.json()) as CastView;
}

/** Polls the JSON API until the cast is done. */
export const untilDone = (app: Hono, id: string) =>
  eventually(
    () => readApi(app, id),
    (view) => view.done,
  );

/** A fragment as htmx asks for it. */
export async function htmxGet(app: Hono, url: string) {
  const res = await app.request(url, { headers: { 'HX-Request': 'true' } });
  return { status: res.status, html: await res.text() };
}

/** A cast's run card as htmx polls it. */
export const fragment = (app: Hono, id: string) => htmxGet(app, `/casts/${id}`);

/** Posts the page's form and returns the id on the run card it answers with. */
export async function submitForm(app: Hono, fields: Record<string, string>): Promise<string> {
  return castIdIn(await (await postForm(app, '/casts', fields)).text());
}

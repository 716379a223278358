import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';

// Its own stack: the test stops the server under a polling card.
let model: ModelServer;
let stack: RunningStack;
let browser: Browser;

beforeAll(async () => {
  model = await startModelServer();
  model.respondWith(() => ({ hang: true }));
  stack = await startStack(model, {
    OPENAI_MODEL: `lost-${Date.now()}`,
    WORKER_SHUTDOWN_GRACE_SECONDS: '1',
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await model?.close();
});

it('stops polling with a message when the server stops answering', async () => {
  const page = await browser.newPage();
  await page.goto(stack.url);
  await page.fill('#data', 'a cast that outlives its server');
  await page.check('#kind-type');
  await page.fill('#type', 'number');
  await page.getByRole('button', { name: /^Cast/ }).click();
  const card = page.locator('.run-card', { hasText: 'a cast that outlives its server' }).first();
  await expect.poll(() => card.getAttribute('data-phase'), { timeout: 15_000 }).toBe('casting');

  const id = await card.getAttribute('data-cast-id');
  expect(id).toMatch(/^cast-/);

  await stack.stop();
  // Recent runs of other tests may poll too: look at this card and its requests only.
  const lost = page.locator(`.run-card.lost-contact[data-cast-id="${id}"]`);
  await expect.poll(() => lost.count(), { timeout: 20_000 }).toBe(1);
  expect(await lost.getByRole('alert').innerText()).toMatch(/Lost contact with the server/);
  expect(await lost.getAttribute('hx-trigger')).toBeNull();

  let polls = 0;
  page.on('request', (request) => {
    if (request.url().includes(`/casts/${id}`)) polls += 1;
  });
  await page.waitForTimeout(3_000);
  expect(polls).toBe(0);
  await page.close();
});

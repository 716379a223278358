import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { gate, startModelServer, type ModelServer } from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';

// Its own stack and model: the script below is this test's alone.
let model: ModelServer;
let stack: RunningStack;
let browser: Browser;

beforeAll(async () => {
  model = await startModelServer();
  stack = await startStack(model, { OPENAI_MODEL: `retrying-${randomUUID()}` });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await model?.close();
});

it('a retrying card shows the attempt and why the one before failed; Copy puts the result on the clipboard', async () => {
  const answer = { city: 'Zürich', visits: 3 };
  // The first attempt fails with a retryable 503; the second is held open until the test has
  // read the card, so the card is seen retrying however slow the machine.
  const second = gate();
  model.script(
    { status: 503, body: { error: { message: 'overloaded, come back soon', type: 'server' } } },
    { after: second.opened, then: { answer } },
  );
  const context = await browser.newContext({
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  try {
    const page = await context.newPage();
    await page.goto(stack.url);
    const data = `three visits to Zürich (${randomUUID()})`;
    await page.fill('#data', data);
    await page.check('#kind-type');
    await page.fill('#type', '{ city: string; visits: number }');
    await page.getByRole('button', { name: /^Cast/ }).click();
    const card = page.locator('.run-card', { hasText: data });

    await model.waitForRequests(2);
    await expect.poll(() => card.getAttribute('data-phase')).toBe('retrying');
    await expect
      .poll(() => card.locator('.last-error').innerText())
      .toBe(
        'Retrying — attempt 2 of 5 is running; the attempt before failed: ' +
          'The model server failed with HTTP 503 (overloaded, come back soon).',
      );
    expect(await card.locator('.facts dt:text-is("Attempt") + dd').innerText()).toBe('2');

    second.open();
    await expect.poll(() => card.getAttribute('data-phase')).toBe('completed');
    expect(await card.locator('.last-error').count()).toBe(0);
    await card.getByRole('button', { name: 'Copy JSON' }).click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(JSON.stringify(answer, null, 2));
    expect(await card.locator('button.copy').innerText()).not.toMatch(/failed/);
  } finally {
    second.open();
    await context.close();
  }
});

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/local/dev-server.js';
import { freePort } from '../../src/local/free-port.js';
import { launchBrowser } from '../support/browser.js';
import { castPromptOf, startModelServer, type ModelServer } from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';
import { temporalCli } from '../support/temporal.js';
import { recordFigure, sized } from './soak-figures.js';

// The Temporal server SIGKILLed with casts in flight and started again on the same state file:
// every cast completes, and the page's cards say Temporal is unreachable meanwhile, then resume.

const casts = sized(3, 20);
let dataDir: string;
let temporalPort: number;
let temporal: DevServer | undefined;
let model: ModelServer;
let stack: RunningStack;
let browser: Browser;
let killed = false;

const startTemporal = async () => {
  temporal = await startDevServer({
    cli: temporalCli(),
    port: temporalPort,
    dbFile: join(dataDir, 'temporal.db'),
  });
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'typecast-soak-devkill-'));
  temporalPort = await freePort();
  await startTemporal();
  model = await startModelServer();
  // Every call hangs until the server has been killed, so every cast is mid-call then; the
  // attempts after the restart answer.
  model.respondWith((body) => {
    if (!killed) return { hang: true };
    const prompt = castPromptOf(body);
    const n = Number(/cast number (\d+)/.exec(prompt)?.[1] ?? -1);
    return { answer: [n] };
  });
  stack = await startStack(model, {
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    OPENAI_MODEL: `devkill-${randomUUID()}`,
    CAST_HEARTBEAT_TIMEOUT_SECONDS: '2',
    WORKER_SHUTDOWN_GRACE_SECONDS: '1',
    WORKER_MAX_CONCURRENT_ACTIVITIES: '50',
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await model?.close();
  await temporal?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it(`a dev server SIGKILLed with ${casts} casts in flight and restarted on its db: the cards say so, then every cast completes`, async () => {
  const page = await browser.newPage();
  await page.goto(stack.url);
  const marker = randomUUID().slice(0, 8);
  for (let i = 0; i < casts; i++) {
    await page.fill('#data', `cast number ${i} of ${marker}`);
    await page.check('#kind-type');
    await page.fill('#type', 'number[]');
    await page.getByRole('button', { name: /^Cast/ }).click();
    await expect
      .poll(() => page.locator('.run-card', { hasText: `cast number ${i} of ${marker}` }).count())
      .toBe(1);
  }
  const cards = page.locator('.run-card', { hasText: marker });
  await model.waitForRequests(casts, 30_000);

  // Kill -9 the whole dev server process group: no shutdown, no flush.
  process.kill(-temporal!.pid!, 'SIGKILL');
  killed = true;
  await expect
    .poll(
      () => page.locator('.run-card .unreachable', { hasText: 'Temporal is unreachable' }).count(),
      {
        timeout: 30_000,
      },
    )
    .toBeGreaterThanOrEqual(casts);
  const unreachableCards = await page.locator('.run-card.temporal-unreachable').count();
  expect(await page.locator('.run-card.lost-contact').count()).toBe(0);

  await startTemporal();
  await expect
    .poll(() => page.locator('.run-card[data-phase="completed"]', { hasText: marker }).count(), {
      timeout: 120_000,
      interval: 500,
    })
    .toBe(casts);
  const values = await cards.locator('.value').allInnerTexts();
  const completed = values.length;
  recordFigure({
    name: 'dev-server-kill',
    faults: 1,
    survived: completed === casts ? 1 : 0,
    lost: casts - completed,
    detail: `${casts} casts in flight at SIGKILL of the dev server: ${unreachableCards} cards said "Temporal is unreachable", ${completed} completed after the restart on the same db`,
  });
  expect(completed).toBe(casts);
  for (let i = 0; i < casts; i++)
    expect(
      await page
        .locator('.run-card', { hasText: `cast number ${i} of ${marker}` })
        .locator('.value')
        .innerText(),
    ).toContain(String(i));
  await page.close();
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/local/dev-server.js';
import { freePort } from '../../src/local/free-port.js';
import { launchBrowser } from '../support/browser.js';
import { gate, startModelServer, type ModelServer } from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';
import { temporalCli } from '../support/temporal.js';

// The app against a Temporal server that stops and comes back on the same state file, as a
// restarted dev server or a failed-over cluster does. Its own dev server: the test stops it.
let dataDir: string;
let temporalPort: number;
let temporal: DevServer | undefined;
let model: ModelServer;
let stack: RunningStack;
let browser: Browser;
const outageBegun = gate();

const startTemporal = async () => {
  temporal = await startDevServer({
    cli: temporalCli(),
    port: temporalPort,
    dbFile: join(dataDir, 'temporal.db'),
  });
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'typecast-outage-'));
  temporalPort = await freePort();
  await startTemporal();
  model = await startModelServer();
  // The first answer comes once the outage has begun; any later attempt answers at once.
  model.respondWith((_body, request) =>
    model.requests.indexOf(request) === 0
      ? { after: outageBegun.opened, then: { answer: 42 } }
      : { answer: 42 },
  );
  stack = await startStack(model, {
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    OPENAI_MODEL: `outage-${Date.now()}`,
    CAST_HEARTBEAT_TIMEOUT_SECONDS: '2',
    WORKER_SHUTDOWN_GRACE_SECONDS: '1',
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  outageBegun.open();
  await browser?.close();
  await stack?.stop();
  await model?.close();
  await temporal?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('a casting card says Temporal is unreachable, keeps polling, and completes once it is back', async () => {
  const page = await browser.newPage();
  await page.goto(stack.url);
  await page.fill('#data', 'forty-two, through an outage');
  await page.check('#kind-type');
  await page.fill('#type', 'number');
  await page.getByRole('button', { name: /^Cast/ }).click();
  const card = page.locator('.run-card', { hasText: 'forty-two, through an outage' }).first();
  await expect.poll(() => card.getAttribute('data-phase'), { timeout: 15_000 }).toBe('casting');
  await model.waitForRequests(1);

  await temporal?.stop();
  outageBegun.open();
  const note = card.getByText('Temporal is unreachable — retrying');
  await expect.poll(() => note.count(), { timeout: 20_000 }).toBe(1);
  // Still polling, never given up on.
  expect(await card.getAttribute('hx-trigger')).toMatch(/^every /);
  expect(await page.locator('.run-card.lost-contact').count()).toBe(0);

  await startTemporal();
  await expect.poll(() => card.getAttribute('data-phase'), { timeout: 60_000 }).toBe('completed');
  expect(await card.locator('.value').innerText()).toContain('42');
  expect(await note.count()).toBe(0);
  await page.close();

  // The worker's Rust core complained while the server was away: in JSON, like every line.
  const afterBanner = stack.output().split('Press Ctrl-C to stop.').pop() ?? '';
  const lines = afterBanner.split('\n').filter((line) => line.trim() !== '');
  for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
});

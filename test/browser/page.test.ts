import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import {
  castPromptOf,
  gate,
  startModelServer,
  type ModelServer,
  type ModelStep,
} from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';

const outputDir = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

let model: ModelServer;
let stack: RunningStack;
let browser: Browser;

/** Held open until the test that casts them has seen them running: a gate, not a delay. */
const held = { example: gate(), first: gate(), second: gate() };

/** Answers by the data in the prompt, so casts running at once each get their own answer. */
const answers: [RegExp, () => ModelStep][] = [
  [/one, TWO, three/, () => ({ after: held.example.opened, then: { answer: [1, 2, 3] } })],
  [
    /I live in the big apple/,
    () => ({ answer: { city: 'New York City', state: 'NY', country: 'US' } }),
  ],
  [/wrong key please/, () => ({ status: 401 })],
  [/show me markup/, () => ({ answer: '<img src=x onerror="window.__pwned=1">' })],
  [/first of two/, () => ({ after: held.first.opened, then: { answer: 1 } })],
  [/second of two/, () => ({ after: held.second.opened, then: { answer: 2 } })],
  [/a later run/, () => ({ answer: 7 })],
];

beforeAll(async () => {
  model = await startModelServer();
  model.respondWith((body) => {
    // Only the cast's own turn: the system prompt and worked examples are not the data.
    const prompt = castPromptOf(body);
    const match = answers.find(([pattern]) => pattern.test(prompt));
    return match ? match[1]() : { status: 400 };
  });
  stack = await startStack(model, { OPENAI_MODEL: `browser-${Date.now()}` });
  browser = await launchBrowser();
  await mkdir(outputDir, { recursive: true });
});

afterAll(async () => {
  Object.values(held).forEach((door) => door.open());
  await browser?.close();
  await stack?.stop();
  await model?.close();
});

/**
 * Runs a test on a fresh page of the app and closes it. Whatever the test checks, the page must
 * have reported no script error and no console error while it ran.
 */
async function onPage(test: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  try {
    await page.goto(stack.url);
    await test(page);
  } finally {
    await page.close();
  }
  expect(errors).toEqual([]);
}

async function castByType(page: Page, data: string, type: string) {
  await page.fill('#data', data);
  await page.check('#kind-type');
  await page.fill('#type', type);
  await page.getByRole('button', { name: /^Cast/ }).click();
}

const card = (page: Page, text: string) => page.locator('.run-card', { hasText: text }).first();

/**
 * Runs `submit` and returns the card it added. Recent runs of other tests may show the same
 * text, so wait for one more matching card: new cards go on top.
 */
async function submitted(page: Page, text: string, submit: () => Promise<void>) {
  const matching = page.locator('.run-card', { hasText: text });
  const before = await matching.count();
  await submit();
  await expect.poll(() => matching.count()).toBe(before + 1);
  return matching.first();
}

describe('the page in a real browser', () => {
  it('runs an example: the card goes from casting to the typed result', () =>
    onPage(async (page) => {
      const run = await submitted(page, 'one, TWO, three', () =>
        page.getByRole('button', { name: /one, TWO, three/ }).click(),
      );
      await expect.poll(() => run.getAttribute('data-phase'), { timeout: 30_000 }).toBe('casting');
      held.example.open();
      await expect
        .poll(() => run.getAttribute('data-phase'), { timeout: 30_000 })
        .toBe('completed');
      await expect.poll(() => run.locator('.value').innerText()).toMatch(/\[\s*1,\s*2,\s*3\s*\]/);
      expect(await run.getAttribute('hx-trigger')).toBeNull();
    }));

  it('shows a failing cast with its error, then stops polling', () =>
    onPage(async (page) => {
      const polls: string[] = [];
      page.on('request', (req) => {
        if (/\/casts\/cast-/.test(req.url())) polls.push(req.url());
      });
      await castByType(page, 'wrong key please', 'number');
      const run = card(page, 'wrong key please');
      await expect.poll(() => run.getAttribute('data-phase'), { timeout: 30_000 }).toBe('failed');
      await expect.poll(() => run.locator('.error-type').innerText()).toBe('BadCredentials');
      // Only this card's requests: recent runs of other tests may still be polling.
      const id = await run.getAttribute('data-cast-id');
      const ownPolls = () => polls.filter((url) => url.includes(`/casts/${id}`)).length;
      expect(ownPolls()).toBeGreaterThan(0);
      const settled = ownPolls();
      await page.waitForTimeout(2_500);
      expect(ownPolls()).toBe(settled);
    }));

  it('shows markup from the model as text, never as HTML', () =>
    onPage(async (page) => {
      await castByType(page, 'show me markup', 'string');
      const run = card(page, 'show me markup');
      await expect
        .poll(() => run.getAttribute('data-phase'), { timeout: 30_000 })
        .toBe('completed');
      expect(await run.locator('.value').innerText()).toContain('<img src=x onerror=');
      expect(await run.locator('img').count()).toBe(0);
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    }));

  it('runs two casts at once, both to the end, and keeps every card', () =>
    onPage(async (page) => {
      const first = card(page, 'first of two');
      const second = card(page, 'second of two');
      await castByType(page, 'first of two', 'number');
      await first.waitFor();
      await castByType(page, 'second of two', 'number');
      await second.waitFor();
      // Both model calls are open at once: neither is answered before both arrived.
      await expect
        .poll(
          () => model.requests.filter((r) => /(first|second) of two/.test(castPromptOf(r.body))),
          { timeout: 30_000 },
        )
        .toHaveLength(2);
      await expect
        .poll(() => first.getAttribute('data-phase'), { timeout: 30_000 })
        .toBe('casting');
      await expect
        .poll(() => second.getAttribute('data-phase'), { timeout: 30_000 })
        .toBe('casting');
      held.first.open();
      held.second.open();
      await expect
        .poll(() => first.getAttribute('data-phase'), { timeout: 30_000 })
        .toBe('completed');
      await expect
        .poll(() => second.getAttribute('data-phase'), { timeout: 30_000 })
        .toBe('completed');
      expect(await first.locator('.value').innerText()).toBe('1');
      expect(await second.locator('.value').innerText()).toBe('2');
    }));

  it('answers a repeated cast from the cache and lists its own runs newest first after a reload', () =>
    onPage(async (page) => {
      const before = model.requests.length;
      const location = await submitted(page, 'I live in the big apple', () =>
        page.getByRole('button', { name: /big apple/ }).click(),
      );
      await expect
        .poll(() => location.getAttribute('data-phase'), { timeout: 30_000 })
        .toBe('completed');
      const cached = await location.getAttribute('data-cast-id');
      const repeated = await submitted(page, 'I live in the big apple', () =>
        page.getByRole('button', { name: /big apple/ }).click(),
      );
      await expect.poll(() => repeated.getAttribute('data-phase')).toBe('completed');
      // New cards go on top: the repeat, then the first run.
      const both = page.locator('.run-card', { hasText: 'I live in the big apple' });
      expect(await both.nth(0).locator('.cache-hit').count()).toBe(1);
      expect(await both.nth(1).locator('.cache-hit').count()).toBe(0);
      expect(await both.nth(0).getAttribute('data-cast-id')).toBe(cached);
      expect(model.requests.length - before).toBe(1);

      const text = `a later run ${randomUUID()}`;
      const later = await submitted(page, text, () => castByType(page, text, 'number'));
      const latest = await later.getAttribute('data-cast-id');
      // The list comes from Temporal's visibility store, which may lag a start by a moment.
      const listed = () =>
        page
          .locator('#runs .run-card')
          .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-cast-id')));
      await expect
        .poll(async () => {
          await page.reload();
          return listed();
        })
        .toEqual(expect.arrayContaining([latest, cached]));
      const ids = await listed();
      // One run of the cached cast, below the run started after it.
      expect(ids.filter((id) => id === cached)).toHaveLength(1);
      expect(ids.indexOf(latest)).toBeLessThan(ids.indexOf(cached));
      // Last: a form swap after Playwright's screenshot was seen to report inline-style CSP
      // violations from htmx, so nothing follows it.
      await page.setViewportSize({ width: 1280, height: 1400 });
      await page.screenshot({ path: `${outputDir}page.png`, fullPage: true });
    }));
});

import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';

// Its own stack, so its task queue starts with no runs: the first test sees an empty list.
const outputDir = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const phone = { width: 390, height: 844 };

let model: ModelServer;
let stack: RunningStack;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  model = await startModelServer();
  // Slow enough that a card is seen running; the answers need not fit: cards are what counts.
  model.respondWith(() => ({ delayMs: 300, then: { answer: [1, 2, 3] } }));
  stack = await startStack(model, {
    OPENAI_MODEL: `details-${Date.now()}`,
    CAST_MAX_DATA_CHARS: '50',
  });
  browser = await launchBrowser();
  await mkdir(outputDir, { recursive: true });
});

afterEach(async () => {
  // Whatever a test did, nothing the page loaded or swapped in broke the CSP.
  for (const page of pages.splice(0)) {
    expect(await violations(page)).toEqual([]);
    await page.close();
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await model?.close();
});

/** A page that records every CSP violation (the event, and its console message). */
async function openPage(path = '/', viewport = phone): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const messages: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) messages.push(msg.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __violations: seen });
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  Object.assign(page, { cspMessages: messages });
  pages.push(page);
  await page.goto(`${stack.url}${path}`);
  return page;
}

async function violations(page: Page): Promise<string[]> {
  const events = page.isClosed()
    ? []
    : await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  return [...events, ...(page as Page & { cspMessages: string[] }).cspMessages];
}

const inView = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight;
  });

describe('the page on a phone (390 px)', () => {
  it('runs an example without touching what was typed, and brings its card into view', async () => {
    const page = await openPage();
    const empty = page.locator('.empty', { hasText: 'No runs yet' });
    expect(await empty.isVisible()).toBe(true);

    await page.fill('#data', 'my own words, half typed');
    await page.getByRole('button', { name: /one, TWO, three/ }).click();
    const card = page.locator('.run-card').first();
    await card.waitFor();
    expect(await page.inputValue('#data')).toBe('my own words, half typed');
    expect(await page.locator('#kind-preset').isChecked()).toBe(true);
    await expect.poll(() => inView(page, '.run-card')).toBe(true);
    expect(await empty.isVisible()).toBe(false);
    // htmx injected no style element: its indicator styles come from app.css.
    expect(await page.locator('head style').count()).toBe(0);
    await expect.poll(() => card.getAttribute('data-phase'), { timeout: 30_000 }).toBe('completed');
    expect(await empty.isVisible()).toBe(false);
  });

  it('never says "No runs yet" under a listed run', async () => {
    // Its own run, not the one an earlier test left.
    const res = await fetch(`${stack.url}/api/casts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: `a listed run ${randomUUID()}`, target: { type: 'number[]' } }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const page = await openPage();
    const listed = page.locator(`#runs .run-card[data-cast-id="${id}"]`);
    // The list comes from Temporal's visibility store, which may lag a start by a moment.
    await expect
      .poll(async () => {
        if ((await listed.count()) === 0) await page.reload();
        return listed.count();
      })
      .toBe(1);
    expect(await page.locator('.empty').isVisible()).toBe(false);
  });

  it('shows Labels only for the presets that take labels, and Fresh beside its box', async () => {
    const page = await openPage();
    const labels = page.locator('#labels');
    expect(await labels.isVisible()).toBe(false);
    await page.selectOption('#preset', 'choice');
    expect(await labels.isVisible()).toBe(true);
    await page.selectOption('#preset', 'number');
    expect(await labels.isVisible()).toBe(false);

    const box = (await page.locator('#fresh').boundingBox())!;
    const label = (await page.locator('label[for="fresh"]').boundingBox())!;
    expect(label.x).toBeGreaterThan(box.x + box.width - 1);
    const middle = box.y + box.height / 2;
    expect(label.y).toBeLessThan(middle);
    expect(label.y + label.height).toBeGreaterThan(middle);
  });

  it('asks before a type example replaces a type the person wrote', async () => {
    const page = await openPage();
    const dialogs: string[] = [];
    let answer = false;
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void (answer ? dialog.accept() : dialog.dismiss());
    });
    const example = (text: string) =>
      page.locator('button.fill', { hasText: text }).first().click();

    await page.check('#kind-type');
    await example('number[]');
    expect(await page.inputValue('#type')).toBe('number[]');
    // One example over another loses nothing: no question.
    await example('"low" | "medium" | "high"');
    expect(await page.inputValue('#type')).toBe('"low" | "medium" | "high"');
    expect(dialogs).toEqual([]);

    await page.fill('#type', '{ sku: string; price: number }');
    await example('number[]');
    expect(dialogs).toHaveLength(1);
    expect(await page.inputValue('#type')).toBe('{ sku: string; price: number }');
    answer = true;
    await example('number[]');
    expect(dialogs).toHaveLength(2);
    expect(await page.inputValue('#type')).toBe('number[]');
  });

  it('shows a type error right under its field, with its position once', async () => {
    const page = await openPage();
    await page.fill('#data', 'Springfield');
    await page.check('#kind-type');
    await page.fill('#type', '{ city: string');
    await page.getByRole('button', { name: /^Cast/ }).click();
    const error = page.locator('#type-error');
    await error.waitFor();
    expect(await error.evaluate((e) => e.previousElementSibling?.id)).toBe('type');
    const text = await error.innerText();
    expect(text.match(/line \d+, column \d+/gi)).toHaveLength(1);
    const field = (await page.locator('#type').boundingBox())!;
    const message = (await error.boundingBox())!;
    expect(message.y - (field.y + field.height)).toBeLessThan(20);
    expect(await inView(page, '#type-error')).toBe(true);
    // What was typed is still there.
    expect(await page.inputValue('#data')).toBe('Springfield');
  });

  it('counts 50 emoji as 50 characters', async () => {
    const page = await openPage();
    const runs = page.locator('.run-card');
    const before = await runs.count();
    await page.check('#kind-type');
    await page.fill('#type', 'string');
    await page.fill('#data', '😀'.repeat(51));
    await page.getByRole('button', { name: /^Cast/ }).click();
    await expect
      .poll(() => page.locator('#data-error').textContent())
      .toMatch(/is 51 characters long; the limit is 50/);

    await page.fill('#data', '😀'.repeat(50));
    await page.getByRole('button', { name: /^Cast/ }).click();
    await expect.poll(() => runs.count()).toBe(before + 1);
    expect(await page.locator('#data-error').count()).toBe(0);
  });
});

describe('the recent runs', () => {
  it('pages past the first 20 with "More runs", each run once', async () => {
    // Enough runs for a second page, started through the API as a program would.
    for (let i = 0; i < 21; i++) {
      const res = await fetch(`${stack.url}/api/casts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ data: `run number ${i}`, target: { type: 'number[]' } }),
      });
      expect(res.status).toBe(202);
    }
    const page = await openPage('/', { width: 1280, height: 900 });
    const cards = page.locator('#runs .run-card');
    // The list comes from Temporal's visibility store, which may lag a start by a moment.
    await expect
      .poll(async () => {
        if ((await cards.count()) < 20) await page.reload();
        return cards.count();
      })
      .toBe(20);
    await page.getByRole('button', { name: 'More runs' }).click();
    await expect.poll(() => cards.count()).toBeGreaterThan(20);
    const runIds = await cards.evaluateAll((all) => all.map((c) => c.getAttribute('data-run-id')));
    expect(new Set(runIds).size).toBe(runIds.length);
  });
});

describe('the API docs', () => {
  it('has a styled header linking back to the page', async () => {
    const page = await openPage('/docs', { width: 1280, height: 900 });
    const head = page.locator('header.docs-head');
    await head.waitFor();
    expect(await head.evaluate((e) => getComputedStyle(e).fontFamily)).toMatch(/system-ui/);
    expect(await head.evaluate((e) => getComputedStyle(e).display)).toBe('flex');
    expect(await head.getByRole('link', { name: 'typecast' }).getAttribute('href')).toBe('/');
    await page.locator('.swagger-ui .info').waitFor();
  });
});

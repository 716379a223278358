import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { castPromptOf, startModelServer, type ModelServer } from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';

// The batch form and its card in Chromium, against `npm start`'s whole app (its own task
// queue and batch folder) and a scripted model.
const outputDir = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const rows = 30;

let model: ModelServer;
let stack: RunningStack;
let browser: Browser;
let store: string;
let downloads: string;
const pages: Page[] = [];

beforeAll(async () => {
  model = await startModelServer();
  // "n of browser" is n × 10, a little later: two rows at a time, so the bar has steps to show.
  model.respondWith((body) => {
    const text = castPromptOf(body);
    const n = Number(/(\d+) of browser/.exec(text)?.[1]);
    return n ? { delayMs: 150, then: { answer: n * 10 } } : { status: 400 };
  });
  store = await mkdtemp(join(tmpdir(), 'typecast-browser-batches-'));
  downloads = await mkdtemp(join(tmpdir(), 'typecast-downloads-'));
  stack = await startStack(model, {
    OPENAI_MODEL: `batch-browser-${Date.now()}`,
    BATCH_STORE_DIR: store,
    BATCH_MAX_CONCURRENT_ROWS: '2',
    BATCH_CHUNK_ROWS: '10',
    BATCH_MAX_FILE_MB: '0.01',
  });
  browser = await launchBrowser();
  await mkdir(outputDir, { recursive: true });
});

afterEach(async () => {
  // Whatever a test did, nothing the page loaded or swapped in broke the CSP.
  for (const page of pages.splice(0)) {
    expect(await violations(page)).toEqual([]);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await model?.close();
  await rm(store, { recursive: true, force: true });
  await rm(downloads, { recursive: true, force: true });
});

/** A page that records CSP violations and script errors, and every value the bars take. */
async function openPage(): Promise<Page> {
  const page = await browser.newPage({ acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    // A refused form is a 4xx by design; Chromium logs each as a failed load.
    if (/Failed to load resource: .* 4\d\d/.test(msg.text())) return;
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text()))
      errors.push(msg.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    const bars: string[] = [];
    Object.assign(window, { __violations: seen, __bars: bars });
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} ${event.sourceFile}:${event.lineNumber}`);
    });
    // Each card answer replaces the card: record the bar of every card that comes in.
    new MutationObserver(() => {
      document.querySelectorAll('.batch-card:not(.listed) progress').forEach((bar) => {
        bars.push(`${bar.getAttribute('value')}/${bar.getAttribute('max')}`);
      });
    }).observe(document, { subtree: true, childList: true });
  });
  Object.assign(page, { errors });
  pages.push(page);
  await page.goto(stack.url);
  return page;
}

async function violations(page: Page): Promise<string[]> {
  return page.isClosed()
    ? []
    : page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

const csvFile = (content: string, name = 'answers.csv') => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(content),
});

describe('batches on the page in a real browser', () => {
  it('uploads a CSV, casts the chosen column with a bar that moves to 100%, and downloads the results', async () => {
    const page = await openPage();
    const lines = Array.from(
      { length: rows },
      (_, i) => `${i + 1},${i + 1} of browser,"keep, ${i}"`,
    );
    await page.setInputFiles('#batch-file', csvFile(['id,text,note', ...lines].join('\n')));
    // The server read the file: its columns to choose from, and how many rows it has.
    const column = page.locator('#batch-column');
    await column.waitFor();
    expect(await column.locator('option').allInnerTexts()).toEqual([
      'Choose a column…',
      'id',
      'text',
      'note',
    ]);
    await page.selectOption('#batch-column', 'text');
    await expect.poll(() => page.locator('.source-summary').innerText()).toMatch(/CSV, 30 rows/);
    await page.check('#batch-kind-type');
    await page.fill('#batch-type', 'number');
    await page.getByRole('button', { name: 'Start batch' }).click();

    const card = page.locator('#batches .batch-card').first();
    await card.waitFor();
    await expect
      .poll(() => card.getAttribute('data-status'), { timeout: 60_000 })
      .toBe('completed');
    expect(await card.locator('progress').getAttribute('value')).toBe(String(rows));
    expect(await card.locator('.percent').innerText()).toBe('100%');
    expect(await card.locator('.succeeded').innerText()).toBe(String(rows));
    // The bar moved on the way: the card answered with rows done in between.
    const bars = await page.evaluate(() => (window as unknown as { __bars: string[] }).__bars);
    const between = bars.filter((b) => {
      const done = Number(b.split('/')[0]);
      return done > 0 && done < rows;
    });
    expect(between.length, bars.join(' ')).toBeGreaterThan(0);
    // Done: it asks nothing more, and it links to its run.
    expect(await card.getAttribute('hx-trigger')).toBeNull();
    expect(await card.getByRole('link', { name: 'Open in Temporal UI' }).count()).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const path = join(downloads, download.suggestedFilename());
    await download.saveAs(path);
    const records = parse(await readFile(path, 'utf8'), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(records.map((r) => r.id)).toEqual(lines.map((_, i) => String(i + 1)));
    expect(records.map((r) => r.value)).toEqual(lines.map((_, i) => String((i + 1) * 10)));
    expect(records[4]).toMatchObject({ text: '5 of browser', note: 'keep, 4', error: '' });

    await page.setViewportSize({ width: 1280, height: 1600 });
    await page.screenshot({ path: `${outputDir}batch-page.png`, fullPage: true });
  });

  it('answers a bad file next to its field, and starts nothing', async () => {
    const page = await openPage();
    const before = await readdir(store);
    await page.setInputFiles('#batch-file', csvFile('a,b\n1,2\n3\n', 'ragged.csv'));
    const message = page.locator('#batch-file-error');
    await expect.poll(() => message.innerText()).toMatch(/line 3 has 1 field/);
    // The file stays chosen across the answer, and submitting says the same, with the type's.
    await page.check('#batch-kind-type');
    await page.fill('#batch-type', 'nmber[');
    await page.getByRole('button', { name: 'Start batch' }).click();
    await expect
      .poll(() => page.locator('#batch-form-status').innerText())
      .toMatch(/Nothing was started/);
    expect(await page.locator('#batch-file-error').innerText()).toMatch(/line 3 has 1 field/);
    expect(await page.locator('#batch-type').getAttribute('aria-invalid')).toBe('true');
    expect(
      await page
        .locator('#batch-file')
        .evaluate((input: HTMLInputElement) => input.files?.[0]?.name),
    ).toBe('ragged.csv');

    // Over the size limit (0.01 MB here): said at once, before anything is sent to start.
    await page.setInputFiles('#batch-file', csvFile(`text\n${'x'.repeat(12_000)}\n`, 'big.csv'));
    await expect.poll(() => message.innerText()).toMatch(/at most 10,000 bytes/);
    expect(await readdir(store)).toEqual(before);
  });
});

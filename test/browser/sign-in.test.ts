import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/local/free-port.js';
import { launchBrowser } from '../support/browser.js';
import { testDataConverter } from '../support/encryption.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';

// The page behind a token, as a person meets it in Chromium; and the Temporal UI's way to
// decode casts: a page of another port on the same site, calling the codec with credentials.

const token = `browser-token-${Date.now()}-abcdefgh`;
let model: ModelServer;
let stack: RunningStack;
let browser: Browser;
let ui: Server;
let uiOrigin: string;
let site: string;

beforeAll(async () => {
  model = await startModelServer();
  model.respondWith(() => ({ delayMs: 300, then: { answer: [1, 2, 3] } }));
  // The stand-in for the Temporal UI: an empty page on another port of localhost.
  const uiPort = await freePort();
  uiOrigin = `http://localhost:${uiPort}`;
  ui = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><title>UI</title>');
  });
  await new Promise<void>((resolve) => ui.listen(uiPort, '127.0.0.1', resolve));
  stack = await startStack(model, {
    OPENAI_MODEL: `sign-in-${Date.now()}`,
    TYPECAST_API_TOKENS: token,
    TYPECAST_CODEC_ORIGINS: uiOrigin,
  });
  site = stack.url.replace('127.0.0.1', 'localhost');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  ui?.close();
  await stack?.stop();
  await model?.close();
});

async function signIn(context: BrowserContext, value: string) {
  const page = await context.newPage();
  await page.goto(`${site}/`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.fill('#token', value);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  return page;
}

describe('the page behind TYPECAST_API_TOKENS', () => {
  it('asks for a token, refuses a wrong one, lets a person cast, and signs out', async () => {
    const context = await browser.newContext();
    try {
      const page = await signIn(context, 'certainly-not-the-token');
      await expect
        .poll(() => page.locator('#token-error').textContent())
        .toContain('not one this server accepts');
      expect(new URL(page.url()).pathname).toBe('/sign-in');

      await page.fill('#token', token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${site}/`);
      // The session is HttpOnly: no script on the page can read it.
      expect(await page.evaluate(() => document.cookie)).toBe('');
      const [cookie] = await context.cookies(site);
      expect(cookie).toMatchObject({
        name: 'typecast_session',
        httpOnly: true,
        sameSite: 'Strict',
      });
      expect(cookie!.value).not.toContain(token);

      await page.fill('#data', `one, TWO, three (${Date.now()})`);
      await page.check('#kind-type');
      await page.fill('#type', 'number[]');
      await page.getByRole('button', { name: /^Cast/ }).click();
      await expect.poll(() => page.locator('.run-card').first().textContent()).toContain('1');
      await expect
        .poll(() => page.locator('.run-card').first().getAttribute('class'), { timeout: 30_000 })
        .toMatch(/completed/);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in$/);
      await page.goto(`${site}/docs`);
      expect(page.url()).toBe(`${site}/sign-in?next=%2Fdocs`);
    } finally {
      await context.close();
    }
  });

  it('lets the Temporal UI’s origin decode through the codec with the person’s session, and no one else', async () => {
    const [sealed] = await testDataConverter.payloadCodecs![0]!.encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"decoded!"') },
    ]);
    const body = JSON.stringify({
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(sealed!.metadata!).map(([k, v]) => [
              k,
              Buffer.from(v!).toString('base64'),
            ]),
          ),
          data: Buffer.from(sealed!.data!).toString('base64'),
        },
      ],
    });
    /** What the UI does: fetch …/codec/decode with the namespace and the browser's credentials. */
    const decodeFrom = async (context: BrowserContext, origin: string) => {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      return page.evaluate(
        async ({ endpoint, body }) => {
          try {
            const res = await fetch(`${endpoint}/decode`, {
              method: 'POST',
              credentials: 'include',
              headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default' },
              body,
            });
            const json = (await res.json()) as { payloads?: { data: string }[] };
            return {
              status: res.status,
              data: json.payloads ? atob(json.payloads[0]!.data) : null,
            };
          } catch (err) {
            return { status: 0, data: String(err) };
          }
        },
        { endpoint: `${site}/codec`, body },
      );
    };

    const stranger = await browser.newContext();
    try {
      expect(await decodeFrom(stranger, uiOrigin)).toMatchObject({ status: 401 });
    } finally {
      await stranger.close();
    }

    const person = await browser.newContext();
    try {
      await (await signIn(person, token)).waitForURL(`${site}/`);
      expect(await decodeFrom(person, uiOrigin)).toEqual({ status: 200, data: '"decoded!"' });
      // Another origin is refused by CORS, signed in or not: the browser never sees the answer.
      const otherOrigin = uiOrigin.replace('localhost', '127.0.0.1');
      expect((await decodeFrom(person, otherOrigin)).status).toBe(0);
    } finally {
      await person.close();
    }
  });
});

import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccess } from '../../src/web/access/api-tokens.js';
import { createApp } from '../../src/web/app.js';
import { openApiDocument } from '../../src/web/openapi.js';
import { eventually } from '../support/cast-fixtures.js';
import { connectTestEnvironment, randomTaskQueue } from '../support/temporal.js';
import { testWebDeps } from '../support/web-deps.js';

const token = `token-${randomUUID()}`;
const other = `other-${randomUUID()}`;
let client: Client;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await connectTestEnvironment();
  client = env.client;
});
afterAll(async () => {
  await env?.teardown();
});

function appWith({ tokens = [token, other], perMinute = 0 } = {}) {
  const deps = testWebDeps(client, {
    taskQueue: randomTaskQueue('access'),
    access: createAccess(tokens),
    submitRatePerMinute: perMinute,
  });
  return { app: createApp(deps), taskQueue: deps.taskQueue };
}

const bearer = (value: string) => ({ Authorization: `Bearer ${value}` });

async function signIn(app: Hono, value: string, headers: Record<string, string> = {}) {
  return app.request('/sign-in', {
    method: 'POST',
    body: new URLSearchParams({ token: value, next: '/docs' }),
    headers: { 'Sec-Fetch-Site': 'same-origin', ...headers },
  });
}

const cookieOf = (res: Response) => res.headers.get('Set-Cookie')?.split(';')[0] ?? '';

/** The runs a task queue holds: what "nothing was started" is checked against. */
async function runsOn(taskQueue: string): Promise<number> {
  const { count } = await client.workflowService.countWorkflowExecutions({
    namespace: 'default',
    query: `TaskQueue = '${taskQueue}'`,
  });
  return Number(count ?? 0);
}

describe('with TYPECAST_API_TOKENS', () => {
  it('answers API calls without a token, or with a wrong one, 401 with the Bearer challenge', async () => {
    const { app } = appWith();
    for (const path of ['/api/casts', '/api/types', '/api/casts/cast-x', '/openapi.json']) {
      const missing = await app.request(path);
      expect(missing.status, path).toBe(401);
      expect(missing.headers.get('WWW-Authenticate')).toBe('Bearer realm="typecast"');
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
        'Unauthorized',
      );
      const wrong = await app.request(path, { headers: bearer(`${token}x`) });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('WWW-Authenticate')).toBe(
        'Bearer realm="typecast", error="invalid_token"',
      );
      const basic = await app.request(path, { headers: { Authorization: `Basic ${token}` } });
      expect(basic.status).toBe(401);
    }
    expect((await app.request('/api/types', { headers: bearer(token) })).status).toBe(200);
    expect((await app.request('/api/types', { headers: bearer(other) })).status).toBe(200);
  });

  it('starts nothing for a submission without a valid token', async () => {
    const { app, taskQueue } = appWith();
    const res = await app.request('/api/casts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer('nope-nope-nope-nope') },
      body: JSON.stringify({ data: 'one', target: { preset: 'number' } }),
    });
    expect(res.status).toBe(401);
    const form = await app.request('/casts', {
      method: 'POST',
      headers: { 'Sec-Fetch-Site': 'same-origin', 'HX-Request': 'true' },
      body: new URLSearchParams({ data: 'one', preset: 'number' }),
    });
    expect(form.status).toBe(401);
    expect(form.headers.get('HX-Redirect')).toBe('/sign-in');
    expect(await runsOn(taskQueue)).toBe(0);
  });

  it('leaves health, the sign-in form and its files open', async () => {
    const { app } = appWith();
    expect([200, 503]).toContain((await app.request('/health')).status);
    expect((await app.request('/sign-in')).status).toBe(200);
    expect((await app.request('/static/app.css')).status).toBe(200);
    expect((await app.request('/static/htmx.min.js')).status).toBe(200);
  });

  it('sends a person to the sign-in form and back, with a session cookie that is not the token', async () => {
    const { app } = appWith();
    const home = await app.request('/');
    expect(home.status).toBe(303);
    expect(home.headers.get('Location')).toBe('/sign-in');
    const docs = await app.request('/docs?x=1');
    expect(docs.headers.get('Location')).toBe('/sign-in?next=%2Fdocs%3Fx%3D1');

    const wrong = await signIn(app, 'not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('That token is not one this server accepts.');
    expect(wrong.headers.get('Set-Cookie')).toBeNull();

    const signedIn = await signIn(app, token);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('Location')).toBe('/docs');
    const setCookie = signedIn.headers.get('Set-Cookie') ?? '';
    expect(setCookie).toMatch(/^typecast_session=\d+\.[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Max-Age=43200/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(setCookie).not.toContain(token);

    const cookie = cookieOf(signedIn);
    const page = await app.request('/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('action="/sign-out"');
    expect(html).not.toContain(token);
    // The session works for the API too (the docs' "try it out"), and a forged one does not.
    expect((await app.request('/api/types', { headers: { Cookie: cookie } })).status).toBe(200);
    const forged = cookie.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    expect((await app.request('/', { headers: { Cookie: forged } })).status).toBe(303);

    const out = await app.request('/sign-out', {
      method: 'POST',
      headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('Set-Cookie')).toMatch(/typecast_session=;.*Max-Age=0/);
  });

  it('marks the cookie Secure behind https, and never sends a person to another site', async () => {
    const { app } = appWith();
    const secure = await signIn(app, token, { 'X-Forwarded-Proto': 'https' });
    expect(secure.headers.get('Set-Cookie')).toMatch(/Secure/);
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await app.request('/sign-in', {
        method: 'POST',
        body: new URLSearchParams({ token, next }),
        headers: { 'Sec-Fetch-Site': 'same-origin' },
      });
      expect(res.headers.get('Location'), next).toBe('/');
    }
  });

  it('limits sign-in attempts per caller', async () => {
    const { app } = appWith();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await signIn(app, `guess-${i}-0123456789`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    const limited = await signIn(app, token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('documents the bearer scheme in the OpenAPI document', () => {
    const document = openApiDocument('test') as {
      components: { securitySchemes: Record<string, unknown> };
      security: unknown[];
      paths: Record<string, Record<string, { security?: unknown[]; responses: object }>>;
    };
    expect(document.components.securitySchemes.bearerAuth).toEqual({
      type: 'http',
      scheme: 'bearer',
      description: expect.stringContaining('TYPECAST_API_TOKENS'),
    });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.paths['/health']!.get!.security).toEqual([]);
    expect(document.paths['/api/casts']!.post!.responses).toHaveProperty('401');
    expect(document.paths['/api/casts']!.post!.responses).toHaveProperty('429');
  });
});

describe('the submission rate limit', () => {
  const submit = (app: Hono, headers: Record<string, string>) =>
    app.request('/api/casts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ data: `cast ${randomUUID()}`, target: { preset: 'number' } }),
    });

  it('answers 429 with Retry-After per token and starts nothing past the limit', async () => {
    const { app, taskQueue } = appWith({ perMinute: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await submit(app, bearer(token))).status);
    expect(statuses).toEqual([202, 202, 429, 429]);
    const limited = await submit(app, bearer(token));
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('Retry-After'))).toBeLessThanOrEqual(60);
    const body = (await limited.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('RateLimited');
    expect(body.error.message).toMatch(/TYPECAST_SUBMIT_RATE_PER_MINUTE/);
    // Another token has its own allowance.
    expect((await submit(app, bearer(other))).status).toBe(202);
    await eventually(
      () => runsOn(taskQueue),
      (n) => n === 3,
    );

    // The page's form says it where it says every other error, and starts nothing either.
    const cookie = cookieOf(await signIn(app, token));
    const form = await app.request('/casts', {
      method: 'POST',
      headers: {
        Cookie: cookie,
        'Sec-Fetch-Site': 'same-origin',
        'HX-Request': 'true',
        'HX-Trigger': 'cast-form',
      },
      body: new URLSearchParams({ data: `form ${randomUUID()}`, preset: 'number' }),
    });
    expect(form.status).toBe(429);
    expect(form.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(form.headers.get('HX-Retarget')).toBe('#form-status');
    expect(await form.text()).toMatch(/Too many casts/);
    expect(await runsOn(taskQueue)).toBe(3);
  });

  it('counts per address when there are no tokens', async () => {
    const { app } = appWith({ tokens: [], perMinute: 1 });
    expect((await submit(app, {})).status).toBe(202);
    expect((await submit(app, {})).status).toBe(429);
  });
});

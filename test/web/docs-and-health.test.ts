import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { validate, compileErrors } from '@readme/openapi-parser';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/web/app.js';
import { directives } from '../support/csp.js';
import { connectTestEnvironment } from '../support/temporal.js';
import { testWebDeps } from '../support/web-deps.js';

const require = createRequire(import.meta.url);
let env: TestWorkflowEnvironment;
let client: Client;

beforeAll(async () => {
  env = await connectTestEnvironment();
  client = env.client;
});
afterAll(async () => {
  await env?.teardown();
});

function appFor(c: Client, { localModel = false }: { localModel?: boolean } = {}) {
  return createApp(
    testWebDeps(
      c,
      localModel
        ? { model: 'smollm2-135m', modelLabel: 'smollm2-135m (local)', localModel }
        : { model: 'test-model', modelLabel: 'test-model' },
    ),
  );
}

describe('OpenAPI document and docs', () => {
  it('is a valid OpenAPI 3.1 document with a path for every JSON route', async () => {
    const app = appFor(client);
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const document = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');

    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);

    const jsonRoutes = app.routes.filter(
      (r) =>
        r.method !== 'ALL' &&
        (r.path.startsWith('/api/') || r.path === '/health' || r.path === '/openapi.json'),
    );
    expect(jsonRoutes.length).toBeGreaterThanOrEqual(7);
    for (const route of jsonRoutes) {
      const path = route.path.replace(/\/$/, '').replace(/:(\w+)/g, '{$1}');
      expect(
        document.paths[path]?.[route.method.toLowerCase()],
        `${route.method} ${path}`,
      ).toBeDefined();
    }
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining([
        'CastSubmission',
        'TargetSpec',
        'CastView',
        'CastAccepted',
        'CastFinished',
        'Error',
      ]),
    );
  });

  it('serves the docs page and its assets from the app, with no CDN', async () => {
    const app = appFor(client);
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.filter((s) => /^(https?:)?\/\//.test(s))).toEqual([]);
    for (const asset of sources.filter((s) => s.startsWith('/static/'))) {
      const res = await app.request(asset);
      expect(res.status, asset).toBe(200);
    }
    // Swagger UI's own policy (inline styles), on the docs page only; scripts stay self-only.
    const csp = directives(page.headers.get('Content-Security-Policy'));
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('default-src')).toBe("'none'");
    const openApiCsp = directives(
      (await app.request('/openapi.json')).headers.get('Content-Security-Policy'),
    );
    expect(openApiCsp.get('script-src')).toBe("'self'");
    expect(openApiCsp.get('style-src')).toBe("'self'");
    // Byte for byte the pinned package's files (a pooled Buffer once served the wrong bytes).
    const bundle = await app.request('/static/swagger/swagger-ui-bundle.js');
    expect(bundle.headers.get('Content-Type')).toContain('javascript');
    const onDisk = readFileSync(require.resolve('swagger-ui-dist/swagger-ui-bundle.js'));
    expect(Buffer.from(await bundle.arrayBuffer()).equals(onDisk)).toBe(true);
    for (const name of ['app.js', 'app.css', 'docs.js']) {
      const served = await (await app.request(`/static/${name}`)).text();
      expect(served, name).toBe(
        readFileSync(new URL(`../../src/web/static/${name}`, import.meta.url), 'utf8'),
      );
    }
  });

  it('serves the pinned htmx 2 and the page scripts; the page loads nothing from elsewhere', async () => {
    const app = appFor(client);
    const htmx = await app.request('/static/htmx.min.js');
    expect(htmx.status).toBe(200);
    expect(await htmx.text()).toContain('version:"2.0.11"');
    const page = await (await app.request('/')).text();
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toEqual(
      expect.arrayContaining(['/static/htmx.min.js', '/static/app.js', '/static/app.css']),
    );
    expect(
      sources.filter((s) => /^(https?:)?\/\//.test(s) && !s.startsWith('http://127.0.0.1:8233')),
    ).toEqual([]);
    expect(page).not.toMatch(/<script>(?!<\/script>)/);
    expect(page).not.toMatch(/ on[a-z]+="/);
    expect((await app.request('/static/nothing.js')).status).toBe(404);
  });
});

describe('the page', () => {
  it('offers the form, the presets and the examples, and says when the offline model serves', async () => {
    const configured = await (await appFor(client).request('/')).text();
    expect(configured).not.toContain('OPENAI_API_KEY');
    expect(configured).toContain('Model: <strong>test-model</strong>');
    const res = await appFor(client, { localModel: true }).request('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('Model: <strong>smollm2-135m (local)</strong>');
    expect(html).toContain(
      'A small offline model that is often wrong. Set OPENAI_API_KEY or OPENAI_BASE_URL for real results.',
    );
    for (const field of ['data', 'preset', 'labels', 'type', 'schema', 'instructions', 'fresh']) {
      expect(html, field).toMatch(new RegExp(`<label for="${field}">`));
      expect(html, field).toContain(`id="${field}"`);
    }
    expect(html).toContain('<option value="location"');
    expect(html).toContain('value="one, TWO, three"');
    expect(html).toContain('value="I live in the big apple"');
    expect(html).toContain('value="This feature is terrible!"');
    expect(html).toContain('id="runs" aria-live="polite"');
    expect(html).toContain('hx-post="/casts"');
  });
});

describe('health', () => {
  it('is 200 when Temporal answers', async () => {
    const res = await appFor(client).request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', temporal: 'ok' });
  });

  it('is 503 when Temporal does not answer', async () => {
    const dead = await Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
    try {
      const res = await appFor(new Client({ connection: dead })).request('/health');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', temporal: 'unavailable' });
    } finally {
      await dead.close();
    }
  });
});

describe('methods and query edge cases', () => {
  it('answers a known path asked with another method with 405 and an Allow header', async () => {
    const app = appFor(client);
    const res = await app.request('/api/casts', {
      method: 'DELETE',
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('MethodNotAllowed');
    const unknown = await app.request('/api/nothing-here', {
      headers: { accept: 'application/json' },
    });
    expect(unknown.status).toBe(404);
  });

  it('treats an empty pageToken as the first page', async () => {
    const res = await appFor(client).request('/api/casts?pageToken=');
    expect(res.status).toBe(200);
    expect(Array.isArray(((await res.json()) as { casts: unknown[] }).casts)).toBe(true);
  });
});

describe('page tokens', () => {
  const get = (token: string) =>
    appFor(client).request(`/api/casts?pageSize=1&pageToken=${encodeURIComponent(token)}`);

  it('refuses a token this API never issued, at once', async () => {
    const res = await get('bm90LWEtdG9rZW4');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('InvalidPageToken');
  });

  it('refuses a well-formed token that the server cannot read', async () => {
    const forged = Buffer.from(
      `typecast-page:${Buffer.from('garbage').toString('base64')}`,
    ).toString('base64url');
    const res = await get(forged);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('InvalidPageToken');
  });
});

import { describe, expect, it } from 'vitest';
import { createModelServerApp } from '../../../src/local-model/app.js';

// What the endpoint answers before any model is involved; the model itself is exercised in
// test/local-model/endpoint.test.ts.
const app = createModelServerApp({
  modelId: 'smollm2-135m',
  ready: () => undefined,
  maxTokensCap: 8,
});

const post = (body: unknown) =>
  app.request('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the model server app', () => {
  it('answers 503 in OpenAI’s shape while the model loads, and says so on /health', async () => {
    const res = await post({ model: 'smollm2-135m', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: {
        message: expect.stringContaining('loading') as string,
        type: 'server_error',
        param: null,
        code: 'model_loading',
      },
    });
    const health = await app.request('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'loading' });
  });

  it('answers 404 for other models and routes, also while loading', async () => {
    const res = await post({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'model_not_found', param: 'model' } });
    const route = await app.request('/v1/embeddings', { method: 'POST' });
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await post({
      model: 'smollm2-135m',
      messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }],
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});

import { describe, expect } from 'vitest';
import { castFinishedSchema, castPageSchema } from '../../src/web/api-schemas.js';
import { eventually } from '../support/cast-fixtures.js';
import {
  cardTag,
  castIdIn,
  fragment,
  postForm,
  postJson,
  untilDone,
  webTest as it,
} from './web-harness.js';

describe('the JSON API', () => {
  it('casts to a choice, then answers the same request from the cache without asking the model', async ({
    harness,
  }) => {
    const web = await harness();
    web.model.script({ answer: 'Negative' });
    const request = {
      data: 'This feature is terrible!',
      target: { preset: 'choice', labels: ['Positive', 'Negative'] },
    };
    await web.withWorker(async () => {
      const res = await postJson(web.app, '/api/casts', request);
      expect(res.status).toBe(202);
      const accepted = (await res.json()) as {
        id: string;
        runId: string;
        status: string;
        outcome: string;
        links: Record<string, string>;
      };
      expect(accepted).toMatchObject({ status: 'queued', outcome: 'new' });
      expect(accepted.links).toEqual({
        self: `/api/casts/${accepted.id}?runId=${accepted.runId}`,
        cancel: `/api/casts/${accepted.id}/cancel?runId=${accepted.runId}`,
        ui: `http://127.0.0.1:8233/namespaces/default/workflows/${accepted.id}/${accepted.runId}`,
      });
      expect(res.headers.get('Location')).toBe(accepted.links.self);

      const done = await untilDone(web.app, accepted.id);
      expect(done).toMatchObject({
        phase: 'completed',
        result: 'Negative',
        target: 'Positive | Negative',
      });

      const again = await postJson(web.app, '/api/casts', request);
      expect(again.status).toBe(200);
      const cached = castFinishedSchema.parse(await again.json());
      expect(cached).toMatchObject({
        id: accepted.id,
        status: 'completed',
        outcome: 'cached',
        result: 'Negative',
      });
      expect(web.model.requests).toHaveLength(1);

      // The page's form gets the same answer and marks the card as a cache hit.
      const viaForm = await postForm(web.app, '/casts', {
        data: request.data,
        targetKind: 'preset',
        preset: 'choice',
        labels: 'Positive, Negative',
      });
      const card = await viaForm.text();
      expect(castIdIn(card)).toBe(accepted.id);
      expect(card).toContain('cache hit');
      expect(cardTag(card)).not.toContain('hx-trigger');
      expect(web.model.requests).toHaveLength(1);

      // The recent list holds the run: in the API and on the page.
      const listed = await eventually(
        async () =>
          castPageSchema.parse(await (await web.app.request('/api/casts?pageSize=50')).json()),
        (page) => page.casts.some((c) => c.id === accepted.id && c.phase === 'completed'),
      );
      expect(listed.casts.find((c) => c.id === accepted.id)?.summary?.target).toBe(
        'Positive | Negative',
      );
      const page = await (await web.app.request('/')).text();
      expect(page).toContain(`data-cast-id="${accepted.id}"`);
    });
  });

  it('casts with a JSON Schema target and pages through the list', async ({ harness }) => {
    const web = await harness();
    web.model.script({ answer: { city: 'New York City', state: 'NY' } });
    await web.withWorker(async () => {
      const res = await postJson(web.app, '/api/casts', {
        data: 'I live in the big apple',
        target: {
          schema: {
            type: 'object',
            properties: { city: { type: 'string' }, state: { type: 'string' } },
            required: ['city', 'state'],
            additionalProperties: false,
          },
        },
        instructions: 'Use 2-letter state codes.',
      });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      const done = await untilDone(web.app, id);
      expect(done.result).toEqual({ city: 'New York City', state: 'NY' });
      expect(JSON.stringify(web.model.requests[0]!.body.messages)).toContain(
        'Use 2-letter state codes.',
      );
    });
    const first = await web.app.request('/api/casts?pageSize=1');
    expect(first.status).toBe(200);
    const page = castPageSchema.parse(await first.json());
    expect(page.casts).toHaveLength(1);
    if (page.nextPageToken) {
      const next = await web.app.request(`/api/casts?pageSize=1&pageToken=${page.nextPageToken}`);
      expect(next.status).toBe(200);
    }
    expect((await web.app.request('/api/casts?pageSize=0')).status).toBe(400);
    const badToken = await web.app.request('/api/casts?pageToken=bm90LWEtdG9rZW4');
    expect(badToken.status).toBe(400);
    expect(((await badToken.json()) as { error: { code: string } }).error.code).toBe(
      'InvalidPageToken',
    );
  });

  it('answers every bad input with its status, code and message', async ({ harness }) => {
    const web = await harness({ maxDataChars: 100 });
    const expectError = async (res: Response, status: number, code: string, message: RegExp) => {
      expect(res.status, code).toBe(status);
      const body = (await res.json()) as {
        error: { code: string; message: string; details?: Record<string, unknown> };
      };
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
      return body.error;
    };
    const cast = (body: unknown) => postJson(web.app, '/api/casts', body);

    await expectError(
      await cast({ data: ' ', target: { type: 'number' } }),
      422,
      'EmptyData',
      /empty/,
    );
    await expectError(
      await cast({ data: 'x'.repeat(101), target: { type: 'number' } }),
      413,
      'DataTooLarge',
      /limit is 100/,
    );
    const typeError = await expectError(
      await cast({ data: 'a', target: { type: '{ city: string' } }),
      422,
      'InvalidTypeExpression',
      /.+/,
    );
    expect(typeError.details?.position).toMatchObject({ line: 1, column: expect.any(Number) });
    expect(typeError.details?.field).toBe('type');
    const multiLine = await expectError(
      await cast({ data: 'a', target: { type: '{\n  city: string;\n  state: 42 +\n}' } }),
      422,
      'InvalidTypeExpression',
      /.+/,
    );
    expect((multiLine.details?.position as { line: number }).line).toBeGreaterThan(1);
    await expectError(
      await cast({ data: 'a', target: { schema: { type: 'nope' } } }),
      422,
      'InvalidJsonSchema',
      /.+/,
    );
    await expectError(
      await cast({ data: 'a', target: { preset: 'nope' } }),
      422,
      'UnknownPreset',
      /no preset "nope"/,
    );
    await expectError(
      await cast({ data: 'a', target: { preset: 'choice' } }),
      422,
      'InvalidPresetOptions',
      /labels/,
    );
    await expectError(await cast('{"data": "a", '), 400, 'InvalidJson', /not valid JSON/);
    await expectError(
      await web.app.request('/api/casts', {
        method: 'POST',
        body: '{}',
        headers: { 'Content-Type': 'text/plain' },
      }),
      400,
      'InvalidJson',
      /Content-Type: application\/json/,
    );
    await expectError(
      await web.app.request('/api/casts/cast-anything/cancel', {
        method: 'POST',
        headers: { Origin: 'https://evil.example' },
      }),
      403,
      'Forbidden',
      /this site/,
    );
    const shape = await expectError(
      await cast({ data: 1, target: { type: 'number' } }),
      400,
      'InvalidBody',
      /shape/,
    );
    expect(JSON.stringify(shape.details)).toContain('data');
    await expectError(
      await cast({ data: 'a', target: { type: 'number' }, extra: true }),
      400,
      'InvalidBody',
      /shape/,
    );
    await expectError(
      await cast({ data: 'a'.repeat(2_000_000), target: { type: 'number' } }),
      413,
      'BodyTooLarge',
      /KiB/,
    );
    await expectError(
      await web.app.request('/api/casts/cast-does-not-exist'),
      404,
      'NotFound',
      /cast-does-not-exist/,
    );
    await expectError(
      await web.app.request('/api/casts/cast-does-not-exist/cancel', { method: 'POST' }),
      404,
      'NotFound',
      /No cast/,
    );
    await expectError(await web.app.request('/api/nothing-here'), 404, 'NotFound', /no route/);
    expect((await web.app.request('/casts/cast-does-not-exist')).status).toBe(404);
    expect(web.model.requests).toHaveLength(0);
  });

  it('cancels a cast whose model call hangs; a second cancel is a 409', async ({ harness }) => {
    const web = await harness();
    web.model.script({ hang: true });
    await web.withWorker(async () => {
      const res = await postJson(web.app, '/api/casts', {
        data: 'wait forever',
        target: { preset: 'number' },
      });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      await web.model.waitForRequests(1);

      const running = await fragment(web.app, id);
      expect(cardTag(running.html)).toContain('hx-trigger="load"');
      expect(running.html).toContain('Cancel');

      const cancel = await web.app.request(`/api/casts/${id}/cancel`, { method: 'POST' });
      expect(cancel.status).toBe(202);
      expect(await cancel.json()).toEqual({ id, status: 'cancel-requested' });

      const done = await untilDone(web.app, id);
      expect(done.phase).toBe('cancelled');
      await web.model.waitForAbort(0);

      const again = await web.app.request(`/api/casts/${id}/cancel`, { method: 'POST' });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
        'AlreadyClosed',
      );

      const card = await fragment(web.app, id);
      expect(card.html).toContain('data-phase="cancelled"');
      expect(cardTag(card.html)).not.toContain('hx-trigger');
    });
  });
});

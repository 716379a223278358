import { Writable } from 'node:stream';
import { describe, expect } from 'vitest';
import { createLogger } from '../../src/logger.js';
import {
  castAcceptedSchema,
  castFinishedSchema,
  castPageSchema,
} from '../../src/web/api-schemas.js';
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

  it('casts with a JSON Schema target and instructions', async ({ harness }) => {
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
  });

  it('lists recent casts newest first, a page at a time, on the API and the page', async ({
    harness,
    client,
  }) => {
    const web = await harness();
    // No worker: the casts stay queued, which is all a list needs.
    const ids: string[] = [];
    for (const data of ['first', 'second', 'third']) {
      const res = await postJson(web.app, '/api/casts', { data, target: { type: 'number' } });
      ids.push(castAcceptedSchema.parse(await res.json()).id);
    }
    const newestFirst = [...ids].reverse();
    // Visibility is eventually consistent: wait until it lists all three.
    const all = await eventually(
      async () =>
        castPageSchema.parse(await (await web.app.request('/api/casts?pageSize=10')).json()),
      (page) => page.casts.length === 3,
    );
    expect(all.casts.map((c) => c.id)).toEqual(newestFirst);
    expect(all.casts.map((c) => c.summary?.textPreview)).toEqual(['third', 'second', 'first']);
    expect(all.nextPageToken).toBeUndefined();

    const paged: string[] = [];
    let url = '/api/casts?pageSize=1';
    for (let page = 1; page <= 3; page++) {
      const res = await web.app.request(url);
      expect(res.status).toBe(200);
      const body = castPageSchema.parse(await res.json());
      expect(body.casts, `page ${page}`).toHaveLength(1);
      paged.push(body.casts[0]!.id);
      if (page < 3) {
        expect(body.nextPageToken, `page ${page}`).toBeDefined();
        url = `/api/casts?pageSize=1&pageToken=${body.nextPageToken}`;
      }
    }
    expect(paged).toEqual(newestFirst);

    const home = await (await web.app.request('/')).text();
    const listed = [...home.matchAll(/data-cast-id="([^"]+)"/g)].map((m) => m[1]);
    expect(listed).toEqual(newestFirst);

    expect((await web.app.request('/api/casts?pageSize=0')).status).toBe(400);
    const badToken = await web.app.request('/api/casts?pageToken=bm90LWEtdG9rZW4');
    expect(badToken.status).toBe(400);
    expect(((await badToken.json()) as { error: { code: string } }).error.code).toBe(
      'InvalidPageToken',
    );
    for (const id of ids) await client.workflow.getHandle(id).terminate('test over');
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
    await expectError(
      await cast({ data: 'a', target: { type: 'number' }, instructions: 'x'.repeat(2_001) }),
      422,
      'InstructionsTooLong',
      /2,001 characters long; keep them under 2,000/,
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
    // A browser marks a request another site makes: by Origin, and by Sec-Fetch-Site.
    const fromElsewhere: Record<string, string>[] = [
      { Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site', Origin: 'https://other.localhost' },
    ];
    for (const headers of fromElsewhere) {
      const refused = await expectError(
        await web.app.request('/api/casts', {
          method: 'POST',
          body: JSON.stringify({ data: 'a', target: { type: 'number' } }),
          headers: { 'Content-Type': 'application/json', ...headers },
        }),
        403,
        'Forbidden',
        /this site/,
      );
      expect(refused.details, JSON.stringify(headers)).toBeDefined();
    }
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

  it('lists the presets with their schemas at /api/types', async ({ harness }) => {
    const web = await harness();
    const res = await web.app.request('/api/types');
    expect(res.status).toBe(200);
    const { presets } = (await res.json()) as {
      presets: {
        id: string;
        label: string;
        schema: Record<string, unknown>;
        needsLabels?: boolean;
      }[];
    };
    const byId = new Map(presets.map((p) => [p.id, p]));
    // The presets the README names, each with the schema a cast with it is validated against.
    for (const id of [
      'number',
      'date',
      'email',
      'number-list',
      'choice',
      'location',
      'person',
      'money',
      'event',
    ])
      expect(byId.get(id)?.schema, id).toBeTypeOf('object');
    expect(byId.get('number')?.schema).toMatchObject({ type: 'number' });
    expect(byId.get('number-list')?.schema).toMatchObject({
      type: 'array',
      items: { type: 'number' },
    });
    expect(byId.get('location')?.schema).toMatchObject({
      type: 'object',
      properties: { city: { type: 'string' } },
    });
    expect(byId.get('choice')?.needsLabels).toBe(true);
    expect(presets.filter((p) => p.needsLabels).map((p) => p.id)).toEqual([
      'choice',
      'choice-list',
    ]);
  });

  it('logs each submission with the workflow id and the run id it started', async ({ harness }) => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const web = await harness({ logger: createLogger('info', sink) });
    const api = castAcceptedSchema.parse(
      await (
        await postJson(web.app, '/api/casts', { data: 'logged', target: { type: 'number' } })
      ).json(),
    );
    const card = await (
      await postForm(web.app, '/casts', { data: 'logged too', targetKind: 'type', type: 'number' })
    ).text();
    const page = { id: castIdIn(card), runId: /data-run-id="([^"]+)"/.exec(card)?.[1] };
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          msg: 'cast submitted (api)',
          workflowId: api.id,
          runId: api.runId,
        }),
        expect.objectContaining({
          msg: 'cast submitted (page)',
          workflowId: page.id,
          runId: page.runId,
        }),
      ]),
    );
    expect(api.runId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

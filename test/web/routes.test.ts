import type { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { castCachedSchema, castPageSchema, castViewSchema } from '../../src/web/api-schemas.js';
import type { CastView } from '../../src/client/cast-view.js';
import { eventually } from '../support/cast-fixtures.js';
import { connectTestClient } from '../support/temporal.js';
import {
  cardTag,
  castIdIn,
  createWebHarness,
  postForm,
  postJson,
  type WebHarness,
} from './web-harness.js';

let client: Client;
let connection: Connection;
let web: WebHarness;

beforeAll(async () => {
  ({ client, connection } = await connectTestClient());
});
afterAll(async () => {
  await connection?.close();
});
afterEach(async () => {
  await web?.close();
});

async function readApi(id: string): Promise<CastView> {
  const res = await web.app.request(`/api/casts/${id}`);
  expect(res.status).toBe(200);
  return castViewSchema.parse(await res.json()) as CastView;
}

const untilDone = (id: string) =>
  eventually(
    () => readApi(id),
    (view) => view.done,
  );

async function fragment(id: string) {
  const res = await web.app.request(`/casts/${id}`, { headers: { 'HX-Request': 'true' } });
  return { status: res.status, html: await res.text() };
}

describe('the page flow (htmx form posts and run card fragments)', () => {
  it('casts "one, TWO, three" to number[]: the card polls while running and stops when done', async () => {
    web = await createWebHarness(client);
    web.model.script({ delayMs: 1_500, then: { answer: [1, 2, 3] } });
    await web.withWorker(async () => {
      const res = await postForm(web.app, '/casts', {
        data: 'one, TWO, three',
        targetKind: 'type',
        type: 'number[]',
      });
      expect(res.status).toBe(200);
      const html = await res.text();
      const id = castIdIn(html);
      // The new card polls its run; the form comes back out of band, without messages.
      expect(cardTag(html)).toMatch(new RegExp(`hx-get="/casts/${id}\\?runId=[0-9a-f-]{36}"`));
      expect(cardTag(html)).toContain('hx-trigger="every 1s"');
      expect(html).toContain('id="cast-form"');
      expect(html).toContain('hx-swap-oob="true"');
      expect(html).not.toContain('field-error');

      const running = await eventually(
        () => fragment(id),
        ({ html }) => /data-phase="casting"/.test(html),
      );
      expect(cardTag(running.html)).toContain('hx-trigger="every 1s"');
      expect(running.html).toContain(`hx-post="/casts/${id}/cancel?runId=`);
      expect(running.html).toContain(`http://127.0.0.1:8233/namespaces/default/workflows/${id}`);

      const done = await eventually(
        () => fragment(id),
        ({ html }) => /data-phase="completed"/.test(html),
      );
      expect(done.status).toBe(200);
      expect(cardTag(done.html)).not.toContain('hx-trigger');
      expect(cardTag(done.html)).not.toContain('hx-get');
      expect(done.html).not.toContain('Cancel');
      expect(done.html).toContain('array of 3 items');
      expect(done.html).toMatch(/<pre class="value"><code>\[\s*1,\s*2,\s*3\s*\]<\/code><\/pre>/);

      const view = await readApi(id);
      expect(view).toMatchObject({
        phase: 'completed',
        done: true,
        result: [1, 2, 3],
        target: 'number[]',
      });
      expect(web.model.requests).toHaveLength(1);
      expect(JSON.stringify(web.model.requests[0]!.body.messages)).toContain('one, TWO, three');
    });
  });

  it('shows a number as a number and a string quoted, each with its type', async () => {
    web = await createWebHarness(client);
    // The two casts run at once: answer each by the type its request asks for.
    web.model.respondWith((body) =>
      JSON.stringify(body.response_format).includes('"integer"')
        ? { answer: 42 }
        : { answer: '42' },
    );
    await web.withWorker(async () => {
      const number = castIdIn(
        await (
          await postForm(web.app, '/casts', {
            data: 'forty-two',
            targetKind: 'preset',
            preset: 'integer',
          })
        ).text(),
      );
      const string = castIdIn(
        await (
          await postForm(web.app, '/casts', {
            data: 'forty-two',
            targetKind: 'preset',
            preset: 'string',
          })
        ).text(),
      );
      const asNumber = await eventually(
        () => fragment(number),
        ({ html }) => html.includes('data-phase="completed"'),
      );
      expect(asNumber.html).toContain('<data value="42">42</data>');
      expect(asNumber.html).toContain('number (integer)');
      const asString = await eventually(
        () => fragment(string),
        ({ html }) => html.includes('data-phase="completed"'),
      );
      expect(asString.html).toContain('<code>&quot;42&quot;</code>');
      expect(asString.html).toContain('string, 2 characters');
      expect(asString.html).toContain('data-copy="42"');
    });
  });

  it('puts each bad input next to its field with a 422, and starts nothing', async () => {
    web = await createWebHarness(client, { maxDataChars: 50 });
    const cases: { fields: Record<string, string>; field: string; text: RegExp }[] = [
      {
        fields: { data: '   ', targetKind: 'preset', preset: 'number' },
        field: 'data',
        text: /data is empty/,
      },
      {
        fields: { data: 'x'.repeat(51), targetKind: 'preset', preset: 'number' },
        field: 'data',
        text: /limit is 50/,
      },
      {
        fields: { data: 'a', targetKind: 'type', type: '{ city: string' },
        field: 'type',
        text: /at line 1, column \d+/,
      },
      {
        fields: { data: 'a', targetKind: 'schema', schema: '{"type": ' },
        field: 'schema',
        text: /not valid JSON/,
      },
      {
        fields: { data: 'a', targetKind: 'schema', schema: '{"type": "nope"}' },
        field: 'schema',
        text: /.+/,
      },
      {
        fields: { data: 'a', targetKind: 'preset', preset: 'no-such-preset' },
        field: 'preset',
        text: /no preset/,
      },
      {
        fields: { data: 'a', targetKind: 'preset', preset: 'choice' },
        field: 'labels',
        text: /needs labels/,
      },
    ];
    for (const { fields, field, text } of cases) {
      const res = await postForm(web.app, '/casts', fields);
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(res.headers.get('HX-Retarget')).toBe('#cast-form');
      expect(res.headers.get('HX-Reswap')).toBe('outerHTML');
      const html = await res.text();
      expect(html).not.toContain('run-card');
      const message = new RegExp(
        `<p id="${field}-error" class="field-error"[^>]*>(.*?)</p>`,
        's',
      ).exec(html);
      expect(message?.[1], `${field} message for ${JSON.stringify(fields)}`).toMatch(text);
      expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
      // What the person typed is kept.
      expect(html).toContain(fields.data === '   ' ? '   ' : fields.data!.slice(0, 10));
    }
    expect(web.model.requests).toHaveLength(0);
  });

  it('without htmx: a bad post renders the whole page with the message, a good one redirects', async () => {
    web = await createWebHarness(client);
    const bad = await postForm(
      web.app,
      '/casts',
      { data: '', targetKind: 'preset', preset: 'number' },
      false,
    );
    expect(bad.status).toBe(422);
    const page = await bad.text();
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('id="data-error"');
    web.model.script({ answer: 1 });
    await web.withWorker(async () => {
      const good = await postForm(
        web.app,
        '/casts',
        { data: 'one', targetKind: 'preset', preset: 'number' },
        false,
      );
      expect(good.status).toBe(303);
      expect(good.headers.get('Location')).toBe('/');
    });
  });

  it('refuses form posts from another site', async () => {
    web = await createWebHarness(client);
    const res = await web.app.request('/casts', {
      method: 'POST',
      body: new URLSearchParams({ data: 'one', targetKind: 'preset', preset: 'number' }),
      headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(res.status).toBe(403);
  });

  it('escapes a hostile model answer and hostile data in the card', async () => {
    web = await createWebHarness(client);
    const hostile = '<img src=x onerror=alert(1)>';
    web.model.script({ answer: hostile });
    await web.withWorker(async () => {
      const res = await postForm(web.app, '/casts', {
        data: `say <script>alert(2)</script>`,
        targetKind: 'preset',
        preset: 'string',
      });
      const posted = await res.text();
      expect(posted).not.toContain('<script>alert(2)');
      expect(posted).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
      const id = castIdIn(posted);
      const done = await eventually(
        () => fragment(id),
        ({ html }) => html.includes('data-phase="completed"'),
      );
      expect(done.html).not.toContain('<img');
      expect(done.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(done.html).not.toContain('<script>');
    });
    const page = await web.app.request('/');
    const csp = page.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it("shows a validation failure with the model's last raw output and the issues", async () => {
    web = await createWebHarness(client);
    web.model.script({ content: '{"value": "many"}' }, { content: '{"value": "lots"}' });
    await web.withWorker(async () => {
      const id = castIdIn(
        await (
          await postForm(web.app, '/casts', { data: 'a few', targetKind: 'type', type: 'number' })
        ).text(),
      );
      const done = await eventually(
        () => fragment(id),
        ({ html }) => /data-phase="failed"/.test(html),
      );
      expect(cardTag(done.html)).not.toContain('hx-trigger');
      expect(done.html).toContain('<strong class="error-type">ValidationFailed</strong>');
      expect(done.html).toContain('class="raw-output"');
      expect(done.html).toContain('lots');
      expect(done.html).toMatch(/<ul class="issues"><li>.+<\/li>/s);
    });
  });
});

describe('the JSON API', () => {
  it('casts to a choice, then answers the same request from the cache without asking the model', async () => {
    web = await createWebHarness(client);
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

      const done = await untilDone(accepted.id);
      expect(done).toMatchObject({
        phase: 'completed',
        result: 'Negative',
        target: 'Positive | Negative',
      });

      const again = await postJson(web.app, '/api/casts', request);
      expect(again.status).toBe(200);
      const cached = castCachedSchema.parse(await again.json());
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

  it('casts with a JSON Schema target and pages through the list', async () => {
    web = await createWebHarness(client);
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
      const done = await untilDone(id);
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

  it('answers every bad input with its status, code and message', async () => {
    web = await createWebHarness(client, { maxDataChars: 100 });
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

  it('cancels a cast whose model call hangs; a second cancel is a 409', async () => {
    web = await createWebHarness(client);
    web.model.script({ hang: true });
    await web.withWorker(async () => {
      const res = await postJson(web.app, '/api/casts', {
        data: 'wait forever',
        target: { preset: 'number' },
      });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      await web.model.waitForRequests(1);

      const running = await fragment(id);
      expect(cardTag(running.html)).toContain('hx-trigger="every 1s"');
      expect(running.html).toContain('Cancel');

      const cancel = await web.app.request(`/api/casts/${id}/cancel`, { method: 'POST' });
      expect(cancel.status).toBe(202);
      expect(await cancel.json()).toEqual({ id, status: 'cancel-requested' });

      const done = await untilDone(id);
      expect(done.phase).toBe('cancelled');
      await web.model.waitForAbort(0);

      const again = await web.app.request(`/api/casts/${id}/cancel`, { method: 'POST' });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
        'AlreadyClosed',
      );

      const card = await fragment(id);
      expect(card.html).toContain('data-phase="cancelled"');
      expect(cardTag(card.html)).not.toContain('hx-trigger');
    });
  });

  it('cancels from the page: the Cancel button answers with the card', async () => {
    web = await createWebHarness(client);
    web.model.script({ hang: true });
    await web.withWorker(async () => {
      const id = castIdIn(
        await (
          await postForm(web.app, '/casts', {
            data: 'hang on',
            targetKind: 'preset',
            preset: 'number',
          })
        ).text(),
      );
      await web.model.waitForRequests(1);
      const res = await postForm(web.app, `/casts/${id}/cancel`, {});
      expect(res.status).toBe(200);
      expect(castIdIn(await res.text())).toBe(id);
      const done = await eventually(
        () => fragment(id),
        ({ html }) => html.includes('data-phase="cancelled"'),
      );
      expect(cardTag(done.html)).not.toContain('hx-trigger');
    });
  });
});

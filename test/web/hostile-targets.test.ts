import { describe, expect } from 'vitest';
import { postForm, postJson, untilDone, webTest as it } from './web-harness.js';

/** `levels` schemas, each the only property of the one above it. */
function nested(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'number' };
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { a: schema } };
  return schema;
}

describe('targets built to hurt the server', () => {
  it('validates a catastrophic pattern in one pass: /health answers while the worker in this process checks the answers', async ({
    harness,
  }) => {
    const web = await harness();
    // A backtracking engine would spend ~2^10000 steps on each answer, on this very event loop.
    const evil = `${'a'.repeat(10_000)}!`;
    web.model.setDefault({ answer: evil });
    await web.withWorker(
      async () => {
        const res = await postJson(web.app, '/api/casts', {
          data: 'an answer the pattern cannot match',
          target: { schema: { type: 'string', pattern: '^(a+)+$' } },
        });
        expect(res.status).toBe(202);
        const { id } = (await res.json()) as { id: string };
        await web.model.waitForRequests(1);
        const health = await web.app.request('/health');
        expect(health.status).toBe(200);
        const done = await untilDone(web.app, id);
        expect(done.error).toMatchObject({ type: 'ValidationFailed' });
        expect(done.error?.issues).toEqual([
          `value: expected a string matching /^(a+)+$/, received "${'a'.repeat(56)}...`,
        ]);
        // One attempt (the answer and its one re-ask): a slow validation would have cost
        // heartbeats and re-run the activity.
        expect(web.model.requests).toHaveLength(2);
        expect((await web.app.request('/health')).status).toBe(200);
      },
      { maxReasks: 1 },
    );
  });

  it.for<[string, Record<string, unknown>, RegExp]>([
    ['nested 1,000 levels deep', nested(1_000), /nested more than \d+ levels/],
    ['that refers to itself', { $ref: '#' }, /recursive schemas are not supported/],
    [
      'with definitions that refer to each other',
      {
        $defs: {
          a: { type: 'object', properties: { b: { $ref: '#/$defs/b' } } },
          b: { type: 'array', items: { $ref: '#/$defs/a' } },
        },
        $ref: '#/$defs/a',
      },
      /recursive schemas are not supported/,
    ],
    [
      'with a pattern that needs backtracking',
      { type: 'string', pattern: '^(?!admin).*$' },
      /lookahead \(\?!admin\)/,
    ],
  ])(
    'refuses a JSON Schema %s with a 422, from the API and the form',
    async ([, schema, text], { harness }) => {
      const web = await harness();
      const api = await postJson(web.app, '/api/casts', { data: 'a', target: { schema } });
      expect(api.status).toBe(422);
      const body = (await api.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('UnsupportedJsonSchema');
      expect(body.error.message).toMatch(text);

      const form = await postForm(web.app, '/casts', {
        data: 'a',
        targetKind: 'schema',
        schema: JSON.stringify(schema),
      });
      expect(form.status).toBe(422);
      const message = /<p id="schema-error" class="field-error"[^>]*>(.*?)<\/p>/s.exec(
        await form.text(),
      );
      expect(message?.[1]).toMatch(text);
      expect(web.model.requests).toHaveLength(0);
    },
  );
});

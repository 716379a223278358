import { describe, expect } from 'vitest';
import { castFinishedSchema } from '../../src/web/api-schemas.js';
import { postJson, readApi, untilDone, webTest as it } from './web-harness.js';

const choice = (data: string) => ({
  data,
  target: { preset: 'choice', labels: ['Positive', 'Negative'] },
});

describe('POST /api/casts?wait=', () => {
  it('answers 200 with the value, or the error, of a cast that ends within wait', async ({
    harness,
  }) => {
    const web = await harness({ eager: true });
    web.model.script({ answer: 'Negative' }, { status: 400 });
    await web.withWorker(async () => {
      const res = await postJson(web.app, '/api/casts?wait=10', choice('This is terrible!'));
      expect(res.status).toBe(200);
      const finished = castFinishedSchema.parse(await res.json());
      expect(finished).toMatchObject({
        status: 'completed',
        outcome: 'new',
        result: 'Negative',
        cast: { phase: 'completed', done: true, result: 'Negative', target: 'Positive | Negative' },
      });
      expect(finished.links.self).toBe(`/api/casts/${finished.id}?runId=${finished.runId}`);

      // The model refuses the request (400, not retried): the run fails within the wait.
      const failing = await postJson(web.app, '/api/casts?wait=10', choice('Another text'));
      expect(failing.status).toBe(200);
      const failed = castFinishedSchema.parse(await failing.json());
      expect(failed).toMatchObject({ status: 'failed', outcome: 'new', cast: { done: true } });
      expect(failed.result).toBeUndefined();
      expect(failed.error?.type).toEqual(expect.any(String));
      expect(web.model.requests).toHaveLength(2);
    });
  });

  it('answers 202 while the model is slower than wait, and the cast goes on', async ({
    harness,
  }) => {
    const web = await harness({ eager: true });
    web.model.script({ delayMs: 4_000, then: { answer: 'Positive' } });
    await web.withWorker(async () => {
      const res = await postJson(web.app, '/api/casts?wait=0.5', choice('Lovely!'));
      expect(res.status).toBe(202);
      // The model has not answered: the 202 did not wait for it.
      expect(web.model.requests.every((request) => request.answeredAt === undefined)).toBe(true);
      const accepted = (await res.json()) as { id: string; status: string; outcome: string };
      expect(accepted.outcome).toBe('new');
      expect(['queued', 'casting']).toContain(accepted.status);
      expect(res.headers.get('Location')).toMatch(`/api/casts/${accepted.id}?runId=`);
      const done = await untilDone(web.app, accepted.id);
      expect(done).toMatchObject({ phase: 'completed', result: 'Positive' });
    });
  });

  it('starts through the worker connection with no worker polling: the cast waits queued', async ({
    harness,
  }) => {
    const web = await harness({ eager: true });
    web.model.script({ answer: 'Positive' });
    const res = await postJson(web.app, '/api/casts?wait=0', choice('Fine by me'));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect((await readApi(web.app, id)).phase).toBe('queued');
    await web.withWorker(async () => {
      expect(await untilDone(web.app, id)).toMatchObject({
        phase: 'completed',
        result: 'Positive',
      });
    });
  });

  it('refuses a wait that is not 0 to 25 seconds, given once, before starting anything', async ({
    harness,
  }) => {
    const web = await harness();
    for (const query of ['wait=soon', 'wait=-1', 'wait=26', 'wait=', 'wait=1&wait=2']) {
      const res = await postJson(web.app, `/api/casts?${query}`, choice('Refused'));
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code, query).toBe('InvalidQuery');
      expect(body.error.message, query).toBe(
        'wait must be a number of seconds from 0 to 25, given once.',
      );
    }
    const listed = (await (await web.app.request('/api/casts?pageSize=100')).json()) as {
      casts: { summary?: { textPreview: string } }[];
    };
    expect(listed.casts.some((c) => c.summary?.textPreview === 'Refused')).toBe(false);
  });
});

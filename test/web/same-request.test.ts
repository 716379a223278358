import { describe, expect } from 'vitest';
import { castAcceptedSchema, castFinishedSchema } from '../../src/web/api-schemas.js';
import { gate } from '../support/model-server.js';
import { cardTag, castIdIn, postForm, postJson, untilDone, webTest as it } from './web-harness.js';

// The same request again, through the API and the page's form: it joins the running cast, is
// answered from the completed one, or — asked for a fresh answer — runs again.
const runIdOf = (html: string) => /data-run-id="([^"]+)"/.exec(cardTag(html))?.[1];

describe('the same request while it runs', () => {
  it('joins the running cast through the API and the form: one run, one model call', async ({
    harness,
  }) => {
    const web = await harness();
    const answer = gate();
    web.model.script({ after: answer.opened, then: { answer: 3 } });
    const request = { data: 'three, while it runs', target: { type: 'number' } };
    const fields = { data: request.data, targetKind: 'type', type: 'number' };
    await web.withWorker(async () => {
      const first = castAcceptedSchema.parse(
        await (await postJson(web.app, '/api/casts', request)).json(),
      );
      expect(first.outcome).toBe('new');
      await web.model.waitForRequests(1);

      const again = await postJson(web.app, '/api/casts', request);
      expect(again.status).toBe(202);
      expect(castAcceptedSchema.parse(await again.json())).toMatchObject({
        id: first.id,
        runId: first.runId,
        outcome: 'joined',
        status: 'casting',
      });

      const card = await (await postForm(web.app, '/casts', fields)).text();
      expect(castIdIn(card)).toBe(first.id);
      expect(runIdOf(card)).toBe(first.runId);
      expect(card).toContain('cache hit: joined a running cast');
      // The joined card polls the run it joined.
      expect(cardTag(card)).toContain(`hx-get="/casts/${first.id}?runId=${first.runId}`);

      answer.open();
      expect(await untilDone(web.app, first.id)).toMatchObject({
        runId: first.runId,
        phase: 'completed',
        result: 3,
      });
    });
    expect(web.model.requests).toHaveLength(1);
  });
});

describe('a fresh answer for a completed cast', () => {
  it('runs again through the API with "fresh": a new run under the same id, the model asked again', async ({
    harness,
  }) => {
    const web = await harness();
    web.model.script({ answer: 1 }, { answer: 2 });
    const request = { data: 'one, then fresh', target: { type: 'number' } };
    await web.withWorker(async () => {
      const first = castAcceptedSchema.parse(
        await (await postJson(web.app, '/api/casts', request)).json(),
      );
      await untilDone(web.app, first.id);
      const cached = await postJson(web.app, '/api/casts', request);
      expect(cached.status).toBe(200);
      expect(castFinishedSchema.parse(await cached.json())).toMatchObject({
        runId: first.runId,
        outcome: 'cached',
        result: 1,
      });

      const fresh = await postJson(web.app, '/api/casts', { ...request, fresh: true });
      expect(fresh.status).toBe(202);
      const accepted = castAcceptedSchema.parse(await fresh.json());
      expect(accepted).toMatchObject({ id: first.id, outcome: 'new' });
      expect(accepted.runId).not.toBe(first.runId);
      expect(await untilDone(web.app, first.id)).toMatchObject({
        runId: accepted.runId,
        result: 2,
      });
    });
    expect(web.model.requests).toHaveLength(2);
  });

  it('runs again from the form with Fresh ticked; without it, the card is a cache hit', async ({
    harness,
  }) => {
    const web = await harness();
    web.model.script({ answer: 1 }, { answer: 2 });
    const fields = { data: 'one, then fresh from the page', targetKind: 'type', type: 'number' };
    await web.withWorker(async () => {
      const first = await (await postForm(web.app, '/casts', fields)).text();
      const id = castIdIn(first);
      await untilDone(web.app, id);

      const cached = await (await postForm(web.app, '/casts', fields)).text();
      expect(runIdOf(cached)).toBe(runIdOf(first));
      expect(cached).toContain('cache hit');

      const fresh = await (await postForm(web.app, '/casts', { ...fields, fresh: 'on' })).text();
      expect(castIdIn(fresh)).toBe(id);
      expect(runIdOf(fresh)).not.toBe(runIdOf(first));
      expect(fresh).not.toContain('cache hit');
      expect(await untilDone(web.app, id)).toMatchObject({ runId: runIdOf(fresh), result: 2 });
    });
    expect(web.model.requests).toHaveLength(2);
  });
});

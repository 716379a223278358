import type { Client } from '@temporalio/client';
import { describe, expect } from 'vitest';
import { startCast, type StartedCast } from '../../src/client/start-cast.js';
import { castAcceptedSchema, castPageSchema } from '../../src/web/api-schemas.js';
import { eventually, fastActivity, numberListRequest } from '../support/cast-fixtures.js';
import {
  cardTag,
  castIdIn,
  postForm,
  postJson,
  htmxGet,
  webTest as it,
  type WebHarness,
} from './web-harness.js';

// A workflow id has one run per submission that ran: a failed cast submitted again runs again
// under the same id. Each card, link and list item is about one run.
const runIdIn = (html: string) => /data-run-id="([^"]+)"/.exec(cardTag(html))?.[1];
const attribute = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`${name}="([^"]+)"`, 'g'))].map((m) =>
    m[1]!.replaceAll('&amp;', '&'),
  );

describe('a failed cast submitted again', () => {
  it('keeps its older card on its own failed run: polling, links, result and the list', async ({
    harness,
  }) => {
    const web = await harness();
    // The first run fails for good (the key is refused), the second answers.
    web.model.script({ status: 401 }, { answer: [1, 2, 3] });
    const fields = { data: 'one, TWO, three', targetKind: 'type', type: 'number[]' };
    await web.withWorker(async () => {
      const first = await (await postForm(web.app, '/casts', fields)).text();
      const id = castIdIn(first);
      const firstRun = runIdIn(first);
      expect(firstRun).toMatch(/^[0-9a-f-]{36}$/);
      // The card polls its own run.
      const poll = attribute(cardTag(first), 'hx-get')[0]!;
      expect(poll).toBe(`/casts/${id}?runId=${firstRun}&since=queued%3A0%3A`);
      await eventually(
        () => htmxGet(web.app, poll),
        ({ html }) => html.includes('data-phase="failed"'),
      );

      const second = await (await postForm(web.app, '/casts', fields)).text();
      expect(castIdIn(second)).toBe(id);
      const secondRun = runIdIn(second)!;
      expect(secondRun).not.toBe(firstRun);
      await eventually(
        () => htmxGet(web.app, `/casts/${id}?runId=${secondRun}`),
        ({ html }) => html.includes('data-phase="completed"'),
      );

      // The older card, polled or reloaded, still shows its own failed run.
      const older = await htmxGet(web.app, poll);
      expect(older.html).toContain('data-phase="failed"');
      expect(older.html).toContain('BadCredentials');
      expect(runIdIn(older.html)).toBe(firstRun);
      expect(attribute(older.html, 'href')).toContain(
        `http://127.0.0.1:8233/namespaces/default/workflows/${id}/${firstRun}`,
      );

      // The API: without a run id the latest run, as before; with one, that run.
      const latest = (await (await web.app.request(`/api/casts/${id}`)).json()) as {
        runId: string;
        phase: string;
      };
      expect(latest).toMatchObject({ runId: secondRun, phase: 'completed' });
      const own = (await (await web.app.request(`/api/casts/${id}?runId=${firstRun}`)).json()) as {
        runId: string;
        phase: string;
      };
      expect(own).toMatchObject({ runId: firstRun, phase: 'failed' });
      // A closed run cannot be cancelled, even by its run id.
      expect(
        (await web.app.request(`/api/casts/${id}/cancel?runId=${firstRun}`, { method: 'POST' }))
          .status,
      ).toBe(409);

      // The list: each run once, with its own state.
      const listed = await eventually(
        async () =>
          castPageSchema.parse(await (await web.app.request('/api/casts?pageSize=100')).json()),
        (page) => page.casts.filter((c) => c.id === id).every((c) => c.phase !== 'queued'),
      );
      const runs = listed.casts.filter((c) => c.id === id);
      expect(runs.map((c) => [c.runId, c.phase]).sort()).toEqual(
        [
          [firstRun, 'failed'],
          [secondRun, 'completed'],
        ].sort(),
      );

      // The page lists both cards; each one's "Show result" and Temporal UI link is its own run.
      const page = await (await web.app.request('/')).text();
      const cards = [...page.matchAll(/<article[^>]*data-run-id="([^"]+)"[^>]*>.*?<\/article>/gs)];
      const byRun = new Map(cards.map((m) => [m[1], m[0]]));
      expect(cards.filter((m) => m[0].includes(`data-cast-id="${id}"`))).toHaveLength(2);
      for (const run of [firstRun!, secondRun]) {
        const html = byRun.get(run)!;
        expect(html).toContain(`hx-get="/casts/${id}?runId=${run}"`);
        expect(html).toContain(`/workflows/${id}/${run}"`);
      }
      const shown = await htmxGet(web.app, `/casts/${id}?runId=${firstRun}`);
      expect(shown.html).toContain('BadCredentials');
    });
  });

  it('answers the API with the run it started, and links to that run', async ({ harness }) => {
    const web = await harness();
    web.model.script({ status: 401 });
    await web.withWorker(async () => {
      const res = await postJson(web.app, '/api/casts', {
        data: 'a cast that fails',
        target: { type: 'number' },
      });
      const accepted = castAcceptedSchema.parse(await res.json());
      expect(accepted.links).toEqual({
        self: `/api/casts/${accepted.id}?runId=${accepted.runId}`,
        cancel: `/api/casts/${accepted.id}/cancel?runId=${accepted.runId}`,
        ui: `http://127.0.0.1:8233/namespaces/default/workflows/${accepted.id}/${accepted.runId}`,
      });
      expect(res.headers.get('Location')).toBe(accepted.links.self);
    });
    expect((await web.app.request('/api/casts/cast-x?runId=not-a-run')).status).toBe(400);
    expect((await web.app.request('/casts/cast-x?runId=not-a-run')).status).toBe(400);
    expect((await web.app.request('/api/casts/cast-x?runId=')).status).toBe(404);
  });
});

const listedRuns = (web: WebHarness) => async () =>
  castPageSchema.parse(await (await web.app.request('/api/casts?pageSize=50')).json());

/**
 * 23 runs, more than a page, left queued (no worker: all a list needs), once the list holds
 * them all: visibility is eventually consistent.
 */
async function startListedRuns(web: WebHarness, client: Client): Promise<StartedCast[]> {
  const started: StartedCast[] = [];
  for (let i = 0; i < 23; i++) {
    started.push(
      await startCast(
        { client, taskQueue: web.taskQueue, activity: fastActivity },
        numberListRequest({ model: web.modelName }),
      ),
    );
  }
  await eventually(listedRuns(web), (page) =>
    started.every((s) => page.casts.some((c) => c.runId === s.runId)),
  );
  return started;
}

describe('the recent runs', () => {
  it('pages past the first 20 with a "More runs" button', async ({ harness, client }) => {
    const web = await harness();
    const started = await startListedRuns(web, client);
    const page = await (await web.app.request('/')).text();
    expect(page.match(/class="run-card listed/g)).toHaveLength(20);
    const more = attribute(page, 'hx-get').find((url) => url.startsWith('/casts?pageToken='))!;
    expect(more).toBeDefined();

    const next = await htmxGet(web.app, more);
    expect(next.status).toBe(200);
    expect(next.html.match(/class="run-card listed/g)).toHaveLength(3);
    expect(next.html).not.toContain('More runs');
    // Together: every run once.
    const shown = [...`${page}${next.html}`.matchAll(/data-run-id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(shown).size).toBe(23);
    expect([...new Set(shown)].sort()).toEqual(started.map((s) => s.runId).sort());

    const forged = await htmxGet(web.app, '/casts?pageToken=bm90LWEtdG9rZW4');
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('reload the page');
    for (const s of started) await client.workflow.getHandle(s.id).terminate('test over');
  });

  it('lists a run once when it closes between two pages', async ({ harness, client }) => {
    const web = await harness();
    const started = await startListedRuns(web, client);
    const first = await (await web.app.request('/')).text();
    const more = attribute(first, 'hx-get').find((url) => url.startsWith('/casts?pageToken='))!;

    // Every run listed on the first page closes: visibility now orders them by close time,
    // below the server's cursor, where the next page would list them again.
    for (const s of started) await client.workflow.getHandle(s.id).terminate('closed in between');
    await eventually(listedRuns(web), (page) =>
      started.every((s) => page.casts.some((c) => c.runId === s.runId && c.phase === 'terminated')),
    );

    const next = await htmxGet(web.app, more);
    expect(next.status).toBe(200);
    const shown = [...`${first}${next.html}`.matchAll(/data-run-id="([^"]+)"/g)].map((m) => m[1]);
    expect(shown).toHaveLength(23);
    expect([...shown].sort()).toEqual(started.map((s) => s.runId).sort());
  });
});

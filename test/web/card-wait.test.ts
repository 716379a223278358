import { describe, expect, vi } from 'vitest';
import { waitForCast } from '../../src/client/wait-for-cast.js';
import {
  cardTag,
  castIdIn,
  htmxGet,
  postForm,
  webTest as it,
  type WebHarness,
} from './web-harness.js';

/** The card's own next request, as htmx reads it from the fragment. */
function nextRequest(html: string): string | undefined {
  const url = /hx-get="([^"]+)"/.exec(cardTag(html))?.[1];
  return url?.replaceAll('&amp;', '&');
}

const phaseOf = (html: string) => /data-phase="([^"]+)"/.exec(cardTag(html))?.[1];

/** Submits a cast through the form and resolves with its id once its model call is made. */
async function submitHanging(web: WebHarness, data: string): Promise<string> {
  const posted = await postForm(web.app, '/casts', { data, targetKind: 'type', type: 'number' });
  const id = castIdIn(await posted.text());
  await web.model.waitForRequests(1);
  return id;
}

describe('a running card waits on the server', () => {
  it('asks once per change: every answer is news, and the last one carries the value', async ({
    harness,
  }) => {
    const web = await harness();
    web.model.script({ delayMs: 2_500, then: { answer: [1, 2, 3] } });
    await web.withWorker(async () => {
      const posted = await (
        await postForm(web.app, '/casts', {
          data: 'one, TWO, three',
          targetKind: 'type',
          type: 'number[]',
        })
      ).text();
      const id = castIdIn(posted);
      let html = posted;
      const phases = [phaseOf(html)];
      // As htmx does with hx-trigger="load": ask again as soon as the answer is in the page.
      for (let asked = 0; asked < 6; asked++) {
        const url = nextRequest(html);
        if (!url) break;
        expect(url).toMatch(new RegExp(`^/casts/${id}\\?runId=[0-9a-f-]{36}&since=`));
        const answer = await htmxGet(web.app, url);
        expect(answer.status).toBe(200);
        html = answer.html;
        phases.push(phaseOf(html));
      }
      expect(phases[0]).toBe('queued');
      expect(phases.at(-1)).toBe('completed');
      // A poll would have answered "casting" again and again while the model took 2.5 s.
      phases.slice(1).forEach((phase, i) => expect(phase, phases.join(' → ')).not.toBe(phases[i]));
      expect(cardTag(html)).not.toContain('hx-trigger');
      expect(html).toMatch(/<pre class="value"><code>\[\s*1,\s*2,\s*3\s*\]<\/code><\/pre>/);
    });
  });

  it('reads the description less often the longer the cast stays as it is', async ({
    harness,
    client,
  }) => {
    const web = await harness();
    web.model.script({ hang: true });
    await web.withWorker(async () => {
      const id = await submitHanging(web, 'stays');
      const describe = vi.spyOn(client.workflowService, 'describeWorkflowExecution');
      try {
        const view = await waitForCast(client, id, {
          since: 'casting:1:',
          waitMs: 7_000,
          intervalMs: 1_000,
          maxIntervalMs: 4_000,
        });
        expect(view).toMatchObject({ phase: 'casting', done: false });
        // Once at the start, then 1, 1.6 and 2.56 s apart: a read every second would be 8.
        expect(describe.mock.calls.length).toBeGreaterThanOrEqual(3);
        expect(describe.mock.calls.length).toBeLessThanOrEqual(5);
      } finally {
        describe.mockRestore();
      }
      await web.app.request(`/api/casts/${id}/cancel`, { method: 'POST' });
    });
  });

  it('answers at once for a version the card does not have, and for a closed run', async ({
    harness,
  }) => {
    const web = await harness();
    web.model.script({ hang: true });
    await web.withWorker(async () => {
      const id = await submitHanging(web, 'hangs');
      const stale = await htmxGet(web.app, `/casts/${id}?since=queued:0:`);
      expect(phaseOf(stale.html)).toBe('casting');
      expect(nextRequest(stale.html)).toContain('since=casting%3A1%3A');

      // The waiting request answers with the closed card once the run is cancelled.
      const waiting = htmxGet(web.app, nextRequest(stale.html)!);
      await web.app.request(`/api/casts/${id}/cancel`, { method: 'POST' });
      const closed = await waiting;
      expect(phaseOf(closed.html)).toBe('cancelled');
      expect(cardTag(closed.html)).not.toContain('hx-trigger');
    });
  });
});

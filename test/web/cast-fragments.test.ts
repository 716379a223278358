import { describe, expect } from 'vitest';
import { eventually } from '../support/cast-fixtures.js';
import { directives } from '../support/csp.js';
import { gate } from '../support/model-server.js';
import {
  cardTag,
  castIdIn,
  fragment,
  postForm,
  readApi,
  submitForm,
  webTest as it,
} from './web-harness.js';

describe('the page flow (htmx form posts and run card fragments)', () => {
  it('casts "one, TWO, three" to number[]: the card polls while running and stops when done', async ({
    harness,
  }) => {
    const web = await harness();
    // The model answers once the test has seen the card casting, however slow the machine.
    const answer = gate();
    web.model.script({ after: answer.opened, then: { answer: [1, 2, 3] } });
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
      expect(cardTag(html)).toMatch(
        new RegExp(`hx-get="/casts/${id}\\?runId=[0-9a-f-]{36}&(amp;)?since=queued%3A0%3A"`),
      );
      expect(cardTag(html)).toContain('hx-trigger="load"');
      expect(html).toContain('id="cast-form"');
      expect(html).toContain('hx-swap-oob="true"');
      expect(html).not.toContain('field-error');

      await web.model.waitForRequests(1);
      const running = await fragment(web.app, id);
      expect(running.html).toContain('data-phase="casting"');
      expect(cardTag(running.html)).toContain('hx-trigger="load"');
      expect(running.html).toContain(`hx-post="/casts/${id}/cancel?runId=`);
      expect(running.html).toContain(`http://127.0.0.1:8233/namespaces/default/workflows/${id}`);
      answer.open();

      const done = await eventually(
        () => fragment(web.app, id),
        ({ html }) => /data-phase="completed"/.test(html),
      );
      expect(done.status).toBe(200);
      expect(cardTag(done.html)).not.toContain('hx-trigger');
      expect(cardTag(done.html)).not.toContain('hx-get');
      expect(done.html).not.toContain('Cancel');
      expect(done.html).toContain('array of 3 items');
      expect(done.html).toMatch(/<pre class="value"><code>\[\s*1,\s*2,\s*3\s*\]<\/code><\/pre>/);

      const view = await readApi(web.app, id);
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

  it('shows a number as a number and a string quoted, each with its type', async ({ harness }) => {
    const web = await harness();
    // The two casts run at once: answer each by the type its request asks for.
    web.model.respondWith((body) =>
      JSON.stringify(body.response_format).includes('"integer"')
        ? { answer: 42 }
        : { answer: '42' },
    );
    await web.withWorker(async () => {
      const number = await submitForm(web.app, {
        data: 'forty-two',
        targetKind: 'preset',
        preset: 'integer',
      });
      const string = await submitForm(web.app, {
        data: 'forty-two',
        targetKind: 'preset',
        preset: 'string',
      });
      const asNumber = await eventually(
        () => fragment(web.app, number),
        ({ html }) => html.includes('data-phase="completed"'),
      );
      expect(asNumber.html).toContain('<data value="42">42</data>');
      expect(asNumber.html).toContain('number (integer)');
      const asString = await eventually(
        () => fragment(web.app, string),
        ({ html }) => html.includes('data-phase="completed"'),
      );
      expect(asString.html).toContain('<code>&quot;42&quot;</code>');
      expect(asString.html).toContain('string, 2 characters');
      expect(asString.html).toContain('data-copy="42"');
    });
  });

  it('puts each bad input next to its field with a 422, and starts nothing', async ({
    harness,
  }) => {
    const web = await harness({ maxDataChars: 50 });
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
        fields: { data: 'a', targetKind: 'preset', preset: 'choice', labels: ' , ' },
        field: 'labels',
        text: /needs labels/,
      },
      {
        fields: {
          data: 'short enough',
          targetKind: 'type',
          type: 'number',
          instructions: 'i'.repeat(2_001),
        },
        field: 'instructions',
        text: /2,001 characters long; keep them under 2,000/,
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
      // What the person typed comes back in its field, every field of it, not only the bad one.
      const typed = { ...fields, instructions: fields.instructions ?? 'Keep what I typed.' };
      const again = await postForm(web.app, '/casts', { ...typed, fresh: 'on' });
      expect(again.status).toBe(422);
      const form = await again.text();
      for (const [name, value] of Object.entries(typed)) {
        // A radio is checked, not filled; a preset that does not exist has no option to select.
        if (name === 'targetKind' || value === 'no-such-preset') continue;
        expect(fieldValue(form, name), `${name} for ${JSON.stringify(fields)}`).toBe(value);
      }
      expect(form).toMatch(new RegExp(`id="kind-${fields.targetKind}"[^>]*checked`));
      expect(form).toMatch(/id="fresh"[^>]*checked/);
    }
    expect(web.model.requests).toHaveLength(0);
  });

  it('without htmx: a bad post renders the whole page with the message, a good one redirects', async ({
    harness,
  }) => {
    const web = await harness();
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

  it('refuses form posts and cancels from another site, a sibling subdomain included', async ({
    harness,
  }) => {
    const web = await harness();
    const elsewhere: Record<string, string>[] = [
      { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site', Origin: 'https://other.localhost' },
      { Origin: 'https://evil.example' },
    ];
    for (const headers of elsewhere) {
      const res = await web.app.request('/casts', {
        method: 'POST',
        body: new URLSearchParams({ data: 'one', targetKind: 'preset', preset: 'number' }),
        headers: { 'HX-Request': 'true', ...headers },
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      const cancel = await web.app.request('/casts/cast-anything/cancel', {
        method: 'POST',
        headers: { 'HX-Request': 'true', ...headers },
      });
      expect(cancel.status, JSON.stringify(headers)).toBe(403);
    }
    expect(web.model.requests).toHaveLength(0);
  });

  it('escapes a hostile model answer and hostile data in the card', async ({ harness }) => {
    const web = await harness();
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
        () => fragment(web.app, id),
        ({ html }) => html.includes('data-phase="completed"'),
      );
      expect(done.html).not.toContain('<img');
      expect(done.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(done.html).not.toContain('<script>');
    });
    const page = await web.app.request('/');
    const csp = directives(page.headers.get('Content-Security-Policy'));
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('default-src')).toBe("'none'");
    expect(page.headers.get('Content-Security-Policy')).not.toContain('unsafe-');
  });

  it("shows a validation failure with the model's last raw output and the issues", async ({
    harness,
  }) => {
    const web = await harness();
    // Two wrong answers: the first and the one re-ask a worker with maxReasks 1 allows.
    web.model.script({ content: '{"value": "many"}' }, { content: '{"value": "lots"}' });
    await web.withWorker(
      async () => {
        const id = await submitForm(web.app, { data: 'a few', targetKind: 'type', type: 'number' });
        const done = await eventually(
          () => fragment(web.app, id),
          ({ html }) => /data-phase="failed"/.test(html),
        );
        expect(cardTag(done.html)).not.toContain('hx-trigger');
        expect(done.html).toContain('<strong class="error-type">ValidationFailed</strong>');
        expect(done.html).toContain('class="raw-output"');
        expect(done.html).toContain('lots');
        expect(done.html).toMatch(/<ul class="issues"><li>.+<\/li>/s);
      },
      { maxReasks: 1 },
    );
  });

  it('cancels from the page: the Cancel button answers with the card', async ({ harness }) => {
    const web = await harness();
    web.model.script({ hang: true });
    await web.withWorker(async () => {
      const id = await submitForm(web.app, {
        data: 'hang on',
        targetKind: 'preset',
        preset: 'number',
      });
      await web.model.waitForRequests(1);
      const res = await postForm(web.app, `/casts/${id}/cancel`, {});
      expect(res.status).toBe(200);
      expect(castIdIn(await res.text())).toBe(id);
      const done = await eventually(
        () => fragment(web.app, id),
        ({ html }) => html.includes('data-phase="cancelled"'),
      );
      expect(cardTag(done.html)).not.toContain('hx-trigger');
    });
  });

  it("answers its errors in HTML, and the form post's in the form's status line", async ({
    harness,
  }) => {
    const web = await harness({ maxDataChars: 10 });
    const gone = await web.app.request('/casts?pageToken=bm90LWEtdG9rZW4', {
      headers: { 'HX-Request': 'true' },
    });
    expect(gone.status).toBe(400);
    expect(gone.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await gone.text()).toBe(
      '<span class="error">That page of runs is gone: reload the page.</span>',
    );
    expect(gone.headers.get('HX-Retarget')).toBeNull();

    const huge = await postForm(web.app, '/casts', {
      data: 'x'.repeat(1_000_000),
      targetKind: 'preset',
      preset: 'number',
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('HX-Retarget')).toBe('#form-status');
    expect(huge.headers.get('HX-Reswap')).toBe('innerHTML');
    expect(await huge.text()).toMatch(/^<span class="error">The request body is over \d+ KiB/);
    expect(web.model.requests).toHaveLength(0);
  });
});

const entities: Record<string, string> = {
  '&quot;': '"',
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
};

/** What a form field of the page shows: a textarea's text, an input's value, the selected option. */
function fieldValue(html: string, id: string): string | undefined {
  const unescape = (text: string) => text.replace(/&(quot|#39|lt|gt|amp);/g, (e) => entities[e]!);
  const textarea = new RegExp(`<textarea[^>]*\\bid="${id}"[^>]*>(.*?)</textarea>`, 's').exec(html);
  if (textarea) return unescape(textarea[1]!);
  const input = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html);
  if (input) return unescape(/\bvalue="([^"]*)"/.exec(input[0])?.[1] ?? '');
  const select = new RegExp(`<select[^>]*\\bid="${id}"[^>]*>(.*?)</select>`, 's').exec(html);
  if (select) return /<option value="([^"]*)"[^>]*\bselected/.exec(select[1]!)?.[1];
  return undefined;
}

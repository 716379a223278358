import { readdir } from 'node:fs/promises';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import type { BatchPage } from '../../src/client/list-batches.js';
import { batchTest, uploadFile, waitUntilDone } from '../support/batch-harness.js';
import { eventually } from '../support/cast-fixtures.js';
import { castPromptOf } from '../support/model-server.js';

// The page's side of batches through app.request: the form's fragments, the card, the list.
const it = batchTest({
  limits: { maxRows: 50, maxBytes: 10_000, maxTextChars: 100 },
  chunkRows: 5,
});

/** The batch form as htmx posts it (multipart, from this site). */
function postBatchForm(
  app: Hono,
  path: string,
  fields: Record<string, string>,
  file?: { content: string | Uint8Array<ArrayBuffer>; name: string },
  htmx = true,
) {
  const form = new FormData();
  // With no file chosen a browser still sends the part: an empty file without a name.
  form.set('file', file ? new File([file.content], file.name) : new File([], ''));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return app.request(path, {
    method: 'POST',
    body: form,
    headers: { 'Sec-Fetch-Site': 'same-origin', ...(htmx ? { 'HX-Request': 'true' } : {}) },
  });
}

/** The newest batches as `GET /api/batches` lists them, one page of `pageSize`. */
async function newestBatches(app: Hono, pageSize: number): Promise<BatchPage['batches']> {
  const res = await app.request(`/api/batches?pageSize=${pageSize}`);
  return ((await res.json()) as BatchPage).batches;
}

const numberType = { targetKind: 'type', type: 'number' };
const csv = 'id,text,<b>note</b>\n1,one of page,x\n2,two of page,y\n3,three of page,z\n';

/** The text of an element with this id in an HTML fragment (tags dropped), or undefined. */
function byId(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return match?.[1];
}

it('the page shows the batch form with its limits beside the list of batches', async ({
  batches,
}) => {
  const page = await (await batches.app.request('/')).text();
  expect(page).toContain('id="batch-form"');
  expect(page).toMatch(/up to 50 rows and 10,000 bytes; each row\s+up to 100 characters/);
  expect(page).toContain('id="batches"');
  // The cast form keeps its ids; the batch form's own are prefixed, so none is used twice.
  const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  expect(ids).toContain('kind-type');
  expect(ids).toContain('batch-kind-type');
  expect(ids.length).toBe(new Set(ids).size);
});

it('reading the chosen file offers its columns, escaped, and says what is wrong next to the field', async ({
  batches,
}) => {
  const res = await postBatchForm(
    batches.app,
    '/batches/source',
    {},
    { content: csv, name: 'r.csv' },
  );
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('<option value="text">text</option>');
  expect(html).toContain('&lt;b&gt;note&lt;/b&gt;');
  expect(html).not.toContain('<b>note</b>');

  const chosen = await postBatchForm(
    batches.app,
    '/batches/source',
    { column: 'text' },
    { content: csv, name: 'r.csv' },
  );
  expect(await chosen.text()).toMatch(/CSV, 3 rows; casting “text”/);

  const ragged = await postBatchForm(
    batches.app,
    '/batches/source',
    {},
    { content: 'a,b\n1,2\n3\n', name: 'r.csv' },
  );
  const message = byId(await ragged.text(), 'batch-file-error');
  expect(message).toMatch(/line 3 has 1 field where the header has 2/);

  const pasted = await postBatchForm(batches.app, '/batches/source', { rows: 'a\nb\n' });
  expect(await pasted.text()).toMatch(/plain text, 2 rows/);
  expect(await readdir(batches.folder!)).toEqual([]);
});

it('a refused form names every problem next to its field and starts nothing', async ({
  batches,
}) => {
  const res = await postBatchForm(
    batches.app,
    '/batches',
    { targetKind: 'type', type: 'nmber[' },
    { content: 'x'.repeat(10_001), name: 'big.txt' },
  );
  expect(res.status).toBe(413);
  expect(res.headers.get('HX-Retarget')).toBe('#batch-form');
  const html = await res.text();
  expect(byId(html, 'batch-file-error')).toMatch(/at most 10,000 bytes/);
  expect(byId(html, 'batch-type-error')).toBeDefined();
  expect(html).toMatch(/Nothing was started/);

  const missing = await postBatchForm(batches.app, '/batches', numberType, {
    content: csv,
    name: 'r.csv',
  });
  expect(missing.status).toBe(422);
  expect(byId(await missing.text(), 'batch-column-error')).toMatch(/Choose the column/);

  const nothing = await postBatchForm(batches.app, '/batches', numberType);
  expect(nothing.status).toBe(422);
  expect(byId(await nothing.text(), 'batch-file-error')).toMatch(/Choose a file/);

  // Without htmx the whole page comes back with the messages.
  const page = await postBatchForm(batches.app, '/batches', numberType, undefined, false);
  expect(page.status).toBe(422);
  expect(await page.text()).toMatch(/<!DOCTYPE html>[\s\S]*id="batch-file-error"/);
  expect(await readdir(batches.folder!)).toEqual([]);
});

it('a started batch gets a card that follows it to the end, and the list shows it first', async ({
  batches,
  model,
}) => {
  model.respondWith((body) => {
    const text = castPromptOf(body);
    const n = ['one', 'two', 'three'].findIndex((w) => text.includes(`${w} of page`)) + 1;
    return n === 3 ? { answer: '<img src=x onerror=alert(1)>' } : { answer: n > 0 ? n : 0 };
  });
  await batches.withWorker(async () => {
    const res = await postBatchForm(
      batches.app,
      '/batches',
      { ...numberType, column: 'text' },
      { content: csv, name: '<i>rows</i>.csv' },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    const id = /data-batch-id="(batch-[^"]+)"/.exec(html)?.[1];
    expect(id).toBeDefined();
    // The card asks for itself with the version it shows; the form comes back out of band.
    expect(html).toMatch(new RegExp(`hx-get="/batches/${id}\\?since="[^>]*hx-trigger="load"`));
    expect(html).toContain('hx-swap-oob="true"');
    expect(html).toContain('&lt;i&gt;rows&lt;/i&gt;.csv');

    await waitUntilDone(batches.app, id!);
    const card = await (await batches.app.request(`/batches/${id}?since=x`)).text();
    expect(card).toContain('data-status="completed"');
    expect(card).toMatch(/<progress max="3" value="3"/);
    expect(card).toContain('>100%<');
    expect(card).not.toContain('hx-trigger');
    // Row 3 failed validation; the model's markup in the reason is text.
    expect(card).toMatch(/Row 3: <strong class="error-type">ValidationFailed<\/strong>/);
    expect(card).not.toContain('<img');
    expect(card).toContain(`/api/batches/${id}/results.csv`);
    expect(card).toContain('Retry failed rows');

    // "Retry failed rows" answers with the new batch's card; a failing action says so on its card.
    const retry = await postBatchForm(batches.app, `/batches/${id}/retry`, {});
    expect(retry.status).toBe(200);
    const retried = /data-batch-id="(batch-[^"]+)"/.exec(await retry.text())?.[1];
    expect(retried).not.toBe(id);
    await waitUntilDone(batches.app, retried!);
    const unknown = 'batch-00000000-0000-4000-8000-000000000000';
    const refused = await postBatchForm(batches.app, `/batches/${unknown}/retry`, {});
    expect(refused.status).toBe(404);
    expect(refused.headers.get('HX-Retarget')).toBe(`#${unknown} .action-note`);
    const closed = await postBatchForm(batches.app, `/batches/${id}/cancel`, {});
    expect(await closed.text()).toContain('data-status="completed"');

    // Visibility is eventually consistent: wait until it lists both, the first one closed.
    const [newest, older] = await eventually(
      () => newestBatches(batches.app, 2),
      ([first, second]) => first?.id === retried && second?.status === 'completed',
    );
    expect(newest).toMatchObject({ id: retried, summary: { retryOf: id } });
    expect(older).toMatchObject({
      id,
      status: 'completed',
      summary: { filename: '<i>rows</i>.csv', column: 'text', total: 3 },
      counts: { total: 3, succeeded: 2, failed: 1 },
    });
  });
});

it('lists batches newest first, a page at a time, and refuses a token it did not issue', async ({
  batches,
}) => {
  const ids: string[] = [];
  for (const rows of ['a\n', 'b\n', 'c\n']) {
    const res = await uploadFile(batches.app, rows, 'r.txt', { target: '{"type":"number"}' });
    ids.unshift(((await res.json()) as { id: string }).id);
  }
  // Visibility is eventually consistent: wait until it lists all three before paging.
  await eventually(
    () => newestBatches(batches.app, 3),
    (listed) => listed.map((b) => b.id).join() === ids.join(),
  );
  const seen: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 10; page++) {
    const query = new URLSearchParams({ pageSize: '2', ...(token ? { pageToken: token } : {}) });
    const res = await batches.app.request(`/api/batches?${query.toString()}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as BatchPage;
    seen.push(...body.batches.map((b) => b.id));
    token = body.nextPageToken;
    if (!token) break;
  }
  expect(seen.slice(0, 3)).toEqual(ids);
  const foreign = await batches.app.request('/api/batches?pageToken=bm9wZQ');
  expect(foreign.status).toBe(400);
  // A value that is not one, or one given twice, is refused rather than half read.
  for (const query of [
    '/api/batches?pageSize=0',
    '/api/batches?pageSize=2&pageSize=x',
    `/api/batches/${ids[0]}?wait=`,
    `/api/batches/${ids[0]}?wait=1&wait=x`,
  ]) {
    const res = await batches.app.request(query);
    expect(res.status, query).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('InvalidQuery');
  }

  // The page lists them too, each as a card that follows its batch while it runs.
  const page = await (await batches.app.request('/')).text();
  for (const id of ids) expect(page).toContain(`data-batch-id="${id}"`);
  for (const id of ids) await batches.app.request(`/api/batches/${id}/cancel`, { method: 'POST' });
});

import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import type { BatchView } from '../../src/client/batch-view.js';
import { batchTest, uploadFile, waitUntilDone } from '../support/batch-harness.js';
import { castPromptOf, gate, type ModelServer, type ModelStep } from '../support/model-server.js';
import { postJson } from '../web/web-harness.js';

const it = batchTest({ maxConcurrentRows: 4, chunkRows: 10 });

const numberTarget = { type: 'number' };

/**
 * Rows "n of tag" answered with n × 10; `bad(n)` rows answered with text. With `held`, only the
 * first `held.answered` calls are answered at once; later ones wait for `held.until`.
 */
function answerRows(
  model: ModelServer,
  tag: string,
  {
    delayMs = 0,
    bad = (_n: number): boolean => false,
    held,
  }: {
    delayMs?: number;
    bad?: (n: number) => boolean;
    held?: { answered: number; until: Promise<void> };
  } = {},
) {
  const pattern = new RegExp(`(\\d+) of ${tag}`);
  let calls = 0;
  model.respondWith((body): ModelStep => {
    const n = Number(pattern.exec(castPromptOf(body))?.[1]);
    if (!n) return { status: 400, body: { error: { message: 'unexpected prompt' } } };
    const step = bad(n) ? { answer: 'not a number' } : { answer: n * 10 };
    calls += 1;
    if (held && calls > held.answered) return { after: held.until, then: step };
    return delayMs ? { delayMs, then: step } : step;
  });
  return (since: number) =>
    model.requests
      .slice(since)
      .map((r) => Number(pattern.exec(castPromptOf(r.body))?.[1]))
      .filter(Boolean);
}

const rowTexts = (tag: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${i + 1} of ${tag}`);

async function submitted(res: Response): Promise<string> {
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function jsonl(
  batches: { app: { request: (path: string) => Response | Promise<Response> } },
  id: string,
) {
  const res = await batches.app.request(`/api/batches/${id}/results.jsonl`);
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line) as {
          row: number;
          input: { text: string };
          value: unknown;
          error: unknown;
          cached?: boolean;
        },
    );
}

it('a batch of rows already in the cache asks the model nothing; fresh asks again', async ({
  batches,
  model,
}) => {
  const tag = randomUUID();
  const asked = answerRows(model, tag);
  const rows = rowTexts(tag, 25);

  const first = await batches.withWorker(async () => {
    const start = model.requests.length;
    const id = await submitted(
      await postJson(batches.app, '/api/batches', { rows, target: numberTarget }),
    );
    const view = await waitUntilDone(batches.app, id);
    expect(asked(start).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i + 1));
    return view;
  });
  expect(first.progress).toMatchObject({ succeeded: 25, cached: 0, failed: 0 });

  // The same texts again, now as a text file: every row from the cache, no model call.
  await batches.withWorker(async () => {
    const start = model.requests.length;
    const id = await submitted(
      await uploadFile(batches.app, rows.join('\n'), 'again.txt', {
        target: JSON.stringify(numberTarget),
      }),
    );
    const view = await waitUntilDone(batches.app, id);
    expect(view.progress).toMatchObject({ total: 25, succeeded: 25, cached: 25, failed: 0 });
    expect(model.requests.length).toBe(start);
    const results = await jsonl(batches, id);
    expect(results.map((r) => r.value)).toEqual(rows.map((_, i) => (i + 1) * 10));
    expect(results.every((r) => r.cached)).toBe(true);

    const fresh = await submitted(
      await postJson(batches.app, '/api/batches', { rows, target: numberTarget, fresh: true }),
    );
    expect((await waitUntilDone(batches.app, fresh)).progress).toMatchObject({
      succeeded: 25,
      cached: 0,
    });
    expect(asked(start)).toHaveLength(25);
  });
});

it('a cancelled batch keeps its finished rows; retrying it asks only the rest', async ({
  batches,
  model,
}) => {
  const tag = randomUUID();
  // Eight rows are answered; the rest wait until the cancel was accepted, so it comes mid-batch.
  const cancelSent = gate();
  const asked = answerRows(model, tag, { held: { answered: 8, until: cancelSent.opened } });
  const rows = rowTexts(tag, 60);

  const { cancelled, finished } = await batches.withWorker(async () => {
    const id = await submitted(
      await postJson(batches.app, '/api/batches', { rows, target: numberTarget }),
    );
    let view: BatchView;
    const deadline = Date.now() + 60_000;
    do {
      view = (await (await batches.app.request(`/api/batches/${id}`)).json()) as BatchView;
      expect(Date.now()).toBeLessThan(deadline);
    } while (view.progress.done < 8);
    expect(view.status).toBe('running');
    expect(view.progress.inFlight).toBeGreaterThan(0);
    const cancel = await batches.app.request(`/api/batches/${id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(202);
    cancelSent.open();
    const cancelled = await waitUntilDone(batches.app, id);
    return { cancelled, finished: await jsonl(batches, id) };
  });

  expect(cancelled.status).toBe('cancelled');
  expect(cancelled.progress.done).toBeGreaterThanOrEqual(8);
  expect(cancelled.progress.done).toBeLessThan(60);
  // What the read counted is what the store kept, each with its own value.
  expect(finished).toHaveLength(cancelled.progress.succeeded);
  for (const result of finished) expect(result.value).toBe(result.row * 10);

  await batches.withWorker(async () => {
    const start = model.requests.length;
    const retry = await batches.app.request(`/api/batches/${cancelled.id}/retry`, {
      method: 'POST',
    });
    const id = await submitted(retry);
    const view = await waitUntilDone(batches.app, id);
    expect(view).toMatchObject({ status: 'completed', summary: { retryOf: cancelled.id } });
    expect(view.progress).toMatchObject({ succeeded: 60, cached: finished.length, failed: 0 });
    const finishedRows = new Set(finished.map((r) => r.row));
    const again = asked(start);
    expect(again.filter((n) => finishedRows.has(n))).toEqual([]);
    expect(new Set(again).size).toBe(60 - finished.length);
    expect((await jsonl(batches, id)).map((r) => r.value)).toEqual(
      rows.map((_, i) => (i + 1) * 10),
    );
  });
});

it('failed rows are listed with their reasons; retrying the batch asks only them', async ({
  batches,
  model,
}) => {
  const tag = randomUUID();
  let broken = true;
  const asked = answerRows(model, tag, { bad: (n) => broken && n % 7 === 0 });
  const csv = ['id,text', ...rowTexts(tag, 30).map((text, i) => `${i + 1},${text}`), '31,'].join(
    '\n',
  );

  const first = await batches.withWorker(async () => {
    const start = model.requests.length;
    const id = await submitted(
      await uploadFile(batches.app, csv, 'rows.csv', {
        column: 'text',
        target: JSON.stringify(numberTarget),
      }),
    );
    const view = await waitUntilDone(batches.app, id);
    // The empty row failed without a model call; the others were asked (bad ones re-asked once).
    expect(asked(start).filter((n) => n % 7 !== 0)).toHaveLength(26);
    return view;
  });
  expect(first.status).toBe('completed');
  expect(first.progress).toMatchObject({ total: 31, succeeded: 26, failed: 5 });
  expect(first.firstFailures.map((f) => [f.row, f.type])).toEqual([
    [7, 'ValidationFailed'],
    [14, 'ValidationFailed'],
    [21, 'ValidationFailed'],
    [28, 'ValidationFailed'],
    [31, 'EmptyRow'],
  ]);
  expect(first.firstFailures[0]?.message).toMatch(/did not match the target type number/);

  const csvText = await (await batches.app.request(`/api/batches/${first.id}/results.csv`)).text();
  const line7 = (parse(csvText, { bom: true }) as string[][])[7];
  expect(line7?.slice(0, 3)).toEqual(['7', `7 of ${tag}`, '']);
  expect(line7?.[3]).toMatch(
    /^ValidationFailed: The model's answer did not match the target type number/,
  );

  broken = false;
  await batches.withWorker(async () => {
    const start = model.requests.length;
    const id = await submitted(
      await batches.app.request(`/api/batches/${first.id}/retry`, { method: 'POST' }),
    );
    const view = await waitUntilDone(batches.app, id);
    expect(view.progress).toMatchObject({ succeeded: 30, cached: 26, failed: 1 });
    expect(asked(start).sort((a, b) => a - b)).toEqual([7, 14, 21, 28]);
    expect(view.firstFailures).toEqual([expect.objectContaining({ row: 31, type: 'EmptyRow' })]);
  });

  const running = await batches.app.request(`/api/batches/${first.id}/cancel`, { method: 'POST' });
  expect(running.status).toBe(409);
});

it('rows with the same text are asked once; the copies take its answer or its failure', async ({
  batches,
  model,
}) => {
  const tag = randomUUID();
  const asked = answerRows(model, tag, { delayMs: 100, bad: (n) => n === 2 });
  // 1 and 2 repeat within one chunk (10 rows). Chunks cast at the same time may each ask
  // about the same text once; a chunk that starts later finds it in the cache.
  const texts = [1, 2, 1, 3, 1, 2, 4, 5, 6, 2].map((n) => `${n} of ${tag}`);
  await batches.withWorker(async () => {
    const start = model.requests.length;
    const id = await submitted(
      await postJson(batches.app, '/api/batches', { rows: texts, target: numberTarget }),
    );
    const view = await waitUntilDone(batches.app, id);
    expect(view.progress).toMatchObject({ total: 10, succeeded: 7, cached: 2, failed: 3 });
    // 2 is answered badly and re-asked once; every other text is asked once.
    expect(asked(start).sort((a, b) => a - b)).toEqual([1, 2, 2, 3, 4, 5, 6]);
    const results = await jsonl(batches, id);
    expect(results.map((r) => r.value)).toEqual([10, null, 10, 30, 10, null, 40, 50, 60, null]);
    const failed = results
      .filter((r) => r.error)
      .map((r) => [r.row, (r.error as { type: string }).type]);
    expect(failed).toEqual([
      [2, 'ValidationFailed'],
      [6, 'ValidationFailed'],
      [10, 'ValidationFailed'],
    ]);
  });
});

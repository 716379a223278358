import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { chunkWorkflowId } from '../../src/workflows/batch-messages.js';
import {
  batchTest,
  callsPerRow,
  largestPayloadBytes,
  rowAttempts,
  uploadFile,
  waitUntilDone,
} from '../support/batch-harness.js';
import { castPromptOf } from '../support/model-server.js';

const rows = Number(process.env.BATCH_TEST_ROWS ?? 10_000);
const chunkRows = 500;
const it = batchTest({ maxConcurrentRows: 200, chunkRows });

// Each row's answer comes from its own text, so a crossed reply shows as a wrong value.
const itemPattern = /item (\d+) of ([\w-]+)/;

it(`a ${rows.toLocaleString('en')}-row CSV completes: every row asked, in order, in small histories`, async ({
  model,
  client,
  batches,
}) => {
  const tag = randomUUID();
  model.respondWith((body) => {
    const match = itemPattern.exec(castPromptOf(body));
    if (!match || match[2] !== tag)
      return { status: 400, body: { error: { message: 'unexpected prompt' } } };
    return { answer: Number(match[1]) * 2 };
  });
  const before = model.requests.length;
  const csv = [
    'id,text',
    ...Array.from({ length: rows }, (_, i) => `${i + 1},item ${i + 1} of ${tag}`),
  ].join('\n');

  const view = await batches.withWorker(async () => {
    const res = await uploadFile(batches.app, csv, 'rows.csv', {
      column: 'text',
      target: JSON.stringify({ type: 'number' }),
    });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as {
      id: string;
      total: number;
      links: Record<string, string>;
    };
    expect(accepted.total).toBe(rows);
    expect(accepted.links.ui).toContain(`/workflows/${accepted.id}`);
    return waitUntilDone(batches.app, accepted.id, 600_000);
  });

  expect(view).toMatchObject({
    status: 'completed',
    progress: { total: rows, done: rows, succeeded: rows, failed: 0, cached: 0, remaining: 0 },
    firstFailures: [],
  });
  // Every row asked; a row asked twice had its activity retried (a timeout under load).
  const calls = callsPerRow(model.requests.slice(before), (prompt) => {
    const match = itemPattern.exec(prompt);
    return match?.[2] === tag ? Number(match[1]) - 1 : undefined;
  });
  expect(calls.size).toBe(rows);
  const attempts = await rowAttempts(client, view.id, rows / chunkRows);
  const repeated = [...calls].filter(([row, n]) => n > 1 && (attempts.get(row) ?? 1) === 1);
  expect(repeated, 'rows asked again although their first attempt finished').toEqual([]);

  const results = await batches.app.request(`/api/batches/${view.id}/results.csv`);
  expect(results.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const table = parse(await results.text(), { bom: true }) as string[][];
  expect(table[0]).toEqual(['id', 'text', 'value', 'error']);
  expect(table).toHaveLength(rows + 1);
  table.slice(1).forEach((line, i) => {
    if (line[0] !== String(i + 1) || line[2] !== String((i + 1) * 2) || line[3] !== '') {
      throw new Error(`row ${i + 1} is ${JSON.stringify(line)}`);
    }
  });

  // Every history stays far inside Temporal's limits (51,200 events, 2 MB payloads).
  const ids = [
    view.id,
    ...Array.from({ length: rows / chunkRows }, (_, c) => chunkWorkflowId(view.id, c)),
  ];
  for (const id of ids) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    const events = history.events ?? [];
    expect(events.length, id).toBeLessThan(10_000);
    expect(Math.max(...events.map((e) => largestPayloadBytes(e))), id).toBeLessThan(16 * 1024);
  }
}, 900_000);

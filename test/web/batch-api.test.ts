import { readdir } from 'node:fs/promises';
import { compileErrors, validate } from '@readme/openapi-parser';
import { expect } from 'vitest';
import { batchTest, uploadFile } from '../support/batch-harness.js';
import { postJson } from './web-harness.js';

// Small limits, so "over the limit" needs no large file.
const it = batchTest({ limits: { maxRows: 50, maxBytes: 10_000, maxTextChars: 100 } });

const number = JSON.stringify({ type: 'number' });
const latin1 = Uint8Array.from([...new TextEncoder().encode('text\ncaf'), 0xe9, 0x0a]);
const utf16 = Uint8Array.from([0xff, 0xfe, 0x74, 0x00, 0x0a, 0x00]);

type Upload = Parameters<typeof uploadFile> extends [unknown, ...infer Rest] ? Rest : never;
type Case = [string, () => Upload, number, string, RegExp];

const files: Case[] = [
  ['not UTF-8', () => [latin1, 'rows.csv', { target: number }], 422, 'InvalidEncoding', /line 2/],
  ['UTF-16', () => [utf16, 'rows.txt', { target: number }], 422, 'InvalidEncoding', /UTF-16/],
  [
    'a ragged CSV',
    () => ['a,b\n1,2\n3\n', 'rows.csv', { target: number, column: 'a' }],
    422,
    'InvalidCsv',
    /line 3 has 1 field where the header has 2/,
  ],
  [
    'a missing column',
    () => ['id,text\n1,x\n', 'rows.csv', { target: number, column: 'txt' }],
    422,
    'MissingColumn',
    /no column "txt"; it has "id", "text"/,
  ],
  ['an empty file', () => ['', 'rows.csv', { target: number }], 422, 'EmptyFile', /empty/],
  [
    'a header and no rows',
    () => ['id,text\n', 'rows.csv', { target: number, column: 'text' }],
    422,
    'EmptyFile',
    /no rows/,
  ],
  [
    'too many rows',
    () => [
      Array.from({ length: 51 }, (_, i) => `row ${i}`).join('\n'),
      'rows.txt',
      { target: number },
    ],
    413,
    'TooManyRows',
    /more than 50 rows/,
  ],
  [
    'too many bytes',
    () => ['x'.repeat(10_001), 'rows.txt', { target: number }],
    413,
    'FileTooLarge',
    /The file is 10,001 bytes; one batch may be at most 10,000 bytes/,
  ],
  [
    'a row too long',
    () => [`short\n${'y'.repeat(101)}\n`, 'rows.txt', { target: number }],
    422,
    'RowTooLarge',
    /Row 2 \(line 2\) is 101 characters/,
  ],
  [
    'an unknown format',
    () => ['a\n', 'rows.xlsx', { target: number }],
    422,
    'UnknownFormat',
    /name it \.csv, \.jsonl or \.txt/,
  ],
  [
    'JSONL that is not JSON',
    () => ['{"t":1}\nnope\n', 'rows.jsonl', { target: number, column: 't' }],
    422,
    'InvalidJsonl',
    /Line 2 is not JSON/,
  ],
  [
    'a bad target',
    () => ['a\n', 'rows.txt', { target: JSON.stringify({ type: 'nmber[' }) }],
    422,
    'InvalidTypeExpression',
    /./,
  ],
  [
    'a target that is not JSON',
    () => ['a\n', 'rows.txt', { target: '{type: number}' }],
    400,
    'InvalidBody',
    /target field must be JSON/,
  ],
  ['no target', () => ['a\n', 'rows.txt', {}], 400, 'InvalidBody', /lacks a field/],
];

it.for(files)(
  '%s is answered clearly and starts nothing',
  async ([, args, status, code, message], { batches }) => {
    const res = await uploadFile(batches.app, ...args());
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status, JSON.stringify(body)).toBe(status);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
    expect(await readdir(batches.folder!)).toEqual([]);
  },
);

it('JSON rows, a body over the limit, and requests that are neither are refused before anything is stored', async ({
  batches,
}) => {
  const missing = await postJson(batches.app, '/api/batches', {
    rows: [{ text: 'a' }, { other: 'b' }],
    column: 'text',
    target: { type: 'number' },
  });
  expect(missing.status).toBe(422);
  expect(await missing.json()).toMatchObject({
    error: { code: 'MissingColumn', message: 'Row 2 has no field "text".', details: { row: 2 } },
  });

  const huge = await postJson(batches.app, '/api/batches', {
    rows: ['x'.repeat(1_100_000)],
    target: { type: 'number' },
  });
  expect(huge.status).toBe(413);
  expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('FileTooLarge');

  const broken = await batches.app.request('/api/batches', {
    method: 'POST',
    body: 'not multipart',
    headers: { 'Content-Type': 'multipart/form-data' },
  });
  expect(broken.status).toBe(400);
  expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(
    /multipart body cannot be read/,
  );

  const text = await batches.app.request('/api/batches', {
    method: 'POST',
    body: 'a\nb\n',
    headers: { 'Content-Type': 'text/plain' },
  });
  expect(text.status).toBe(400);
  expect(await readdir(batches.folder!)).toEqual([]);

  // The check above can see a batch: a good file is stored at once.
  const good = await uploadFile(batches.app, 'a\nb\n', 'rows.txt', { target: number });
  expect(good.status).toBe(202);
  const { id } = (await good.json()) as { id: string };
  expect(await readdir(batches.folder!)).toEqual([id]);
  // No worker runs here, so it is still running: it cannot be retried yet.
  const retry = await batches.app.request(`/api/batches/${id}/retry`, { method: 'POST' });
  expect(retry.status).toBe(409);
  expect(((await retry.json()) as { error: { code: string } }).error.code).toBe('BatchRunning');
  const cancel = await batches.app.request(`/api/batches/${id}/cancel`, { method: 'POST' });
  expect(cancel.status).toBe(202);
});

it('unknown and foreign ids are 404 on every batch route', async ({ batches, client }) => {
  const unknown = 'batch-00000000-0000-4000-8000-000000000000';
  for (const path of [
    `/api/batches/${unknown}`,
    `/api/batches/${unknown}/results.csv`,
    '/api/batches/..%2Fx',
    '/api/batches/cast-abc/results.jsonl',
  ]) {
    const res = await batches.app.request(path);
    expect(res.status, path).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NotFound');
  }
  for (const action of ['cancel', 'retry']) {
    const res = await batches.app.request(`/api/batches/${unknown}/${action}`, { method: 'POST' });
    expect(res.status, action).toBe(404);
  }
  // A castBatch run of another task queue is not this app's.
  const foreign = await client.workflow.start('castBatch', {
    workflowId: `batch-${crypto.randomUUID()}`,
    taskQueue: 'someone-else',
    args: [],
  });
  const res = await batches.app.request(`/api/batches/${foreign.workflowId}`);
  expect(res.status).toBe(404);
  await foreign.terminate();
  const query = await batches.app.request(`/api/batches/${unknown}?wait=99`);
  expect(query.status).toBe(400);
});

it('the OpenAPI document is valid and documents every batch route, uploads included', async ({
  batches,
}) => {
  const document = (await (await batches.app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
  };
  const result = await validate(structuredClone(document) as never);
  expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  const routes = batches.app.routes.filter(
    (r) => r.method !== 'ALL' && r.path.startsWith('/api/batches'),
  );
  expect(routes.length).toBeGreaterThanOrEqual(6);
  for (const route of routes) {
    const path = route.path.replace(/\/$/, '').replace(/:(\w+)/g, '{$1}');
    expect(
      document.paths[path]?.[route.method.toLowerCase()],
      `${route.method} ${path}`,
    ).toBeDefined();
  }
  expect(Object.keys(document.paths['/api/batches']?.post?.requestBody?.content ?? {})).toEqual([
    'multipart/form-data',
    'application/json',
  ]);
});

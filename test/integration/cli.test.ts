import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect } from 'vitest';
import { batchTest, type BatchHarness } from '../support/batch-harness.js';
import { runCli } from '../support/cli.js';
import { castPromptOf, type ModelServer } from '../support/model-server.js';
import { temporalAddress } from '../support/temporal.js';

// `npm run cast -- …` as a person runs it: a child process that reaches Temporal and the batch
// store by the app's own settings, with the harness's worker running the casts.
const it = batchTest({ chunkRows: 10, maxConcurrentRows: 4 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'typecast-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cliEnv(batches: BatchHarness, model: ModelServer): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: batches.taskQueue,
    BATCH_STORE_DIR: batches.folder!,
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.url,
    OPENAI_MODEL: batches.modelName,
    BATCH_CHUNK_ROWS: '10',
    BATCH_MAX_CONCURRENT_ROWS: '4',
    CAST_RETRY_INITIAL_SECONDS: '0.2',
  };
}

/** "n of tag" is n × 10, after `delayMs`; "wrong key" is a 401. */
function answer(model: ModelServer, delayMs = 0) {
  model.respondWith((body) => {
    const text = castPromptOf(body);
    if (text.includes('one, TWO, three')) return { answer: [1, 2, 3] };
    if (text.includes('wrong key')) return { status: 401 };
    const n = Number(/(\d+) of \w+/.exec(text)?.[1]);
    if (!n) return { status: 400 };
    return delayMs ? { delayMs, then: { answer: n * 10 } } : { answer: n * 10 };
  });
}

async function csvFile(name: string, tag: string, rows: number) {
  const path = join(dir, name);
  const lines = Array.from({ length: rows }, (_, i) => `${i + 1},${i + 1} of ${tag},"note ${i}"`);
  await writeFile(path, ['id,text,note', ...lines].join('\n'));
  return path;
}

async function storedFiles(folder: string): Promise<[string, string][]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map(async (file) => [file, await readFile(file, 'utf8')] as const));
}

async function csvRecords(path: string) {
  return parse(await readFile(path, 'utf8'), { bom: true, columns: true }) as Record<
    string,
    string
  >[];
}

it('one: prints the value as JSON, or the error with a non-zero exit, or what to fix', async ({
  batches,
  model,
}) => {
  answer(model);
  const env = cliEnv(batches, model);
  await batches.withWorker(async () => {
    const ok = runCli(['one', 'one, TWO, three', '--type', 'number[]'], env);
    expect(await ok.exited, ok.stderr()).toBe(0);
    expect(JSON.parse(ok.stdout())).toEqual([1, 2, 3]);

    const failed = runCli(['one', 'wrong key', '--preset', 'number'], env);
    expect(await failed.exited).toBe(1);
    expect(failed.stdout()).toBe('');
    expect(failed.stderr()).toMatch(/^BadCredentials: /m);
  });

  const asked = model.requests.length;
  const usage = runCli(['one', 'anything', '--type', 'nmber['], env);
  expect(await usage.exited).toBe(2);
  expect(usage.stderr()).toMatch(/^--type: The type expression is not valid TypeScript/m);
  const none = runCli(['one', 'anything'], env);
  expect(await none.exited).toBe(2);
  expect(none.stderr()).toMatch(/--type, --preset or --schema/);
  expect(model.requests.length).toBe(asked);
});

it('batch: casts the chosen column of a CSV and writes every row, in order, when done', async ({
  batches,
  model,
}) => {
  answer(model);
  const input = await csvFile('rows.csv', 'cli', 25);
  const out = join(dir, 'results.csv');
  await batches.withWorker(async () => {
    const run = runCli(
      ['batch', input, '--column', 'text', '--type', 'number', '--out', out],
      cliEnv(batches, model),
    );
    expect(await run.exited, run.stderr()).toBe(0);
    // Not a terminal: plain lines, the last one with every row.
    expect(run.stderr()).toMatch(/Started batch-[0-9a-f-]+: 25 rows of .*rows\.csv, column "text"/);
    expect(run.stderr()).toMatch(/25\/25 rows done: 25 succeeded/);
    expect(run.stderr()).toContain(`Wrote the results (CSV) to ${out}.`);
  });
  const records = await csvRecords(out);
  expect(records.map((r) => r.id)).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 1)));
  expect(records.map((r) => r.value)).toEqual(
    Array.from({ length: 25 }, (_, i) => String((i + 1) * 10)),
  );
  expect(records[2]).toMatchObject({ text: '3 of cli', note: 'note 2', error: '' });
  // With keys set (as the suite runs every process), the batch folder holds no row in clear.
  const stored = await storedFiles(batches.folder!);
  expect(stored.length).toBeGreaterThan(3);
  for (const [file, text] of stored) {
    expect(text, file).toMatch(/^typecast-sealed:v1:/);
    expect(text, file).not.toContain('of cli');
  }

  const missing = runCli(['batch', input, '--type', 'number'], cliEnv(batches, model));
  expect(await missing.exited).toBe(2);
  expect(missing.stderr()).toMatch(
    /Say which column to cast with --column: the file has "id", "text", "note"/,
  );
});

it('Ctrl-C detaches while the batch goes on; attach follows it to the end and writes the file', async ({
  batches,
  model,
}) => {
  answer(model, 300);
  const input = await csvFile('slow.csv', 'slow', 30);
  const out = join(dir, 'slow results.csv');
  const env = cliEnv(batches, model);
  await batches.withWorker(async () => {
    const before = model.requests.length;
    const run = runCli(['batch', input, '--column', 'text', '--type', 'number', '--out', out], env);
    await run.waitForStderr(/Ctrl-C detaches/);
    await model.waitForRequests(before + 2, 30_000);
    run.interrupt();
    expect(await run.exited).toBe(130);
    const id = /Started (batch-[0-9a-f-]+)/.exec(run.stderr())?.[1];
    expect(run.stderr()).toContain(`npm run cast -- attach ${id} --out '${out}'`);
    expect(existsSync(out)).toBe(false);

    const attached = runCli(['attach', id!, '--out', out], env);
    expect(await attached.exited, attached.stderr()).toBe(0);
    expect(attached.stderr()).toMatch(/Done: 30\/30 rows done: 30 succeeded/);
  });
  const records = await csvRecords(out);
  expect(records.map((r) => r.value)).toEqual(
    Array.from({ length: 30 }, (_, i) => String((i + 1) * 10)),
  );
});

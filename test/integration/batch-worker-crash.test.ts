import { randomUUID } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect } from 'vitest';
import { chunkCount } from '../../src/batch/chunks.js';
import type { BatchView } from '../../src/client/batch-view.js';
import { createBatchStore, type BatchStore } from '../../src/store/batch-store.js';
import { createS3ObjectStore } from '../../src/store/s3-object-store.js';
import {
  batchActivity,
  callsPerRow,
  createBatchHarness,
  rowAttempts,
  uploadFile,
  waitUntilDone,
} from '../support/batch-harness.js';
import { sealedForSuite } from '../support/encryption.js';
import { castTest as it } from '../support/fixtures.js';
import { castPromptOf } from '../support/model-server.js';
import { startMoto, type Moto } from '../support/moto.js';
import { temporalAddress } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';

// Web (this process) and workers (their own processes) share batches through a real S3
// protocol server, as they would across machines.
let moto: Moto;
let store: BatchStore;
const bucket = `crash-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  moto = await startMoto();
  await moto.createBucket(bucket);
  // Sealed with the suite's keys, as the worker processes open it.
  store = createBatchStore(
    sealedForSuite(createS3ObjectStore(moto.client(), { bucket, prefix: 'typecast/' })),
  );
});
afterAll(async () => {
  await moto?.stop();
});

/** Every object in the bucket as stored, read past the app's store (bounded: a few pages). */
async function bucketObjects(): Promise<[string, string][]> {
  const s3 = moto.client();
  const out: [string, string][] = [];
  let token: string | undefined;
  for (let page = 0; page < 20; page++) {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    for (const { Key } of listed.Contents ?? []) {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      out.push([Key!, (await got.Body?.transformToString()) ?? '']);
    }
    token = listed.NextContinuationToken;
    if (!token) return out;
  }
  throw new Error('more than 20 pages of objects in the bucket');
}

const rows = 400;
const chunkRows = 50;

it('a worker SIGKILLed mid-batch loses nothing and asks no finished row again', async ({
  model,
  env: testEnv,
  client,
}) => {
  const batches = await createBatchHarness(testEnv, model, {
    store,
    maxConcurrentRows: 20,
    chunkRows,
    // A dead worker's rows go to the next worker after this long without a heartbeat.
    activity: { ...batchActivity, heartbeatTimeoutMs: 10_000 },
  });
  const tag = randomUUID();
  const pattern = new RegExp(`row (\\d+) of ${tag}`);
  model.respondWith((body) => {
    const n = Number(pattern.exec(castPromptOf(body))?.[1]);
    if (!n) return { status: 400, body: { error: { message: 'unexpected prompt' } } };
    return { delayMs: 50, then: { answer: { n, label: `#${n}` } } };
  });
  const env = {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: batches.taskQueue,
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.url,
    OPENAI_MODEL: batches.modelName,
    CAST_RETRY_INITIAL_SECONDS: '0.2',
    WORKER_MAX_CONCURRENT_ACTIVITIES: '40',
    LOG_LEVEL: 'info',
    ...moto.env(bucket),
  };
  const before = model.requests.length;

  const first = spawnEntry('src/worker.ts', env);
  let second: ReturnType<typeof spawnEntry> | undefined;
  try {
    await waitForOutput(first, /worker started/, 120_000);
    const text = Array.from({ length: rows }, (_, i) => `row ${i + 1} of ${tag}`).join('\n');
    const res = await uploadFile(batches.app, text, 'rows.txt', {
      target: JSON.stringify({ type: '{ n: number; label: string }' }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };

    let view: BatchView;
    const deadline = Date.now() + 120_000;
    do {
      view = (await (await batches.app.request(`/api/batches/${id}`)).json()) as BatchView;
      expect(Date.now(), JSON.stringify(view)).toBeLessThan(deadline);
    } while (view.progress.done < 100);
    await stopProcess(first, 'SIGKILL');

    // What the store holds now is finished for good: no worker is running.
    const manifest = (await store.readManifest(id))!;
    const finished = new Set<number>();
    for (let chunk = 0; chunk < chunkCount(rows, chunkRows); chunk++) {
      for (const result of await store.readChunkResults(manifest, chunk)) finished.add(result.row);
    }
    expect(finished.size).toBeGreaterThanOrEqual(100);
    expect(finished.size).toBeLessThan(rows);

    second = spawnEntry('src/worker.ts', env);
    const done = await waitUntilDone(batches.app, id, 240_000).catch((err: Error) => {
      throw new Error(`${err.message}\nsecond worker:\n${second?.output()}`);
    });
    expect(done.progress).toMatchObject({ total: rows, succeeded: rows, failed: 0 });

    const results = (await (await batches.app.request(`/api/batches/${id}/results.jsonl`)).text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { row: number; value: unknown });
    expect(results.map((r) => r.row)).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
    results.forEach((r) => expect(r.value).toEqual({ n: r.row, label: `#${r.row}` }));
    // What the worker processes wrote is sealed with their keys: no row or result in clear.
    const objects = await bucketObjects();
    expect(objects.length).toBeGreaterThan(chunkCount(rows, chunkRows));
    for (const [key, body] of objects) {
      expect(body, key).toMatch(/^typecast-sealed:v1:/);
      expect(body, key).not.toMatch(new RegExp(`${tag}|"label"`));
    }

    const calls = callsPerRow(model.requests.slice(before), (prompt) => {
      const n = pattern.exec(prompt)?.[1];
      return n ? Number(n) - 1 : undefined;
    });
    expect(calls.size).toBe(rows);
    expect(
      [...finished].filter((row) => calls.get(row) !== 1),
      'finished rows asked again',
    ).toEqual([]);
    // Rows asked twice were in flight when the worker died: retried, never repeated.
    const attempts = await rowAttempts(client, id, chunkCount(rows, chunkRows));
    const repeated = [...calls].filter(([row, n]) => n > 1 && (attempts.get(row) ?? 1) === 1);
    expect(repeated).toEqual([]);
  } finally {
    await stopProcess(first, 'SIGKILL');
    if (second) await stopProcess(second);
    await batches.close();
  }
}, 400_000);

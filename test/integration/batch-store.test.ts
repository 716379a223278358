import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchManifest } from '../../src/batch/manifest.js';
import type { StoredRow } from '../../src/batch/rows.js';
import { createBatchStore, type BatchStore } from '../../src/store/batch-store.js';
import { createFsObjectStore } from '../../src/store/fs-object-store.js';
import type { ObjectStore } from '../../src/store/object-store.js';
import { createS3ObjectStore } from '../../src/store/s3-object-store.js';
import { encryptionCodec } from '../../src/codec/encryption-codec.js';
import { parseKeyRing } from '../../src/codec/key-ring.js';
import { clearObjectStore, encryptedObjectStore } from '../../src/store/encrypted-object-store.js';
import { sealedForSuite, testEncryptionKeys } from '../support/encryption.js';
import { startMoto, type Moto } from '../support/moto.js';

let moto: Moto;
let folder: string;
const bucket = `typecast-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  moto = await startMoto();
  await moto.createBucket(bucket);
  folder = await mkdtemp(join(tmpdir(), 'typecast-store-'));
});
afterAll(async () => {
  await moto?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

function manifest(total: number, overrides: Partial<BatchManifest> = {}): BatchManifest {
  const id = `batch-${randomUUID()}`;
  return {
    id,
    createdAt: new Date().toISOString(),
    total,
    chunkRows: 3,
    format: 'text',
    columns: ['text'],
    request: { target: { label: 'number', schema: { type: 'number' } }, model: 'm' },
    fresh: false,
    rowsOf: id,
    ...overrides,
  };
}

const rows = (n: number): StoredRow[] =>
  Array.from({ length: n }, (_, i) => ({ text: `row ${i}` }));

// The same behaviour from every kind of object store: the folder, the folder sealed with the
// suite's keys (as the app opens it when it has keys) and a real S3 protocol server.
const kinds: [string, () => ObjectStore][] = [
  ['a local folder', () => createFsObjectStore(folder)],
  ['a local folder, sealed', () => sealedForSuite(createFsObjectStore(folder))],
  [
    'an S3 bucket (moto)',
    () => createS3ObjectStore(moto.client(), { bucket, prefix: 'typecast/' }),
  ],
];

describe.each(kinds)('the batch store in %s', (_name, objects) => {
  let store: BatchStore;
  beforeAll(() => {
    store = createBatchStore(objects());
  });

  it('keeps rows in chunks and the manifest, and reads them back', async () => {
    const m = manifest(7);
    await store.putBatch(m, rows(7));
    expect(await store.readManifest(m.id)).toEqual(m);
    expect(await store.readRows(m, 0)).toEqual(rows(7).slice(0, 3));
    expect(await store.readRows(m, 2)).toEqual([{ text: 'row 6' }]);
    // A fresh store (another process) reads the same objects.
    const other = createBatchStore(objects());
    expect(await other.readRows(m, 1)).toEqual(rows(7).slice(3, 6));
    expect(await other.readManifest(`batch-${randomUUID()}`)).toBeUndefined();
  });

  it('row results are read in row order before and after the chunk is sealed', async () => {
    const m = manifest(7);
    await store.putBatch(m, rows(7));
    await store.putRowResult(m, { row: 5, value: { n: 5 } });
    await store.putRowResult(m, { row: 3, value: 3, cached: true });
    expect(await store.readChunkResults(m, 1)).toEqual([
      { row: 3, value: 3, cached: true },
      { row: 5, value: { n: 5 } },
    ]);
    expect(await store.readChunkResults(m, 0)).toEqual([]);

    const timedOut = { type: 'ModelTimeout', message: 'no answer' };
    await store.sealChunk(m, 1, [
      { row: 4, error: timedOut },
      { row: 5, error: timedOut },
    ]);
    const sealed = [
      { row: 3, value: 3, cached: true },
      { row: 4, error: timedOut },
      { row: 5, value: { n: 5 } },
    ];
    expect(await store.readChunkResults(m, 1)).toEqual(sealed);
    // Sealing again (a retried activity) changes nothing.
    await store.sealChunk(m, 1, []);
    expect(await store.readChunkResults(m, 1)).toEqual(sealed);
  });

  it('a retry reads the rows of its source', async () => {
    const source = manifest(4);
    await store.putBatch(source, rows(4));
    const retry = manifest(4, { rowsOf: source.id, retryOf: source.id });
    await store.putManifest(retry);
    expect(await store.readRows(retry, 1)).toEqual([{ text: 'row 3' }]);
  });

  it('caches values by cast key and refuses keys that are not keys', async () => {
    // Its own key: the folder kinds share one folder.
    const key = randomUUID().replaceAll('-', '').repeat(2);
    expect(await store.readCached(key)).toBeUndefined();
    await store.putCached(key, { value: [1, 2] });
    expect(await store.readCached(key)).toEqual({ value: [1, 2] });
    await expect(store.readCached('../../etc/passwd')).rejects.toThrow(TypeError);
    await expect(store.readManifest('../x')).rejects.toThrow(TypeError);
  });
});

it('the folder store writes whole files only, and seals chunks into one file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'typecast-store-'));
  try {
    const store = createBatchStore(createFsObjectStore(dir));
    const m = manifest(3);
    await store.putBatch(m, rows(3));
    await Promise.all([0, 1, 2].map((row) => store.putRowResult(m, { row, value: row })));
    expect((await readdir(join(dir, m.id, 'results', '000000'))).sort()).toEqual([
      '000000000.json',
      '000000001.json',
      '000000002.json',
    ]);
    await store.sealChunk(m, 0, []);
    expect(await readdir(join(dir, m.id, 'results', '000000'))).toEqual([]);
    expect((await readdir(join(dir, m.id, 'results'))).sort()).toEqual(['000000', '000000.jsonl']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it('a sealed store keeps no clear text, reads what was stored in clear, and needs its key', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'typecast-store-'));
  try {
    const canary = `canary-${randomUUID()}`;
    const clear = createFsObjectStore(dir);
    const sealed = createBatchStore(sealedForSuite(clear));
    const m = manifest(2);
    await sealed.putBatch(m, [{ text: `${canary} one` }, { text: `${canary} two` }]);
    await sealed.putRowResult(m, { row: 1, value: canary });
    const files = [
      join(dir, m.id, 'manifest.json'),
      join(dir, m.id, 'rows', '000000.jsonl'),
      join(dir, m.id, 'results', '000000', '000000001.json'),
    ];
    for (const file of files) {
      const stored = await readFile(file, 'utf8');
      expect(stored, file).toMatch(/^typecast-sealed:v1:/);
      expect(stored, file).not.toContain(canary);
    }
    expect(await sealed.readRows(m, 0)).toEqual([
      { text: `${canary} one` },
      { text: `${canary} two` },
    ]);

    // A batch stored before keys were set still reads.
    const before = manifest(1);
    await createBatchStore(clear).putBatch(before, [{ text: 'clear' }]);
    expect(await createBatchStore(sealedForSuite(clear)).readRows(before, 0)).toEqual([
      { text: 'clear' },
    ]);

    // After a rotation the old key still reads; without it, the read fails naming the key.
    const newer = `next-2027:${Buffer.alloc(32, 7).toString('base64')}`;
    const withKeys = (keys: string) =>
      createBatchStore(encryptedObjectStore(clear, encryptionCodec(parseKeyRing(keys))));
    expect(await withKeys(`${newer},${testEncryptionKeys}`).readManifest(m.id)).toEqual(m);
    await expect(withKeys(newer).readManifest(m.id)).rejects.toThrow(/"suite-2026"/);
    // A process given no keys at all says so, rather than failing on the bytes.
    await expect(createBatchStore(clearObjectStore(clear)).readManifest(m.id)).rejects.toThrow(
      /is encrypted, and this process has no keys: set TYPECAST_ENCRYPTION_KEYS/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

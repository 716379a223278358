import { chunkCount, chunkRange } from '../batch/chunks.js';
import { isBatchId, type BatchManifest } from '../batch/manifest.js';
import type { BatchRowResult } from '../batch/row-result.js';
import type { StoredRow } from '../batch/rows.js';
import { mapLimit } from './map-limit.js';
import { memoCache } from './memo-cache.js';
import type { ObjectStore } from './object-store.js';

/** A cached cast: the value a cast key was answered with. */
export interface CachedCast {
  value: unknown;
}

/**
 * The claim-check store of batches: rows, per-row results, sealed chunks of results and the
 * result cache, as objects of an ObjectStore (a folder or a bucket) that every worker and web
 * process reaches. Workflow histories carry only batch ids and row numbers.
 *
 *   <batch>/manifest.json               written last: a batch with a manifest has all its rows
 *   <batch>/rows/<chunk>.jsonl          the rows of one chunk, one JSON line each
 *   <batch>/results/<chunk>/<row>.json  a finished row, until its chunk is sealed
 *   <batch>/results/<chunk>.jsonl       the sealed results of a chunk, in row order
 *   cache/<2 hex>/<cast key>.json       the value of a completed cast, by its cast key
 */
export interface BatchStore {
  readonly location: string;
  /** Stores a new batch's rows, then its manifest. */
  putBatch(manifest: BatchManifest, rows: readonly StoredRow[]): Promise<void>;
  /** Stores the manifest of a batch that reuses another's rows (a retry). */
  putManifest(manifest: BatchManifest): Promise<void>;
  readManifest(batchId: string): Promise<BatchManifest | undefined>;
  readRows(manifest: BatchManifest, chunk: number): Promise<StoredRow[]>;
  putRowResult(manifest: BatchManifest, result: BatchRowResult): Promise<void>;
  /** The finished rows of a chunk so far (sealed or not), in row order. */
  readChunkResults(manifest: BatchManifest, chunk: number): Promise<BatchRowResult[]>;
  /** Gathers a chunk's results into one object, adding `missing` results for rows without one. */
  sealChunk(manifest: BatchManifest, chunk: number, missing: BatchRowResult[]): Promise<void>;
  readCached(castKey: string): Promise<CachedCast | undefined>;
  putCached(castKey: string, cast: CachedCast): Promise<void>;
}

/** Requests in flight at once for one operation: enough to hide latency, few enough for S3. */
const parallelism = 16;

export function createBatchStore(objects: ObjectStore): BatchStore {
  const manifests = memoCache<BatchManifest | undefined>(256);
  // Eight chunks of rows at most: 80 million characters even if every row were as long as allowed.
  const rowChunks = memoCache<StoredRow[]>(8);

  const chunkName = (chunk: number) => String(chunk).padStart(6, '0');
  const rowsKey = (manifest: BatchManifest, chunk: number) =>
    `${manifest.rowsOf}/rows/${chunkName(chunk)}.jsonl`;
  const rowResultsPrefix = (manifest: BatchManifest, chunk: number) =>
    `${manifest.id}/results/${chunkName(chunk)}/`;
  const rowResultKey = (manifest: BatchManifest, chunk: number, row: number) =>
    `${rowResultsPrefix(manifest, chunk)}${String(row).padStart(9, '0')}.json`;
  const sealedKey = (manifest: BatchManifest, chunk: number) =>
    `${manifest.id}/results/${chunkName(chunk)}.jsonl`;
  const cacheKey = (key: string) => {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new TypeError(`Not a cast key: ${key}`);
    return `cache/${key.slice(0, 2)}/${key}.json`;
  };
  const batchKey = (batchId: string, rest: string) => {
    if (!isBatchId(batchId)) throw new TypeError(`Not a batch id: ${batchId}`);
    return `${batchId}/${rest}`;
  };

  async function readSealed(manifest: BatchManifest, chunk: number) {
    const bytes = await objects.get(sealedKey(manifest, chunk));
    return bytes ? parseLines<BatchRowResult>(bytes) : undefined;
  }

  async function readLoose(manifest: BatchManifest, chunk: number) {
    const keys = await objects.list(rowResultsPrefix(manifest, chunk));
    const found = await mapLimit(keys, parallelism, (key) => objects.get(key));
    const results = found.flatMap((bytes) => (bytes ? [parseJson<BatchRowResult>(bytes)] : []));
    return { results: results.sort((a, b) => a.row - b.row), complete: found.every(Boolean), keys };
  }

  const store: BatchStore = {
    location: objects.location,

    async putBatch(manifest, rows) {
      const chunks = chunkCount(rows.length, manifest.chunkRows);
      await mapLimit(
        Array.from({ length: chunks }, (_, chunk) => chunk),
        parallelism,
        (chunk) => {
          const { start, end } = chunkRange(chunk, manifest.chunkRows, rows.length);
          return objects.put(rowsKey(manifest, chunk), jsonLines(rows.slice(start, end)));
        },
      );
      await store.putManifest(manifest);
    },

    async putManifest(manifest) {
      await objects.put(batchKey(manifest.id, 'manifest.json'), JSON.stringify(manifest));
    },

    async readManifest(batchId) {
      const key = batchKey(batchId, 'manifest.json');
      return manifests
        .get(key, async () => {
          const bytes = await objects.get(key);
          return bytes ? parseJson<BatchManifest>(bytes) : undefined;
        })
        .then((manifest) => {
          // Not remembered when absent: the batch may be about to be written.
          if (!manifest) manifests.forget(key);
          return manifest;
        });
    },

    async readRows(manifest, chunk) {
      const key = rowsKey(manifest, chunk);
      return rowChunks.get(key, async () => {
        const bytes = await objects.get(key);
        if (!bytes)
          throw new Error(
            `The rows of chunk ${chunk} of ${manifest.id} are missing from ${objects.location}.`,
          );
        return parseLines<StoredRow>(bytes);
      });
    },

    async putRowResult(manifest, result) {
      const chunk = Math.floor(result.row / manifest.chunkRows);
      await objects.put(rowResultKey(manifest, chunk, result.row), JSON.stringify(result));
    },

    async readChunkResults(manifest, chunk) {
      const sealed = await readSealed(manifest, chunk);
      if (sealed) return sealed;
      const loose = await readLoose(manifest, chunk);
      if (loose.complete) return loose.results;
      // A row vanished between the listing and its read: the chunk was sealed meanwhile.
      return (await readSealed(manifest, chunk)) ?? loose.results;
    },

    async sealChunk(manifest, chunk, missing) {
      const loose = await readLoose(manifest, chunk);
      if (!(await objects.get(sealedKey(manifest, chunk)))) {
        const byRow = new Map(loose.results.map((r) => [r.row, r]));
        for (const result of missing) if (!byRow.has(result.row)) byRow.set(result.row, result);
        const all = [...byRow.values()].sort((a, b) => a.row - b.row);
        await objects.put(sealedKey(manifest, chunk), jsonLines(all));
      }
      await objects.delete(loose.keys);
    },

    async readCached(key) {
      const bytes = await objects.get(cacheKey(key));
      return bytes ? parseJson<CachedCast>(bytes) : undefined;
    },

    async putCached(key, cast) {
      await objects.put(cacheKey(key), JSON.stringify(cast));
    },
  };
  return store;
}

const decoder = new TextDecoder();

function parseJson<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

function parseLines<T>(bytes: Uint8Array): T[] {
  return decoder
    .decode(bytes)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

function jsonLines(items: readonly unknown[]): string {
  return items.map((item) => `${JSON.stringify(item)}\n`).join('');
}

import { stringify } from 'csv-stringify/sync';
import { chunkCount, chunkRange } from '../batch/chunks.js';
import type { BatchManifest } from '../batch/manifest.js';
import { csvCells, csvHeader, jsonlRecord } from '../batch/output.js';
import type { BatchStore } from '../store/batch-store.js';

export type ResultsFormat = 'csv' | 'jsonl';

/**
 * The results of a batch as text, chunk by chunk, in input order: the rows finished so far
 * while it runs, every row once it is done. Nothing is held in memory beyond one chunk.
 */
export async function* batchResults(
  store: BatchStore,
  manifest: BatchManifest,
  format: ResultsFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield stringify([csvHeader(manifest)], { bom: true });
  const chunks = chunkCount(manifest.total, manifest.chunkRows);
  for (let chunk = 0; chunk < chunks; chunk++) {
    const results = await store.readChunkResults(manifest, chunk);
    if (results.length === 0) continue;
    const rows = await store.readRows(manifest, chunk);
    const { start } = chunkRange(chunk, manifest.chunkRows, manifest.total);
    const pairs = results.flatMap((result) => {
      const row = rows[result.row - start];
      return row ? [{ row, result }] : [];
    });
    yield format === 'csv'
      ? stringify(pairs.map(({ row, result }) => csvCells(manifest, row, result)))
      : pairs
          .map(({ row, result }) => `${JSON.stringify(jsonlRecord(manifest, row, result))}\n`)
          .join('');
  }
}

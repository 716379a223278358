import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BatchManifest } from '../batch/manifest.js';
import { batchResults, type ResultsFormat } from '../client/batch-results.js';
import type { BatchStore } from '../store/batch-store.js';

/** JSONL when asked, or when the file is named so; CSV otherwise. */
export function resultsFormat(out: string | undefined, jsonl: boolean | undefined): ResultsFormat {
  return jsonl || /\.(jsonl|ndjson)$/i.test(out ?? '') ? 'jsonl' : 'csv';
}

/**
 * Streams a batch's results, in input order, to a file (written beside it, then renamed into
 * place, so an interrupted write never leaves half a file under the name) or to stdout.
 */
export async function writeResults(
  store: BatchStore,
  manifest: BatchManifest,
  format: ResultsFormat,
  out: string | undefined,
  stdout: NodeJS.WritableStream,
): Promise<void> {
  const parts = Readable.from(batchResults(store, manifest, format));
  if (out === undefined || out === '-') {
    await pipeline(parts, stdout, { end: false });
    return;
  }
  const partial = `${out}.partial-${process.pid}`;
  try {
    await pipeline(parts, createWriteStream(partial));
    await rename(partial, out);
  } finally {
    await rm(partial, { force: true });
  }
}

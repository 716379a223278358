import { randomUUID } from 'node:crypto';
import { findBatch } from './find-batch.js';
import { runBatch, type BatchStarter, type StartedBatch } from './start-batch.js';

export type RetryOutcome =
  | { outcome: 'started'; batch: StartedBatch }
  | { outcome: 'not-found' }
  | { outcome: 'running' };

/**
 * "Retry the failed rows": a new batch over the same stored rows (no copy), never `fresh`, so
 * every row that succeeded comes from the result cache and only the others reach the model.
 * Rows a cancelled batch never started are cast too.
 */
export async function retryBatch(starter: BatchStarter, sourceId: string): Promise<RetryOutcome> {
  const description = await findBatch(starter, sourceId);
  if (!description) return { outcome: 'not-found' };
  if (description.status.name === 'RUNNING') return { outcome: 'running' };
  const source = await starter.store.readManifest(sourceId);
  if (!source) return { outcome: 'not-found' };
  const id = `batch-${randomUUID()}`;
  const manifest = {
    ...source,
    id,
    createdAt: new Date().toISOString(),
    fresh: false,
    retryOf: sourceId,
  };
  await starter.store.putManifest(manifest);
  return { outcome: 'started', batch: await runBatch(starter, manifest) };
}

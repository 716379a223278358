import type { CancelOutcome } from './cancel-cast.js';
import { findBatch, type BatchScope } from './find-batch.js';

/** Asks a running batch to stop: rows in flight are cancelled, finished rows keep their results. */
export async function cancelBatch(scope: BatchScope, id: string): Promise<CancelOutcome> {
  const description = await findBatch(scope, id);
  if (!description) return 'not-found';
  if (description.status.name !== 'RUNNING') return 'already-closed';
  await scope.client.workflow.getHandle(id).cancel();
  return 'cancel-requested';
}

import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { describeCast, type CastRunRef } from './describe-cast.js';

export type CancelOutcome = 'cancel-requested' | 'already-closed' | 'not-found';

/** Asks a running cast to stop; the workflow aborts the model call and ends as cancelled. */
export async function cancelCast(
  client: Client,
  id: string,
  ref: CastRunRef = {},
): Promise<CancelOutcome> {
  const cast = await describeCast(client, id, ref);
  if (!cast) return 'not-found';
  if (cast.description.status.name !== 'RUNNING') return 'already-closed';
  try {
    await cast.handle.cancel();
  } catch (err) {
    // The server answers "not found" for a run that closed since we described it.
    if (err instanceof WorkflowNotFoundError) return 'already-closed';
    throw err;
  }
  return 'cancel-requested';
}

import { WorkflowNotFoundError, type Client } from '@temporalio/client';

export type CancelOutcome = 'cancel-requested' | 'already-closed' | 'not-found';

/** Asks a running cast to stop; the workflow aborts the model call and ends as cancelled. */
export async function cancelCast(client: Client, id: string): Promise<CancelOutcome> {
  const handle = client.workflow.getHandle(id);
  try {
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') return 'already-closed';
    await handle.cancel();
    return 'cancel-requested';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'not-found';
    throw err;
  }
}

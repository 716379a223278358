import {
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { isBatchId } from '../batch/manifest.js';
import { batchWorkflowType } from '../workflows/batch-messages.js';

export interface BatchScope {
  client: Client;
  /** Only batches of this task queue are this app's. */
  taskQueue: string;
}

/**
 * The description of a batch run, or undefined when the id is not one of this app's batches:
 * not a batch id, no such run, another workflow type or another task queue.
 */
export async function findBatch(
  { client, taskQueue }: BatchScope,
  id: string,
): Promise<WorkflowExecutionDescription | undefined> {
  if (!isBatchId(id)) return undefined;
  try {
    const description = await client.workflow.getHandle(id).describe();
    if (description.type !== batchWorkflowType || description.taskQueue !== taskQueue)
      return undefined;
    return description;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

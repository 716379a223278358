import {
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
} from '@temporalio/client';
import { castWorkflowType } from '../shared.js';

/** Which run to act on, and which runs this caller may act on at all. */
export interface CastRunRef {
  /** A run of the workflow id; without it, the latest run. */
  runId?: string;
  /**
   * The task queue this app starts its casts on. With it, a castData run of another queue
   * (another app sharing the namespace) is as unknown as an id that does not exist.
   */
  taskQueue?: string;
}

export interface DescribedCast {
  /** Bound to the described run, so what follows acts on that run even if a newer one starts. */
  handle: WorkflowHandle;
  description: WorkflowExecutionDescription;
}

/**
 * Describes a run if it is one of our casts; undefined for an unknown id or run, and for any
 * other workflow in the namespace — a reader cannot tell the two apart, so nothing of a
 * foreign workflow leaks and nothing foreign can be cancelled.
 */
export async function describeCast(
  client: Client,
  id: string,
  { runId, taskQueue }: CastRunRef = {},
): Promise<DescribedCast | undefined> {
  let description: WorkflowExecutionDescription;
  try {
    description = await client.workflow.getHandle(id, runId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  return ourCast(client, id, description, taskQueue);
}

/** The described run as one of our casts, or undefined for any other workflow. */
export function ourCast(
  client: Client,
  id: string,
  description: WorkflowExecutionDescription,
  taskQueue?: string,
): DescribedCast | undefined {
  if (description.type !== castWorkflowType) return undefined;
  if (taskQueue !== undefined && description.taskQueue !== taskQueue) return undefined;
  return { handle: client.workflow.getHandle(id, description.runId), description };
}

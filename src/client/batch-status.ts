import proto from '@temporalio/proto';
import type { BatchStatus } from './batch-view.js';

// A CommonJS module whose names Node cannot list for an ES import: read them off the default.
const { WorkflowExecutionStatus: Status } = proto.temporal.api.enums.v1;

const closed = new Map<number, BatchStatus>([
  [Status.WORKFLOW_EXECUTION_STATUS_COMPLETED, 'completed'],
  [Status.WORKFLOW_EXECUTION_STATUS_FAILED, 'failed'],
  [Status.WORKFLOW_EXECUTION_STATUS_CANCELED, 'cancelled'],
  [Status.WORKFLOW_EXECUTION_STATUS_TERMINATED, 'terminated'],
  [Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, 'timed-out'],
]);

/**
 * A batch's status from its run's Temporal status code (of a description or a list entry). A
 * batch never continues as new, so any other closed status is a failure.
 */
export function batchStatus(code: number | null | undefined): BatchStatus {
  if (code === Status.WORKFLOW_EXECUTION_STATUS_RUNNING) return 'running';
  return closed.get(code ?? Status.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED) ?? 'failed';
}

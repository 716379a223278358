import proto from '@temporalio/proto';
import type { CastState } from '../shared.js';
import type { CastStatus } from './cast-view.js';

// A CommonJS module whose names Node cannot list for an ES import: read them off the default.
const { WorkflowExecutionStatus: Status } = proto.temporal.api.enums.v1;

/** How Temporal closed a run, as a reader calls it. */
const closedPhases = new Map<number, CastStatus>([
  [Status.WORKFLOW_EXECUTION_STATUS_COMPLETED, 'completed'],
  [Status.WORKFLOW_EXECUTION_STATUS_FAILED, 'failed'],
  [Status.WORKFLOW_EXECUTION_STATUS_CANCELED, 'cancelled'],
  [Status.WORKFLOW_EXECUTION_STATUS_TERMINATED, 'terminated'],
  [Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, 'timed-out'],
]);

/**
 * The phase of a run from its Temporal status (the code of a description or a list entry): a
 * closed run's status is final whatever its state last said; an open one is in its state's phase.
 */
export function runPhase(
  status: number | null | undefined,
  state: CastState | undefined,
): CastStatus {
  return (
    closedPhases.get(status ?? Status.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED) ??
    state?.phase ??
    'queued'
  );
}

/** Whether Temporal has closed the run: its result (or failure) can be read. */
export function isClosed(status: number | null | undefined): boolean {
  return closedPhases.has(status ?? Status.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED);
}

import type { Client } from '@temporalio/client';
import { castWorkflowType, stateMemoKey, type CastState } from '../workflows/messages.js';
import { summaryMemoKey, type CastStatus, type CastSummaryInput } from './cast-view.js';
import { listRunPage, timestamp } from './list-page.js';

export { InvalidPageTokenError } from './list-page.js';

export interface CastListItem {
  id: string;
  runId: string;
  phase: CastStatus;
  startTime?: string;
  closeTime?: string;
  summary?: CastSummaryInput;
}

export interface CastPage {
  casts: CastListItem[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  nextPageToken?: string;
}

const closedPhases: Record<string, CastStatus> = {
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed-out',
};
const statusNames = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
];

export interface ListOptions {
  /** Only casts of this task queue: the ones this app started and may read and cancel. */
  taskQueue: string;
  pageSize?: number;
  pageToken?: string;
}

/**
 * Recent casts from Temporal's visibility store, newest first, one page at a time. Each run is
 * its own item: a cast that failed and ran again is listed twice, each with its own state.
 */
export async function listCasts(
  client: Client,
  { taskQueue, pageSize = 20, pageToken }: ListOptions,
): Promise<CastPage> {
  const page = await listRunPage(client, {
    workflowType: castWorkflowType,
    taskQueue,
    pageSize,
    ...(pageToken ? { pageToken } : {}),
  });
  const casts = page.runs.map(({ execution, memo }): CastListItem => {
    const status = statusNames[execution.status ?? 0] ?? 'UNSPECIFIED';
    const state = memo<CastState>(stateMemoKey);
    return {
      id: execution.execution?.workflowId ?? '',
      runId: execution.execution?.runId ?? '',
      phase: closedPhases[status] ?? state?.phase ?? 'queued',
      startTime: timestamp(execution.startTime),
      closeTime: timestamp(execution.closeTime),
      summary: memo<CastSummaryInput>(summaryMemoKey),
    };
  });
  return {
    casts,
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
  };
}

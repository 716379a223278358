import type { Client } from '@temporalio/client';
import {
  castWorkflowType,
  stateMemoKey,
  summaryMemoKey,
  type CastInputSummary,
  type CastState,
} from '../shared.js';
import { castSummary, type CastStatus, type CastSummary } from './cast-view.js';
import { listRunPage, timestamp } from './list-page.js';
import { runPhase } from './run-phase.js';

export { InvalidPageTokenError } from './list-page.js';

export interface CastListItem {
  id: string;
  runId: string;
  phase: CastStatus;
  startTime?: string;
  closeTime?: string;
  summary?: CastSummary;
}

export interface CastPage {
  casts: CastListItem[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  nextPageToken?: string;
}

export interface ListOptions {
  /** Only casts of this task queue: the ones this app started and may read and cancel. */
  taskQueue: string;
  pageSize?: number;
  pageToken?: string;
}

/** Recent casts of this task queue from Temporal's visibility store, newest first, a page at a time. */
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
    const state = memo<CastState>(stateMemoKey);
    return {
      id: execution.execution?.workflowId ?? '',
      runId: execution.execution?.runId ?? '',
      phase: runPhase(execution.status, state),
      startTime: timestamp(execution.startTime),
      closeTime: timestamp(execution.closeTime),
      summary: castSummary(memo<CastInputSummary>(summaryMemoKey), state?.target ?? ''),
    };
  });
  return {
    casts,
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
  };
}

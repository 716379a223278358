import type { Client } from '@temporalio/client';
import {
  batchStateMemoKey,
  batchSummaryMemoKey,
  batchWorkflowType,
  type BatchState,
} from '../workflows/batch-messages.js';
import { batchStatus } from './batch-status.js';
import type { BatchStatus, BatchSummary } from './batch-view.js';
import { listRunPage, timestamp } from './list-page.js';

/** A batch as a list shows it: what was asked, and its counts as of its last finished chunk. */
export interface BatchListItem {
  id: string;
  runId: string;
  status: BatchStatus;
  startTime?: string;
  closeTime?: string;
  summary?: BatchSummary;
  /** Rows of the chunks finished so far (all of them once the batch is done). */
  counts?: { total: number; succeeded: number; cached: number; failed: number };
}

export interface BatchPage {
  batches: BatchListItem[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  nextPageToken?: string;
}

export interface ListBatchesOptions {
  taskQueue: string;
  pageSize?: number;
  pageToken?: string;
}

/**
 * Recent batches, newest first, from Temporal's visibility store and their memos: no query,
 * no store read, so a list costs one call however many batches it shows.
 */
export async function listBatches(
  client: Client,
  { taskQueue, pageSize = 20, pageToken }: ListBatchesOptions,
): Promise<BatchPage> {
  const page = await listRunPage(client, {
    workflowType: batchWorkflowType,
    taskQueue,
    pageSize,
    ...(pageToken ? { pageToken } : {}),
  });
  const batches = page.runs.map(({ execution, memo }): BatchListItem => {
    const summary = memo<BatchSummary>(batchSummaryMemoKey);
    const state = memo<BatchState>(batchStateMemoKey);
    const startTime = timestamp(execution.startTime);
    const closeTime = timestamp(execution.closeTime);
    return {
      id: execution.execution?.workflowId ?? '',
      runId: execution.execution?.runId ?? '',
      status: batchStatus(execution.status),
      ...(startTime ? { startTime } : {}),
      ...(closeTime ? { closeTime } : {}),
      ...(summary ? { summary } : {}),
      ...(state ? { counts: { total: state.total, ...state.counts } } : {}),
    };
  });
  return {
    batches,
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
  };
}

import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { castWorkflowType, stateMemoKey, type CastState } from '../workflows/messages.js';
import { summaryMemoKey, type CastStatus, type CastSummaryInput } from './cast-view.js';

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

/** Recent casts from Temporal's visibility store, newest first, one page at a time. */
export async function listCasts(
  client: Client,
  { pageSize = 20, pageToken }: { pageSize?: number; pageToken?: string } = {},
): Promise<CastPage> {
  const response = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    pageSize,
    // Visibility returns the newest first; the dev server and SQL stores reject ORDER BY.
    query: `WorkflowType = '${castWorkflowType}'`,
    ...(pageToken ? { nextPageToken: Buffer.from(pageToken, 'base64url') } : {}),
  });
  const casts = (response.executions ?? []).map((execution): CastListItem => {
    const memo = execution.memo?.fields ?? {};
    const read = <T>(key: string) => {
      const payload = memo[key];
      return payload ? defaultPayloadConverter.fromPayload<T>(payload) : undefined;
    };
    const status = statusNames[execution.status ?? 0] ?? 'UNSPECIFIED';
    const state = read<CastState>(stateMemoKey);
    return {
      id: execution.execution?.workflowId ?? '',
      runId: execution.execution?.runId ?? '',
      phase: closedPhases[status] ?? state?.phase ?? 'queued',
      startTime: timestamp(execution.startTime),
      closeTime: timestamp(execution.closeTime),
      summary: read<CastSummaryInput>(summaryMemoKey),
    };
  });
  const next = response.nextPageToken;
  return {
    casts,
    ...(next && next.length > 0 ? { nextPageToken: Buffer.from(next).toString('base64url') } : {}),
  };
}

function timestamp(
  value?: { seconds?: unknown; nanos?: number | null } | null,
): string | undefined {
  if (!value?.seconds) return undefined;
  const ms = Number(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
}

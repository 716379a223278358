import type { Client } from '@temporalio/client';
import { castWorkflowType, stateMemoKey, type CastState } from '../workflows/messages.js';
import { summaryMemoKey, type CastStatus, type CastSummaryInput } from './cast-view.js';
import { decodeMemo } from './stored-payloads.js';

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

/** A page token this API did not hand out, or one the server no longer accepts. */
export class InvalidPageTokenError extends Error {
  override name = 'InvalidPageTokenError';
}

// Our tokens wrap the server's, so a token we never issued is refused here, at once: servers
// answer a foreign token with INVALID_ARGUMENT or UNKNOWN, and the client retries UNKNOWN for
// many seconds.
const tokenPrefix = 'typecast-page:';
const tokenDeadlineMs = 5_000;

function encodePageToken(serverToken: Uint8Array): string {
  return Buffer.from(tokenPrefix + Buffer.from(serverToken).toString('base64')).toString(
    'base64url',
  );
}

function decodePageToken(pageToken: string): Buffer {
  const text = Buffer.from(pageToken, 'base64url').toString('utf8');
  if (!text.startsWith(tokenPrefix)) throw new InvalidPageTokenError('unknown page token');
  return Buffer.from(text.slice(tokenPrefix.length), 'base64');
}

/**
 * gRPC INVALID_ARGUMENT, or UNKNOWN as the dev server answers a token it cannot read — which
 * the client retries until our deadline: DEADLINE_EXCEEDED.
 */
function refusesToken(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 3 || code === 2 || code === 4;
}

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
  const request = {
    namespace: client.options.namespace,
    pageSize,
    // Visibility returns the newest first; the dev server and SQL stores reject ORDER BY.
    query: `WorkflowType = ${queryString(castWorkflowType)} AND TaskQueue = ${queryString(taskQueue)}`,
  };
  const response = pageToken
    ? await client
        .withDeadline(Date.now() + tokenDeadlineMs, () =>
          client.workflowService.listWorkflowExecutions({
            ...request,
            nextPageToken: decodePageToken(pageToken),
          }),
        )
        .catch((err: unknown) => {
          if (refusesToken(err))
            throw new InvalidPageTokenError(`the server refused the page token: ${String(err)}`);
          throw err;
        })
    : await client.workflowService.listWorkflowExecutions(request);
  const casts = await Promise.all(
    (response.executions ?? []).map(async (execution): Promise<CastListItem> => {
      // As stored: encrypted. Decoded with the client's own codecs, which wrote it.
      const memo = await decodeMemo(client, execution.memo?.fields);
      const status = statusNames[execution.status ?? 0] ?? 'UNSPECIFIED';
      const state = memo[stateMemoKey] as CastState | undefined;
      return {
        id: execution.execution?.workflowId ?? '',
        runId: execution.execution?.runId ?? '',
        phase: closedPhases[status] ?? state?.phase ?? 'queued',
        startTime: timestamp(execution.startTime),
        closeTime: timestamp(execution.closeTime),
        summary: memo[summaryMemoKey] as CastSummaryInput | undefined,
      };
    }),
  );
  const next = response.nextPageToken;
  return {
    casts,
    ...(next && next.length > 0 ? { nextPageToken: encodePageToken(next) } : {}),
  };
}

/**
 * A string literal of Temporal's list filter: a quote is written twice, as in SQL. Backslashes
 * are escapes there, so configuration refuses them in task queue names.
 */
function queryString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function timestamp(
  value?: { seconds?: unknown; nanos?: number | null } | null,
): string | undefined {
  if (!value?.seconds) return undefined;
  const ms = Number(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
}

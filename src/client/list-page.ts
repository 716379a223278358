import { status as grpcStatus } from '@grpc/grpc-js';
import type { Client, RawWorkflowExecutionInfo } from '@temporalio/client';
import { decodeMemo } from './stored-payloads.js';

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
 * INVALID_ARGUMENT, or UNKNOWN as the dev server answers a token it cannot read — which the
 * client retries until our deadline: DEADLINE_EXCEEDED.
 */
const tokenRefusals = new Set<unknown>([
  grpcStatus.INVALID_ARGUMENT,
  grpcStatus.UNKNOWN,
  grpcStatus.DEADLINE_EXCEEDED,
]);

function refusesToken(err: unknown): boolean {
  return tokenRefusals.has((err as { code?: unknown }).code);
}

export interface RunPageOptions {
  workflowType: string;
  /** Only runs of this task queue: the ones this app started and may read and cancel. */
  taskQueue: string;
  pageSize: number;
  pageToken?: string;
}

/** One run of a page: the server's entry, and its memo decoded with the client's own converter. */
export interface ListedRun {
  execution: RawWorkflowExecutionInfo;
  memo<T>(key: string): T | undefined;
}

export interface RunPage {
  runs: ListedRun[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  nextPageToken?: string;
}

/**
 * Runs of one workflow type on one task queue from Temporal's visibility store, newest first,
 * one page at a time: the paging that the lists of casts and of batches share.
 */
export async function listRunPage(
  client: Client,
  { workflowType, taskQueue, pageSize, pageToken }: RunPageOptions,
): Promise<RunPage> {
  const request = {
    namespace: client.options.namespace,
    pageSize,
    // Visibility returns the newest first; the dev server and SQL stores reject ORDER BY.
    query: `WorkflowType = ${queryString(workflowType)} AND TaskQueue = ${queryString(taskQueue)}`,
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
  const runs = await Promise.all(
    (response.executions ?? []).map(async (execution): Promise<ListedRun> => {
      // As stored: encrypted. Decoded with the client's own converter, which wrote it.
      const memo = await decodeMemo(client, execution.memo?.fields);
      return { execution, memo: <T>(key: string) => memo[key] as T | undefined };
    }),
  );
  const next = response.nextPageToken;
  return {
    runs,
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

/** A visibility timestamp as ISO text. */
export function timestamp(
  value?: { seconds?: unknown; nanos?: number | null } | null,
): string | undefined {
  if (!value?.seconds) return undefined;
  const ms = Number(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
}
